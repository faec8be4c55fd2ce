-- A queued scan's stored result, once it has one, so that a scan started through the API can be followed from its
-- queuing to its findings under one id; and how it was asked for when not in a chat (an API key: apikey:<name>). A scan
-- asked for through the API has no conversation: conversation and message are empty.
ALTER TABLE scan_runs ADD COLUMN scan_id BIGINT REFERENCES scans (id) ON DELETE SET NULL;
ALTER TABLE scan_runs ADD COLUMN via TEXT;
CREATE INDEX scan_runs_by_organization ON scan_runs (organization_id, id DESC);
