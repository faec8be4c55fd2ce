package io.cloudsweep.engine.chat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The threads a chat does its slow work on after acknowledging a request (scans, clicks, answers), at the lowest
 * priority. A task that fails is reported, never lost silently; stopping lets tasks under way finish for a few seconds
 * and reports what was dropped. Thread-safe.
 */
public final class ChatWork implements AutoCloseable {

    private static final long DRAIN_SECONDS = 5;

    private final String name;
    private final ExecutorService threads;
    private final Consumer<Throwable> failures;
    private final UnaryOperator<Runnable> carry;
    /** Tasks submitted and not yet finished; guarded by itself, notified when it reaches zero. */
    private final Object idle = new Object();
    private int pending;

    /** @param failures hears every task that failed, and the tasks dropped when stopping */
    public ChatWork(String name, int threads, Consumer<Throwable> failures) {
        this(name, threads, failures, UnaryOperator.identity());
    }

    /**
     * @param carry wraps each task, on the thread that submits it, so it runs with what that thread knew (the chat's
     *              logging context: the request it came from)
     */
    public ChatWork(String name, int threads, Consumer<Throwable> failures, UnaryOperator<Runnable> carry) {
        this.name = name;
        this.failures = failures;
        this.carry = carry;
        this.threads = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            // Below the threads that acknowledge requests, which must answer within Slack's 3 s however busy the work
            // is. The operating system heeds it when the JVM runs with -XX:ThreadPriorityPolicy=1, at nice 19 with
            // -XX:JavaPriority1_To_OSPriority=19 (the Dockerfile's).
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
    }

    public void submit(Runnable task) {
        synchronized (idle) {
            pending++;
        }
        Runnable carried = carry.apply(task);
        try {
            threads.submit(() -> {
                try {
                    carried.run();
                } catch (Throwable e) {
                    failures.accept(e);
                } finally {
                    finished();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            finished();
            throw e;
        }
    }

    private void finished() {
        synchronized (idle) {
            if (--pending == 0) {
                idle.notifyAll();
            }
        }
    }

    /** Waits until every task submitted so far has finished, for at most {@code longest}; whether they all did. */
    public boolean awaitIdle(Duration longest) throws InterruptedException {
        long deadline = System.nanoTime() + longest.toNanos();
        synchronized (idle) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
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
