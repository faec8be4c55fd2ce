package io.cloudsweep.bot.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat's route on Undertow: run off the I/O thread (the chat's verification and parsing block), its body read up to
 * {@link #MAX_BODY}, the request's id in every log line it leads to, and its status and time logged when answered.
 */
abstract class ChatRoute implements HttpHandler {

    /** Chats send small payloads; anything larger is not the chat. */
    static final long MAX_BODY = 1 << 20;

    /** Named after the chat's route ({@code SlackRoute}, {@code TeamsRoute}), whose log lines these are. */
    private final Logger log = LoggerFactory.getLogger(getClass());

    @Override
    public final void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        RequestIds.begin(exchange);
        long started = System.nanoTime();
        try {
            answer(exchange, Bodies.read(exchange, MAX_BODY));
        } finally {
            log.info("{} {} {} in {} ms", exchange.getRequestMethod(), exchange.getRequestPath(), exchange.getStatusCode(), (System.nanoTime() - started) / 1_000_000);
            RequestIds.end();
        }
    }

    /** Hands the request, with its raw {@code body}, to the chat and writes back its answer. */
    abstract void answer(HttpServerExchange exchange, String body) throws Exception;
}
