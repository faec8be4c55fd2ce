package io.cloudsweep.bot.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Each request's id, in the logging context ({@code request_id}) of everything it does, the jobs it starts included, and
 * in the {@code X-Request-Id} response header. A proxy's id is kept when it looks like one; else one is made.
 */
public final class RequestIds {

    /** The logging context's key, and the jobs' data key, of a request's id. */
    public static final String KEY = "request_id";
    private static final HttpString HEADER = new HttpString("X-Request-Id");
    private static final Pattern GIVEN = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    private RequestIds() {
    }

    /** Starts the request's logging context, on the thread that handles it; {@link #end()} ends it. */
    static void begin(HttpServerExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst(HEADER);
        String id = given != null && GIVEN.matcher(given).matches() ? given : UUID.randomUUID().toString();
        MDC.put(KEY, id);
        exchange.getResponseHeaders().put(HEADER, id);
    }

    static void end() {
        MDC.remove(KEY);
    }
}
