package io.cloudsweep.engine.chat;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A scan's progress, passed on at most once per {@code every} (and always the last region's), so a chat edits its
 * one progress message in place without running into its rate limits. Thread-safe.
 */
public final class ProgressThrottle implements ChatListener {

    private final long everyNanos;
    private final Consumer<Card.ScanProgress> update;
    private long lastUpdate;
    private boolean updated;

    public ProgressThrottle(Duration every, Consumer<Card.ScanProgress> update) {
        this.everyNanos = every.toNanos();
        this.update = update;
    }

    @Override
    public synchronized void show(Card card) {
        if (!(card instanceof Card.ScanProgress progress)) {
            return;
        }
        long now = System.nanoTime();
        if (!updated || progress.regionsDone() == progress.regionsTotal() || now - lastUpdate >= everyNanos) {
            updated = true;
            lastUpdate = now;
            update.accept(progress);
        }
    }
}
