-- The nightly audit export: one object per organization and day, written once. Each row says what its object holds and
-- the last hash of the organization's export chain, where the next object's chain starts.
CREATE TABLE audit_exports (
    organization_id  BIGINT      NOT NULL REFERENCES organizations (id),
    day              DATE        NOT NULL,
    object_key       TEXT        NOT NULL,
    entries          INT         NOT NULL CHECK (entries > 0),
    first_entry_id   BIGINT      NOT NULL,
    last_entry_id    BIGINT      NOT NULL,
    last_chain_hash  TEXT        NOT NULL CHECK (last_chain_hash ~ '^[0-9a-f]{64}$'),
    exported_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, day)
);
