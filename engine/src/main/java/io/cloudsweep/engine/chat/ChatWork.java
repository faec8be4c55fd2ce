package io.cloudsweep.engine.chat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The threads a chat does its slow work on after acknowledging a request (scans, clicks, answers). A task that
 * fails is reported, never lost silently; stopping lets tasks under way finish for a few seconds and reports what
 * was dropped. Thread-safe.
 */
public final class ChatWork implements AutoCloseable {

    private static final long DRAIN_SECONDS = 5;

    private final String name;
    private final ExecutorService threads;
    private final Consumer<Throwable> failures;

    /** @param failures hears every task that failed, and the tasks dropped when stopping */
    public ChatWork(String name, int threads, Consumer<Throwable> failures) {
        this.name = name;
        this.failures = failures;
        this.threads = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    public void submit(Runnable task) {
        threads.submit(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                failures.accept(e);
            }
        });
    }

    @Override
    public void close() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                failures.accept(new IllegalStateException("stopping: " + threads.shutdownNow().size() + " " + name + " tasks not finished are dropped"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
