package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.scan.CloudInventory;
import io.cloudsweep.engine.scan.InventoryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedReadsTest {

    private static final Account ACCOUNT = new Account("123456789012", "prod");
    private static final Region EU = Region.of("eu-west-1");
    private static final Region US = Region.of("us-east-1");

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** A cloud whose reads each wait for a permit, and which remembers every inventory it handed out. */
    private static final class GatedCloud implements CloudInventory {
        final Semaphore permits = new Semaphore(0);
        final CountDownLatch firstBegun = new CountDownLatch(1);
        final List<RegionInventory> reads = new CopyOnWriteArrayList<>();
        volatile String failWith;

        @Override
        public List<Region> enabledRegions(Account account) {
            return List.of(EU, US);
        }

        @Override
        public RegionInventory describe(Account account, Region region) {
            firstBegun.countDown();
            permits.acquireUninterruptibly();
            if (failWith != null) {
                throw new InventoryException(failWith);
            }
            RegionInventory read = new RegionInventory(account, region, List.of());
            reads.add(read);
            return read;
        }

        @Override
        public MetricData metrics(Account account, Region region, List<MetricQuery> queries, Instant now) {
            return MetricData.NONE;
        }
    }

    @Test
    void callersWhoAskWhileAReadIsUnderWayShareTheNextReadNeverTheOneUnderWay() throws Exception {
        GatedCloud cloud = new GatedCloud();
        SharedReads shared = new SharedReads(cloud);
        Future<RegionInventory> first = firstReadUnderWay(cloud, shared);
        List<Future<RegionInventory>> later = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            later.add(threads.submit(() -> shared.describe(ACCOUNT, EU)));
        }
        await(() -> shared.waitingToBegin(ACCOUNT, EU) == 10);

        cloud.permits.release(2);

        assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(cloud.reads.get(0));
        for (Future<RegionInventory> read : later) {
            assertThat(read.get(10, TimeUnit.SECONDS)).as("a read begun after the caller asked").isSameAs(cloud.reads.get(1));
        }
        assertThat(cloud.reads).as("reads of the region").hasSize(2);
    }

    @Test
    void aFailedReadFailsEveryoneWhoSharedItAndTheNextReadIsFresh() throws Exception {
        GatedCloud cloud = new GatedCloud();
        SharedReads shared = new SharedReads(cloud);
        Future<RegionInventory> first = firstReadUnderWay(cloud, shared);
        List<Future<RegionInventory>> sharing = List.of(threads.submit(() -> shared.describe(ACCOUNT, EU)),
                threads.submit(() -> shared.describe(ACCOUNT, EU)));
        await(() -> shared.waitingToBegin(ACCOUNT, EU) == 2);
        cloud.permits.release();
        first.get(10, TimeUnit.SECONDS);

        cloud.failWith = "ec2:DescribeVolumes throttled in eu-west-1";
        cloud.permits.release();
        for (Future<RegionInventory> read : sharing) {
            assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InventoryException.class)
                    .hasRootCauseMessage("ec2:DescribeVolumes throttled in eu-west-1");
        }

        cloud.failWith = null;
        cloud.permits.release();
        assertThat(shared.describe(ACCOUNT, EU)).isSameAs(cloud.reads.get(1));
    }

    @Test
    void regionsAreReadApart() throws Exception {
        GatedCloud cloud = new GatedCloud();
        SharedReads shared = new SharedReads(cloud);
        Future<RegionInventory> eu = firstReadUnderWay(cloud, shared);
        Future<RegionInventory> us = threads.submit(() -> shared.describe(ACCOUNT, US));
        // The read of us-east-1 does not wait behind eu-west-1's: it begins at once and takes a permit of its own.
        await(() -> cloud.permits.hasQueuedThreads() && cloud.permits.getQueueLength() == 2);
        cloud.permits.release(2);
        assertThat(eu.get(10, TimeUnit.SECONDS).region()).isEqualTo(EU);
        assertThat(us.get(10, TimeUnit.SECONDS).region()).isEqualTo(US);
        assertThat(shared.enabledRegions(ACCOUNT)).containsExactly(EU, US);
    }

    /** Asks for eu-west-1 on a thread of its own and returns once that read has begun (and waits for its permit). */
    private Future<RegionInventory> firstReadUnderWay(GatedCloud cloud, SharedReads shared) throws InterruptedException {
        Future<RegionInventory> first = threads.submit(() -> shared.describe(ACCOUNT, EU));
        assertThat(cloud.firstBegun.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private static void await(BooleanSupplier condition) {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 10 s for the callers to line up").isBefore(giveUp);
            Thread.onSpinWait();
        }
    }
}
