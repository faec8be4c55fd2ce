package io.cloudsweep.bot.server;

import io.undertow.server.HttpServerExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reading a chat platform's request body whole, as its signature or token covers it. */
final class Bodies {

    private Bodies() {
    }

    /**
     * The body as UTF-8, read blocking (call off the I/O thread); a body over {@code max} bytes fails the request.
     */
    static String read(HttpServerExchange exchange, long max) throws IOException {
        exchange.setMaxEntitySize(max);
        exchange.startBlocking();
        return new String(exchange.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
