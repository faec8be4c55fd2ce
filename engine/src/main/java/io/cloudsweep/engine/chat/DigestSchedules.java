package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.store.Organization;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where digests are scheduled: per conversation, the weekly digest at a day and time, and the monthly report on the
 * 1st at the same time of day. Kept where every replica sees them and each fire time runs once (Quartz's clustered
 * job store in the server).
 */
public interface DigestSchedules {

    /** A conversation's digests as kept: as typed, in which zone, where, set by whom, and when each fires next. */
    record Scheduled(String words, String zone, Organization.Platform platform, String conversation, String setBy,
                     Optional<Instant> nextDigest, Optional<Instant> nextReport) {
    }

    /** Schedules digests in {@code conversation}, replacing its schedule; empty when done, else why not in words. */
    Optional<String> schedule(Organization organization, String conversation, ScanSchedule weekly, String actor);

    /** The organization's digest schedules, one per conversation. */
    List<Scheduled> scheduled(long organizationId);

    /** Removes the digests of {@code conversation}; false when there were none. */
    boolean off(long organizationId, String conversation);
}
