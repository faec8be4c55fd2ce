package io.cloudsweep.engine.report;

import io.cloudsweep.engine.store.StoredFinding;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where a digest's figures are read from: the organization's findings, cleanups and recorded open waste. */
public interface DigestQueries {

    /** Open waste now (open, failed and rolled-back findings), recorded as a point of the trend. */
    Digest.WastePoint recordWaste(long organizationId, Instant at);

    /** Open waste as last recorded at or before each of {@code moments}, in their order; empty where nothing was recorded by then. */
    List<Optional<Digest.WastePoint>> wasteAt(long organizationId, List<Instant> moments);

    /** What moved in [{@code from}, {@code to}): findings first seen, findings resolved, cleanups done for real. */
    Moves moves(long organizationId, Instant from, Instant to);

    /** Cleanups that failed or were aborted in [{@code from}, {@code to}), latest first. */
    List<Digest.EndedCleanup> failedCleanups(long organizationId, Instant from, Instant to);

    /** Snoozes ending in [{@code from}, {@code to}), soonest first. */
    List<Digest.SnoozeEnding> snoozesEnding(long organizationId, Instant from, Instant to);

    /** Open findings with an approval given before {@code before} and still waiting for a second, oldest first. */
    List<Digest.WaitingApproval> waitingApprovals(long organizationId, Instant before);

    /** The costliest open findings, at most {@code limit}. */
    List<StoredFinding> costliestOpen(long organizationId, int limit);

    /** Cleanups done, undone, failed or aborted in [{@code from}, {@code to}), with what each saves a month. */
    List<Digest.CleanupLine> cleanups(long organizationId, Instant from, Instant to);

    /** A digest was built: its {@code digest.ready} notification is written for the targets that take it. */
    void published(long organizationId, Digest digest);

    /** The period's moves: findings first seen, resolved, and cleaned up for real. */
    record Moves(Digest.Tally fresh, Digest.Tally resolved, Digest.Tally cleaned) {
    }
}
