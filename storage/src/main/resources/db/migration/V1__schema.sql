-- CloudSweep schema, version 1. Money is numeric, times are timestamptz, every state is checked.

CREATE TABLE organizations (
    id           BIGSERIAL PRIMARY KEY,
    platform     TEXT        NOT NULL CHECK (platform IN ('slack', 'teams', 'console')),
    external_id  TEXT        NOT NULL,   -- Slack team id, Teams tenant id, 'local' for the console
    name         TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (platform, external_id)
);

CREATE TABLE members (
    id               BIGSERIAL PRIMARY KEY,
    organization_id  BIGINT      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    chat_user_id     TEXT        NOT NULL,   -- Slack U..., Teams AAD object id, 'console'
    display_name     TEXT,
    role             TEXT        NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (organization_id, chat_user_id)
);

CREATE TABLE aws_accounts (
    id                BIGSERIAL PRIMARY KEY,
    organization_id   BIGINT      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    account_id        TEXT        NOT NULL CHECK (account_id ~ '^[0-9]{12}$'),
    name              TEXT        NOT NULL,
    role_arn          TEXT,
    external_id       TEXT,
    regions           TEXT[]      NOT NULL DEFAULT '{}',   -- empty: every region the account has enabled
    cleanups_enabled  BOOLEAN     NOT NULL DEFAULT false,  -- dry-run until an admin turns cleanups on
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (organization_id, account_id)
);

CREATE TABLE scans (
    id                  BIGSERIAL PRIMARY KEY,
    organization_id     BIGINT         NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    started_by          TEXT           NOT NULL,
    status              TEXT           NOT NULL CHECK (status IN ('running', 'completed', 'partial', 'failed')),
    started_at          TIMESTAMPTZ    NOT NULL,
    finished_at         TIMESTAMPTZ,
    regions_total       INTEGER        NOT NULL DEFAULT 0,
    regions_done        INTEGER        NOT NULL DEFAULT 0,
    resources_seen      INTEGER        NOT NULL DEFAULT 0,
    region_results      JSONB          NOT NULL DEFAULT '[]',  -- [{account_id, region, status, error, gaps}]
    findings_count      INTEGER        NOT NULL DEFAULT 0,
    monthly_cost_usd    NUMERIC(14, 2) NOT NULL DEFAULT 0,
    unknown_cost_count  INTEGER        NOT NULL DEFAULT 0
);
CREATE INDEX scans_by_organization ON scans (organization_id, started_at DESC);

CREATE TABLE findings (
    id                   BIGSERIAL PRIMARY KEY,
    organization_id      BIGINT         NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    account_id           TEXT           NOT NULL,
    region               TEXT           NOT NULL,
    resource_type        TEXT           NOT NULL,
    resource_id          TEXT           NOT NULL,
    resource_arn         TEXT           NOT NULL,
    rule_id              TEXT           NOT NULL,
    status               TEXT           NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'snoozed', 'rejected', 'approved',
                                            'cleaning', 'cleaned', 'failed', 'resolved', 'rolled_back')),
    first_seen           TIMESTAMPTZ    NOT NULL,
    last_seen            TIMESTAMPTZ    NOT NULL,
    first_scan_id        BIGINT         REFERENCES scans (id) ON DELETE SET NULL,
    last_scan_id         BIGINT         REFERENCES scans (id) ON DELETE SET NULL,
    monthly_cost_usd     NUMERIC(14, 2),                 -- null: unknown, see cost_unknown_reason
    cost_unknown_reason  TEXT,
    price_source         TEXT,
    price_date           DATE,
    risk                 TEXT           NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
    confidence           TEXT           NOT NULL CHECK (confidence IN ('low', 'medium', 'high')),
    action               TEXT           NOT NULL,
    reason               TEXT           NOT NULL,
    evidence             JSONB          NOT NULL DEFAULT '{}',
    tags                 JSONB          NOT NULL DEFAULT '{}',
    snoozed_until        TIMESTAMPTZ,
    resolved_at          TIMESTAMPTZ,
    card_chat            TEXT,           -- where its card was posted: slack | teams | console
    card_channel         TEXT,
    card_message_id      TEXT,
    updated_at           TIMESTAMPTZ    NOT NULL DEFAULT now(),
    CHECK ((monthly_cost_usd IS NULL) = (cost_unknown_reason IS NOT NULL)),
    UNIQUE (organization_id, account_id, region, resource_id, rule_id)
);
CREATE INDEX findings_by_status ON findings (organization_id, status, monthly_cost_usd DESC NULLS LAST);
CREATE INDEX findings_by_region ON findings (organization_id, account_id, region, last_scan_id);

