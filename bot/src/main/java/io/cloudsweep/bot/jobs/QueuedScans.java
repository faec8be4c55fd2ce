package io.cloudsweep.bot.jobs;

import io.cloudsweep.engine.chat.ScanQueue;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.ScanRuns;

import java.util.Optional;

/**
 * The chats' scans, kept in the database and run as Quartz jobs on any replica. The terminal's are the exception:
 * only the process that shows the terminal can write to it, so its scans are claimed like any other and run there.
 */
public final class QueuedScans implements ScanQueue {

    private final ScanRuns runs;
    private final JobScheduler scheduler;

    public QueuedScans(ScanRuns runs, JobScheduler scheduler) {
        this.runs = runs;
        this.scheduler = scheduler;
    }

    @Override
    public Claim queue(Order order) {
        Claim claim = runs.claim(order);
        if (!(claim instanceof Claim.Accepted accepted)) {
            return claim;
        }
        long id = accepted.scan().id();
        if (order.platform() == Organization.Platform.CONSOLE) {
            return new Claim.Accepted(runs.take(id).orElseThrow(), true);
        }
        try {
            scheduler.submitScan(id);
        } catch (IllegalStateException e) {
            runs.finished(id, "failed: " + e.getMessage());
            throw e;
        }
        return claim;
    }

    @Override
    public Optional<QueuedScan> take(long id) {
        return runs.take(id);
    }

    @Override
    public void progress(long id, String progress) {
        runs.progress(id, progress);
    }

    @Override
    public void finished(long id, String outcome) {
        runs.finished(id, outcome);
    }
}
