package io.cloudsweep.adapters.aws.fake;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A crash point: the first call of an action (once armed) waits in the fake until the test releases it, before AWS
 * acts on it or after, so the test can kill the caller exactly there. Released after the caller is dead, a call held
 * before acting is dropped, as a request cut off with its connection; one held after acting is answered into the
 * void. Thread-safe.
 */
public final class Hold {

    final String action;
    final boolean applied;
    /** The action whose first success arms this hold; null when armed from the start. */
    private final String armedBy;
    private volatile boolean armed;
    private boolean taken;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    Hold(String action, boolean applied, String armedBy) {
        this.action = action;
        this.applied = applied;
        this.armedBy = armedBy;
        this.armed = armedBy == null;
    }

    /** Waits for the held call to arrive; false when it did not within {@code within}. */
    public boolean awaitReached(Duration within) throws InterruptedException {
        return reached.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void release() {
        released.countDown();
    }

    /** Whether this call is the one to hold (at most one ever is). */
    synchronized boolean takes(String iamAction, boolean afterActing) {
        if (!armed || taken || afterActing != applied || !iamAction.equals(action)) {
            return false;
        }
        taken = true;
        return true;
    }

    void answered(String iamAction) {
        if (iamAction.equals(armedBy)) {
            armed = true;
        }
    }

    /** Holds the calling request thread until released. */
    void hold() {
        reached.countDown();
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
