package io.cloudsweep.engine.chat;

import java.time.Instant;

/**
 * Wakes a snoozed finding when its snooze ends: at {@code until}, on one replica, the finding is opened again and its
 * card posted where it was ({@link ConversationDriver#snoozeEnded}). Snoozing again moves the alarm. Thread-safe.
 */
@FunctionalInterface
public interface SnoozeAlarms {

    /** No alarms: snoozed findings open again at the first scan after their snooze ends. */
    SnoozeAlarms NONE = (organizationId, findingId, until) -> { };

    void wakeAt(long organizationId, long findingId, Instant until);
}
