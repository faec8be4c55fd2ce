-- A chat channel can take notifications too (`notify add here`): its address is the conversation it was added in.
ALTER TABLE notify_targets DROP CONSTRAINT notify_targets_kind_check;
ALTER TABLE notify_targets ADD CONSTRAINT notify_targets_kind_check CHECK (kind IN ('email', 'webhook', 'chat'));
