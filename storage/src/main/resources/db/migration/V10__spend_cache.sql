-- AWS's own spend figures (Cost Explorer) for an account, kept a week: each Cost Explorer call is billed. A refusal is
-- kept too, so an account that does not grant ce:GetCostAndUsage is not asked again every time savings are shown.
CREATE TABLE spend_cache (
    organization_id  BIGINT       NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    account_id       TEXT         NOT NULL,
    first_cleanup    DATE         NOT NULL,
    resource_types   TEXT[]       NOT NULL,   -- the kinds of resource its cleanups touched, which name the services asked about
    fetched_at       TIMESTAMPTZ  NOT NULL,
    answer           JSONB        NOT NULL,   -- {"spend": {...}} or {"unavailable": "why"}
    PRIMARY KEY (organization_id, account_id)
);
