-- OAuth install states (Slack's /slack/install -> /slack/oauth_redirect): each is issued once, accepted once,
-- within its lifetime, on whichever replica the redirect lands.
CREATE TABLE oauth_states (
    platform    TEXT        NOT NULL CHECK (platform IN ('slack', 'teams')),
    state       TEXT        NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform, state)
);

CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);
