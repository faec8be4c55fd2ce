package io.cloudsweep.engine.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The append-only record of everything CloudSweep and its users did. Each entry is chained to the one
 * before by a SHA-256 hash, so a changed or deleted entry is caught by {@link #verify()}.
 */
public interface AuditLog {

    /** Appends an entry; returns its hash. */
    String append(Event event);

    /** Checks the whole chain: the first broken entry, or empty when every hash holds. */
    Optional<Break> verify();

    /** The organization's latest {@code count} entries, newest last. */
    default List<Entry> recent(long organizationId, int count) {
        return before(organizationId, Long.MAX_VALUE, count);
    }

    /** The organization's latest {@code count} entries older than entry {@code beforeId}, newest last. */
    List<Entry> before(long organizationId, long beforeId, int count);

    /** A stored entry. */
    record Entry(long id, Instant at, String actor, String action, String subject, Map<String, String> details) {
    }

    /** Something that happened: who did what to what, with details. */
    record Event(Optional<Long> organizationId, Instant at, String actor, String action, String subject, Map<String, String> details) {
        public Event {
            Objects.requireNonNull(organizationId, "organizationId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(subject, "subject");
            details = Map.copyOf(details);
        }
    }

    /** Where the chain breaks: the entry's id and what is wrong with it. */
    record Break(long entryId, String problem) {
    }
}
