package io.cloudsweep.engine.chat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Spaces a chat's messages per conversation (a Slack channel, a Teams conversation) so the platform's rate limits
 * are not met: each caller books the next free slot of its conversation and waits for it, so concurrent posters queue
 * in order rather than burst. Thread-safe.
 */
public final class Pacer {

    private final long everyNanos;
    private final Map<String, Long> nextSlot = new HashMap<>();

    /** One message per {@code every} per conversation; {@link Duration#ZERO} does not pace. */
    public Pacer(Duration every) {
        this.everyNanos = every.toNanos();
    }

    /** Waits until {@code conversation} may take another message, and books the slot after it. */
    public void await(String conversation) {
        long wait;
        synchronized (nextSlot) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlot.getOrDefault(conversation, now));
            nextSlot.put(conversation, slot + everyNanos);
            wait = slot - now;
        }
        pause(Duration.ofNanos(wait));
    }

    /**
     * Sleeps for {@code duration} (nothing when it is not positive), as pacing and retries do.
     *
     * @throws IllegalStateException when interrupted, with the interrupt flag kept
     */
    public static void pause(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to post", e);
        }
    }
}
