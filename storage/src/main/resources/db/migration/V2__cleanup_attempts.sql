-- A finding may be cleaned up again after an attempt that changed nothing or was undone (failed, aborted,
-- rolled back, or a dry run). At most one cleanup per finding is under way or done for real at any time:
-- that index, not a key per request, is what makes a double click or a redelivered approval act once.
ALTER TABLE cleanups DROP CONSTRAINT cleanups_finding_id_key;
ALTER TABLE cleanups DROP COLUMN idempotency_key;
CREATE UNIQUE INDEX cleanups_one_in_force_per_finding ON cleanups (finding_id)
    WHERE state IN ('approved', 'validating', 'backing_up', 'executing', 'verifying') OR (state = 'done' AND NOT dry_run);
CREATE INDEX cleanups_by_finding ON cleanups (finding_id, id);
-- The approver's role when they approved, so a high-risk finding's second approval counts admins correctly.
ALTER TABLE decisions ADD COLUMN role TEXT CHECK (role IN ('admin', 'member', 'viewer'));
