package io.cloudsweep.bot.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
        String id = given != null && GIVEN.matcher(given).matches() ? given : newId();
        MDC.put(KEY, id);
        exchange.getResponseHeaders().put(HEADER, id);
    }

    static void end() {
        MDC.remove(KEY);
    }

    /**
     * A random (version 4) UUID, from this thread's own generator. {@link UUID#randomUUID()} draws from the one
     * SecureRandom every thread shares, under its lock, and acknowledging threads queued there under load; an id that
     * only tells requests apart in the logs needs no secret randomness.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
