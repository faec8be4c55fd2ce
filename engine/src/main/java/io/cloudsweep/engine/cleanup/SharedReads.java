package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.scan.CloudInventory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live regions that cleanups re-check, read once for everyone who asks at about the same time. A thousand
 * approved cleanups in one region would otherwise each describe the whole region three times and spend AWS's
 * read buckets many times over before the first deletion.
 *
 * <p>Each read is still live for whoever asked: a caller joins the next read of its account and region that has
 * not begun, never one already under way, so what it gets was read after it asked. One read of a region runs at a
 * time; the callers who arrive meanwhile share the one after it. A failed read fails everyone who shared it.
 * Metrics and the region list pass straight through. Thread-safe.
 */
public final class SharedReads implements CloudInventory {

    private final CloudInventory cloud;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    public SharedReads(CloudInventory cloud) {
        this.cloud = Objects.requireNonNull(cloud, "cloud");
    }

    @Override
    public List<Region> enabledRegions(Account account) {
        return cloud.enabledRegions(account);
    }

    @Override
    public RegionInventory describe(Account account, Region region) {
        Lane lane = lanes.computeIfAbsent(account.id() + "/" + region.code(), key -> new Lane());
        Read read;
        boolean leads;
        synchronized (lane) {
            leads = lane.open == null;
            if (leads) {
                lane.open = new Read(lane.last);
                lane.last = lane.open.result;
            }
            read = lane.open;
            read.callers++;
        }
        if (leads) {
            read.after.handle((ignored, failure) -> null).join();
            synchronized (lane) {
                lane.open = null;
            }
            try {
                read.result.complete(cloud.describe(account, region));
            } catch (RuntimeException e) {
                read.result.completeExceptionally(e);
            }
        }
        try {
            return read.result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    @Override
    public MetricData metrics(Account account, Region region, List<MetricQuery> queries, Instant now) {
        return cloud.metrics(account, region, queries, now);
    }

    /** How many callers wait for the read of {@code account}'s {@code region} that has not begun: for tests. */
    int waitingToBegin(Account account, Region region) {
        Lane lane = lanes.get(account.id() + "/" + region.code());
        if (lane == null) {
            return 0;
        }
        synchronized (lane) {
            return lane.open == null ? 0 : lane.open.callers;
        }
    }

    /** The reads of one account and region: the one still open to joiners, and the last one begun or queued. */
    private static final class Lane {
        private Read open;
        private CompletableFuture<RegionInventory> last = CompletableFuture.completedFuture(null);
    }

    /** One read, begun once the read before it ({@code after}) has ended. */
    private static final class Read {
        private final CompletableFuture<RegionInventory> after;
        private final CompletableFuture<RegionInventory> result = new CompletableFuture<>();
        private int callers;

        Read(CompletableFuture<RegionInventory> after) {
            this.after = after;
        }
    }
}
