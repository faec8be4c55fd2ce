package io.cloudsweep.storage;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Token buckets on the real database: a burst, then refusals that say how long to wait, shared by every caller. */
class RateLimitsTest {

    private final Database database = TestDatabase.get();

    @Test
    void aBurstOfTheCapacityPassesThenTheBucketSaysHowLongToWait() {
        RateLimits limits = new RateLimits(database);
        RateLimits.Limit fivePerMinute = new RateLimits.Limit(5, 5 / 60.0);

        for (int i = 0; i < 5; i++) {
            assertThat(limits.take("key:a", fivePerMinute)).as("take " + (i + 1)).isEmpty();
        }
        Optional<Duration> refused = limits.take("key:a", fivePerMinute);

        assertThat(refused).hasValueSatisfying(wait -> assertThat(wait).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(12)));
        assertThat(limits.take("key:b", fivePerMinute)).as("another bucket is its own").isEmpty();
    }

    @Test
    void twoReplicasDrawOnTheSameTokens() throws Exception {
        RateLimits one = new RateLimits(database);
        RateLimits two = new RateLimits(database);
        RateLimits.Limit ten = new RateLimits.Limit(10, 0.001);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> takes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                RateLimits replica = i % 2 == 0 ? one : two;
                takes.add(threads.submit((Callable<Boolean>) () -> replica.take("org:1", ten).isEmpty()));
            }
            int passed = 0;
            for (Future<Boolean> take : takes) {
                passed += take.get() ? 1 : 0;
            }
            assertThat(passed).as("the capacity, not twice it").isEqualTo(10);
        } finally {
            threads.shutdownNow();
        }
    }
}
