-- Notifications that leave CloudSweep (email, webhooks) go through an outbox: an event is written here in the same
-- transaction as the change that caused it, one row per target, and delivered by a job on any replica, retried with
-- backoff. A row's idempotency key goes with every attempt, so a receiver can tell a retry from a new event.
CREATE TABLE notify_targets (
    id                 BIGSERIAL      PRIMARY KEY,
    organization_id    BIGINT         NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind               TEXT           NOT NULL CHECK (kind IN ('email', 'webhook')),
    address            TEXT           NOT NULL,   -- an email address, or the webhook's URL
    secret_ciphertext  BYTEA,                     -- a webhook's signing secret, AES-GCM sealed like chat tokens
    events             TEXT[]         NOT NULL,
    min_monthly_usd    NUMERIC(14, 2) NOT NULL DEFAULT 0,   -- findings.new only when the new findings cost this much a month
    platform           TEXT           NOT NULL,   -- where it was added, and where its trouble is told
    conversation       TEXT           NOT NULL,
    created_by         TEXT           NOT NULL,
    created_at         TIMESTAMPTZ    NOT NULL,
    disabled_at        TIMESTAMPTZ,                -- a delivery used every attempt: its events wait until it is enabled again
    disabled_reason    TEXT,
    UNIQUE (organization_id, kind, address),
    CHECK ((kind = 'webhook') = (secret_ciphertext IS NOT NULL))
);

CREATE TABLE outbox (
    id                BIGSERIAL    PRIMARY KEY,
    organization_id   BIGINT       NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    target_id         BIGINT       NOT NULL REFERENCES notify_targets (id) ON DELETE CASCADE,
    event             TEXT         NOT NULL,
    idempotency_key   TEXT         NOT NULL UNIQUE,
    payload           JSONB        NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    status            TEXT         NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered')),
    attempts          INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ  NOT NULL,
    delivered_at      TIMESTAMPTZ,
    last_error        TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';

-- Approvals waiting for a second admin get one reminder each.
ALTER TABLE decisions ADD COLUMN reminded_at TIMESTAMPTZ;
