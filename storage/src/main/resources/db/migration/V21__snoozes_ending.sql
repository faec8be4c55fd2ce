-- The snoozed findings across every organization whose snooze has ended, in id order: what the periodic snooze sweep
-- reads each minute, however many findings are snoozed.
CREATE INDEX findings_snooze_ends ON findings (snoozed_until, id) WHERE status = 'snoozed';
