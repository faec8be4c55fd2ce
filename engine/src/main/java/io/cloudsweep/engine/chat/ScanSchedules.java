package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.store.Organization;

import java.time.Instant;
import java.util.Optional;

/**
 * Each organization's scheduled scan: when, and the conversation its results are posted in (where it was set). Kept
 * where every replica sees it and fires it once (Quartz's clustered job store in the server).
 */
public interface ScanSchedules {

    /** A schedule as kept: as typed, in which zone, posted where, set by whom, and when it fires next. */
    record Scheduled(String words, String zone, Organization.Platform platform, String conversation, String setBy, Optional<Instant> next) {
    }

    /** Schedules the organization's scans, replacing its schedule; empty when done, else why not in words. */
    Optional<String> schedule(Organization organization, String conversation, ScanSchedule schedule, String actor);

    Optional<Scheduled> scheduled(long organizationId);

    /** Removes the organization's schedule; false when there was none. */
    boolean off(long organizationId, String actor);
}
