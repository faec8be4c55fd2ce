-- The open findings of an organization, costliest first, as the App Home's few and the findings list read them: with
-- 846,000 findings the scan and sort behind those took half a second (the few) and two (the list).
CREATE INDEX findings_open_by_cost ON findings (organization_id, monthly_cost_usd DESC NULLS LAST, id)
    WHERE status IN ('open', 'failed', 'rolled_back');
