package io.cloudsweep.adapters.slack;

import org.slf4j.MDC;

import java.util.Map;

/** What a request's log lines carry (its request id), carried to the thread that does its work later. */
final class LogContext {

    private LogContext() {
    }

    /** {@code task}, to run with the logging context of the thread that calls this. */
    static Runnable carried(Runnable task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            MDC.setContextMap(context == null ? Map.of() : context);
            try {
                task.run();
            } finally {
                MDC.setContextMap(before == null ? Map.of() : before);
            }
        };
    }
}