CREATE TABLE decisions (
    id               BIGSERIAL PRIMARY KEY,
    organization_id  BIGINT      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    finding_id       BIGINT      NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    chat_user_id     TEXT        NOT NULL,
    decision         TEXT        NOT NULL CHECK (decision IN ('approve', 'snooze', 'reject')),
    reason           TEXT,
    snooze_until     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (decision <> 'snooze' OR snooze_until IS NOT NULL)
);
CREATE INDEX decisions_by_finding ON decisions (finding_id, created_at);

CREATE TABLE exclusions (
    id               BIGSERIAL PRIMARY KEY,
    organization_id  BIGINT      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    account_id       TEXT,
    resource_id      TEXT,        -- one resource ...
    tag_key          TEXT,        -- ... or every resource whose tag matches
    tag_value        TEXT,        -- a SQL LIKE pattern; null: any value
    rule_id          TEXT,        -- null: every rule
    reason           TEXT,
    created_by       TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    lifted_at        TIMESTAMPTZ,
    CHECK ((resource_id IS NOT NULL) <> (tag_key IS NOT NULL))
);
CREATE INDEX exclusions_in_force ON exclusions (organization_id) WHERE lifted_at IS NULL;

CREATE TABLE cleanups (
    id                BIGSERIAL PRIMARY KEY,
    organization_id   BIGINT      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    finding_id        BIGINT      NOT NULL UNIQUE REFERENCES findings (id) ON DELETE CASCADE,
    state             TEXT        NOT NULL CHECK (state IN ('approved', 'validating', 'backing_up', 'executing', 'verifying',
                                      'done', 'failed', 'aborted', 'rolled_back')),
    idempotency_key   TEXT        NOT NULL UNIQUE,
    dry_run           BOOLEAN     NOT NULL,
    backup_id         TEXT,
    step_log          JSONB       NOT NULL DEFAULT '[]',
    error             TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX cleanups_unfinished ON cleanups (state) WHERE state NOT IN ('done', 'failed', 'aborted', 'rolled_back');

-- Append-only: every row carries the SHA-256 of the previous row's hash and its own canonical content.
CREATE TABLE audit_log (
    id               BIGSERIAL PRIMARY KEY,
    organization_id  BIGINT      REFERENCES organizations (id),
    occurred_at      TIMESTAMPTZ NOT NULL,
    actor            TEXT        NOT NULL,
    action           TEXT        NOT NULL,
    subject          TEXT        NOT NULL,
    details          JSONB       NOT NULL DEFAULT '{}',
    prev_hash        TEXT        NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash             TEXT        NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_by_organization ON audit_log (organization_id, id DESC);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- Secrets (Slack bot tokens, Teams conversation references) only as AES-GCM ciphertext.
CREATE TABLE chat_installations (
    id                 BIGSERIAL PRIMARY KEY,
    organization_id    BIGINT      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    platform           TEXT        NOT NULL CHECK (platform IN ('slack', 'teams')),
    installation_key   TEXT        NOT NULL,   -- Slack team id (+ enterprise id), Teams conversation id
    bot_user_id        TEXT,
    installer_user_id  TEXT,
    secret_ciphertext  BYTEA       NOT NULL,   -- nonce || ciphertext || tag, AES-256-GCM
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at         TIMESTAMPTZ,
    UNIQUE (platform, installation_key)
);

CREATE TABLE api_keys (
    id               BIGSERIAL PRIMARY KEY,
    organization_id  BIGINT      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name             TEXT        NOT NULL,
    key_prefix       TEXT        NOT NULL,           -- the first characters, to recognise a key in lists
    key_hash         TEXT        NOT NULL UNIQUE,    -- SHA-256 hex of the key; the key itself is never stored
    created_by       TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at     TIMESTAMPTZ,
    revoked_at       TIMESTAMPTZ
);

CREATE TABLE price_cache (
    service     TEXT        NOT NULL,
    region      TEXT        NOT NULL,
    item        TEXT        NOT NULL,
    usd         NUMERIC(20, 10),                      -- null: AWS had no price for it
    unit        TEXT,
    effective   DATE,
    source      TEXT,
    fetched_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (service, region, item)
);
