-- The first answer to each Idempotency-Key of an organization's API calls, replayed when the key comes again; kept a day.
CREATE TABLE api_idempotency (
    organization_id  BIGINT      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    idempotency_key  TEXT        NOT NULL,
    request          TEXT        NOT NULL,   -- method, path and body's SHA-256: the same key for another request is refused
    status           INT         NOT NULL,
    body             TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, idempotency_key)
);
