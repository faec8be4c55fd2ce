-- Rule thresholds an organization set from chat (`policy set ec2-idle.max-cpu-percent 3`), over the server's own
-- settings for that organization's scans only. The key is the setting's name without its `rules.` prefix; the value
-- was checked as the settings file's would be before it was stored.
CREATE TABLE organization_rule_thresholds (
    organization_id BIGINT      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    key             TEXT        NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    value           TEXT        NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
    set_by          TEXT        NOT NULL,
    set_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, key)
);
