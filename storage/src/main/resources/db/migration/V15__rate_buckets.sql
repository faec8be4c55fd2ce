-- Token buckets shared by every replica: one row per bucket (an API key, an organization), refilled by the time since
-- its last take, so two replicas draw on the same tokens.
CREATE TABLE rate_buckets (
    bucket      TEXT             PRIMARY KEY,
    tokens      DOUBLE PRECISION NOT NULL,
    updated_at  TIMESTAMPTZ      NOT NULL
);
