package io.cloudsweep.adapters.teams;

import org.slf4j.MDC;

import java.util.Map;
import java.util.function.Supplier;

/** What a request's log lines carry (its request id), carried to the thread that does its work later. */
final class LogContext {

    private LogContext() {
    }

    /** {@code task}, to run with the logging context of the thread that calls this. */
    static Runnable carried(Runnable task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> within(context, () -> {
            task.run();
            return null;
        });
    }

    /**
     * {@code work}'s answer, computed with {@code context} as the logging context: the Bot Framework runs a turn on
     * whichever thread finished checking its token.
     */
    static <T> T within(Map<String, String> context, Supplier<T> work) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        MDC.setContextMap(context == null ? Map.of() : context);
        try {
            return work.get();
        } finally {
            MDC.setContextMap(before == null ? Map.of() : before);
        }
    }
}
