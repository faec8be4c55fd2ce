package io.cloudsweep.engine.chat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ChatWorkTest {

    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Test
    void aFailedTaskIsReportedAndTheOthersStillRun() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        try (ChatWork work = new ChatWork("test-work", 2, failures::add)) {
            work.submit(() -> {
                throw new IllegalStateException("the Web API said no");
            });
            work.submit(ran::countDown);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("the Web API said no");
    }

    @Test
    void tasksRunBelowTheThreadsThatAcknowledgeRequests() throws InterruptedException {
        List<Integer> priorities = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(3);
        try (ChatWork work = new ChatWork("test-work", 2, failures::add)) {
            for (int task = 0; task < 3; task++) {
                work.submit(() -> {
                    priorities.add(Thread.currentThread().getPriority());
                    ran.countDown();
                });
            }
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(priorities).containsOnly(Thread.MIN_PRIORITY).hasSize(3);
    }

    @Test
    void aTaskRefusedAfterStoppingIsNotWaitedFor() throws InterruptedException {
        ChatWork work = new ChatWork("test-work", 1, failures::add);
        work.close();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> work.submit(() -> { }))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
        assertThat(work.awaitIdle(java.time.Duration.ZERO)).as("the refused task is not pending").isTrue();
    }

    @Test
    void idleOnlyOnceEveryTaskSubmittedHasFinished() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<String> done = new CopyOnWriteArrayList<>();
        try (ChatWork work = new ChatWork("test-work", 2, failures::add)) {
            assertThat(work.awaitIdle(java.time.Duration.ZERO)).as("nothing submitted").isTrue();
            work.submit(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.add("blocked");
            });
            assertThat(work.awaitIdle(java.time.Duration.ofMillis(50))).as("a task is still running").isFalse();
            release.countDown();
            assertThat(work.awaitIdle(java.time.Duration.ofSeconds(5))).isTrue();
            assertThat(done).containsExactly("blocked");
        }
    }

    @Test
    void stoppingLetsTasksUnderWayFinish() throws InterruptedException {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch underWay = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ChatWork work = new ChatWork("test-work", 1, failures::add);
        work.submit(() -> {
            underWay.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.add("first");
        });
        work.submit(() -> done.add("second"));
        assertThat(underWay.await(5, TimeUnit.SECONDS)).isTrue();
        Thread stopping = new Thread(work::close);
        stopping.start();
        // stopping has begun once new work is refused; only then may the task under way go on
        while (acceptsWork(work)) {
            if (!stopping.isAlive()) {
                break;
            }
        }
        release.countDown();
        stopping.join(10_000);

        assertThat(stopping.isAlive()).isFalse();
        assertThat(done).containsExactly("first", "second");
        assertThat(failures).isEmpty();
    }

    /** Whether {@code work} still takes a task: from the moment it is stopping, it refuses them. */
    private static boolean acceptsWork(ChatWork work) {
        try {
            work.submit(() -> { });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }
}
