-- Keys to the REST API: each has a role (viewer unless made otherwise); a live name is unique in its organization, and
-- a key is found by its visible prefix, then checked against its hash.
ALTER TABLE api_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'viewer' CHECK (role IN ('admin', 'member', 'viewer'));
CREATE UNIQUE INDEX api_keys_live_name ON api_keys (organization_id, name) WHERE revoked_at IS NULL;
CREATE UNIQUE INDEX api_keys_by_prefix ON api_keys (key_prefix);
-- The REST API pages an organization's findings in id order.
CREATE INDEX findings_by_organization_id ON findings (organization_id, id);
