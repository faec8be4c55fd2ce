-- Realised savings. A cleanup done for real saves its finding's monthly cost from the moment it finished until it is
-- undone; the amount is kept on the cleanup as it was then, so later scans of the finding do not rewrite history.
ALTER TABLE cleanups
    ADD COLUMN done_at             TIMESTAMPTZ,
    ADD COLUMN undone_at           TIMESTAMPTZ,
    ADD COLUMN monthly_saving_usd  NUMERIC(14, 2);

-- Cleanups finished before this version: their times from the step log, their amount from the finding.
UPDATE cleanups c SET
    done_at = (SELECT min((step ->> 'at')::timestamptz) FROM jsonb_array_elements(c.step_log) step WHERE step ->> 'state' = 'done'),
    undone_at = (SELECT min((step ->> 'at')::timestamptz) FROM jsonb_array_elements(c.step_log) step WHERE step ->> 'state' = 'rolled_back'),
    monthly_saving_usd = (SELECT f.monthly_cost_usd FROM findings f WHERE f.id = c.finding_id)
WHERE c.state IN ('done', 'rolled_back');

CREATE INDEX cleanups_realised ON cleanups (organization_id, done_at) WHERE done_at IS NOT NULL AND NOT dry_run;
CREATE INDEX cleanups_ended ON cleanups (organization_id, updated_at) WHERE state IN ('failed', 'aborted');

-- Open waste over time, for the digest's trend: a point after each stored scan and each digest.
CREATE TABLE waste_history (
    id                BIGSERIAL      PRIMARY KEY,
    organization_id   BIGINT         NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    at                TIMESTAMPTZ    NOT NULL,
    open_findings     INTEGER        NOT NULL,
    open_monthly_usd  NUMERIC(14, 2) NOT NULL
);
CREATE INDEX waste_history_by_organization ON waste_history (organization_id, at DESC);

-- The digest's week: what was first seen, resolved, or whose snooze ends in a window.
CREATE INDEX findings_first_seen ON findings (organization_id, first_seen);
CREATE INDEX findings_resolved_at ON findings (organization_id, resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX findings_snoozed_until ON findings (organization_id, snoozed_until) WHERE status = 'snoozed';
