package io.cloudsweep.engine.cleanup;

/** Where begun cleanups go to be run by a worker on some replica (Quartz in the server). */
public interface CleanupQueue {

    /** Queues cleanup {@code cleanupId}; queuing one that is queued or running already changes nothing. */
    void submit(long cleanupId);
}
