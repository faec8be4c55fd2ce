-- Scans asked for in a chat, queued for whichever replica takes them (the Quartz job carries only the id). An account
-- is in one active scan at a time: queuing takes the organization's advisory lock and looks for an active scan sharing
-- an account. A scan whose replica stopped reporting for a while no longer holds its accounts.
CREATE TABLE scan_runs (
    id              BIGSERIAL   PRIMARY KEY,
    organization_id BIGINT      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    conversation    TEXT        NOT NULL,
    message         TEXT        NOT NULL,
    user_id         TEXT        NOT NULL,
    user_role       TEXT        NOT NULL,
    account         TEXT,
    regions         TEXT[]      NOT NULL DEFAULT '{}',
    scheduled       BOOLEAN     NOT NULL,
    accounts        TEXT[]      NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    attempts        INT         NOT NULL DEFAULT 0,
    progress        TEXT,
    outcome         TEXT,
    queued_at       TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ
);

CREATE INDEX scan_runs_active ON scan_runs (organization_id) WHERE status IN ('queued', 'running');
