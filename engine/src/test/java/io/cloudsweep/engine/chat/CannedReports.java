package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.report.DigestQueries;
import io.cloudsweep.engine.report.Realised;
import io.cloudsweep.engine.report.SavingsLedger;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.StoredFinding;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A digest's figures as the test sets them (the SQL behind them is tested on PostgreSQL): realised cleanups, moves and
 * what needs attention; open findings and open waste come from the in-memory findings, so cards carry real buttons.
 */
final class CannedReports implements DigestQueries, SavingsLedger {

    final List<Realised> realised = new CopyOnWriteArrayList<>();
    final List<Digest.SnoozeEnding> snoozes = new CopyOnWriteArrayList<>();
    final List<Digest.EndedCleanup> failed = new CopyOnWriteArrayList<>();
    final List<Digest.WaitingApproval> waiting = new CopyOnWriteArrayList<>();
    final List<Digest.CleanupLine> cleanups = new CopyOnWriteArrayList<>();
    final List<Digest.WastePoint> recorded = new CopyOnWriteArrayList<>();
    volatile Moves moves = new Moves(Digest.Tally.NONE, Digest.Tally.NONE, Digest.Tally.NONE);
    private final FindingQueries findings;

    CannedReports(FindingQueries findings) {
        this.findings = findings;
    }

    @Override
    public List<Realised> realised(long organizationId) {
        return List.copyOf(realised);
    }

    @Override
    public Digest.WastePoint recordWaste(long organizationId, Instant at) {
        List<StoredFinding> open = findings.open(organizationId, Optional.empty(), BigDecimal.ZERO);
        Digest.WastePoint point = new Digest.WastePoint(at, open.size(), open.stream()
                .map(f -> f.finding().monthlyCost().orElse(io.cloudsweep.engine.model.Money.ZERO))
                .reduce(io.cloudsweep.engine.model.Money.ZERO, io.cloudsweep.engine.model.Money::plus));
        recorded.add(point);
        return point;
    }

    @Override
    public List<Optional<Digest.WastePoint>> wasteAt(long organizationId, List<Instant> moments) {
        List<Optional<Digest.WastePoint>> points = new ArrayList<>();
        for (Instant moment : moments) {
            points.add(recorded.stream().filter(point -> !point.at().isAfter(moment)).reduce((first, second) -> second));
        }
        return points;
    }

    /** Digests built, in order. */
    final List<Digest> published = new CopyOnWriteArrayList<>();

    @Override
    public void published(long organizationId, Digest digest) {
        published.add(digest);
    }

    @Override
    public Moves moves(long organizationId, Instant from, Instant to) {
        return moves;
    }

    @Override
    public List<Digest.EndedCleanup> failedCleanups(long organizationId, Instant from, Instant to) {
        return List.copyOf(failed);
    }

    @Override
    public List<Digest.SnoozeEnding> snoozesEnding(long organizationId, Instant from, Instant to) {
        return List.copyOf(snoozes);
    }

    @Override
    public List<Digest.WaitingApproval> waitingApprovals(long organizationId, Instant before) {
        return List.copyOf(waiting);
    }

    @Override
    public List<StoredFinding> costliestOpen(long organizationId, int limit) {
        return findings.open(organizationId, Optional.empty(), BigDecimal.ZERO).stream().limit(limit).toList();
    }

    @Override
    public List<Digest.CleanupLine> cleanups(long organizationId, Instant from, Instant to) {
        return List.copyOf(cleanups);
    }
}
