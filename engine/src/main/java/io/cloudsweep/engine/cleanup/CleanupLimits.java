package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.config.Settings;

import java.time.Duration;

/**
 * How much cleaning up is allowed: at most {@code perAccountPerHour} cleanups started per account in any hour
 * (a runaway approval spree stops there), undo offered for {@code undoWindow} after a cleanup is done, and at most
 * {@code workers} cleanups run at once on each replica.
 */
public record CleanupLimits(int perAccountPerHour, Duration undoWindow, int workers) {

    public static final int DEFAULT_PER_ACCOUNT_PER_HOUR = 50;
    public static final int DEFAULT_UNDO_WINDOW_DAYS = 7;
    public static final int DEFAULT_WORKERS = 2;
    public static final int MAX_WORKERS = 64;

    public CleanupLimits {
        if (perAccountPerHour < 1) {
            throw new IllegalArgumentException("the cleanup cap must be at least 1 an hour");
        }
        if (undoWindow.isNegative()) {
            throw new IllegalArgumentException("the undo window cannot be negative");
        }
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("cleanup workers must be between 1 and " + MAX_WORKERS);
        }
    }

    public CleanupLimits(int perAccountPerHour, Duration undoWindow) {
        this(perAccountPerHour, undoWindow, DEFAULT_WORKERS);
    }

    public static CleanupLimits defaults() {
        return from(Settings.empty());
    }

    /** Reads {@code cleanup.max-per-account-per-hour}, {@code cleanup.undo-window-days} and {@code cleanup.workers}. */
    public static CleanupLimits from(Settings settings) {
        return new CleanupLimits(
                settings.integer("cleanup.max-per-account-per-hour", DEFAULT_PER_ACCOUNT_PER_HOUR, 1, 10_000),
                Duration.ofDays(settings.integer("cleanup.undo-window-days", DEFAULT_UNDO_WINDOW_DAYS, 0, 365)),
                settings.integer("cleanup.workers", DEFAULT_WORKERS, 1, MAX_WORKERS));
    }
}
