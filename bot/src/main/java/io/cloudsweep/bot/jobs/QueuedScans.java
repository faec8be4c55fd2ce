package io.cloudsweep.bot.jobs;

import io.cloudsweep.engine.chat.ScanQueue;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.RateLimits;
import io.cloudsweep.storage.ScanRuns;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The chats' scans, kept in the database and run as Quartz jobs on any replica. The terminal's are the exception:
 * only the process that shows the terminal can write to it, so its scans are claimed like any other and run there.
 * An organization may start a burst of scans, then one every little while (buckets every replica shares); scheduled
 * scans are not counted, since the organization chose them.
 */
public final class QueuedScans implements ScanQueue {

    /** Ten scans at once, then one a minute, for each organization. */
    public static final RateLimits.Limit DEFAULT_LIMIT = new RateLimits.Limit(10, 1.0 / 60);

    private final ScanRuns runs;
    private final JobScheduler scheduler;
    private final RateLimits buckets;
    private final RateLimits.Limit limit;

    public QueuedScans(ScanRuns runs, JobScheduler scheduler, RateLimits buckets, RateLimits.Limit limit) {
        this.runs = runs;
        this.scheduler = scheduler;
        this.buckets = buckets;
        this.limit = limit;
    }

    @Override
    public Claim queue(Order order) {
        if (!order.scheduled()) {
            Optional<Duration> wait = buckets.take("scans:" + order.organizationId(), limit);
            if (wait.isPresent()) {
                return new Claim.Limited(wait.get());
            }
        }
        Claim claim = runs.claim(order);
        if (!(claim instanceof Claim.Accepted accepted)) {
            return claim;
        }
        long id = accepted.scan().id();
        if (order.platform() == Organization.Platform.CONSOLE && !order.headless()) {
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
    public void finished(long id, String outcome, OptionalLong stored) {
        runs.finished(id, outcome, stored);
    }
}
