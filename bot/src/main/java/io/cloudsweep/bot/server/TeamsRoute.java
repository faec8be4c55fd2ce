package io.cloudsweep.bot.server;

import io.cloudsweep.adapters.teams.TeamsBot;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;

/** {@code POST /api/messages} on Undertow: the raw activity and its Authorization header to the Teams bot, its answer back. */
public final class TeamsRoute implements HttpHandler {

    /** Activities are small; anything larger is not the Bot Framework. */
    private static final long MAX_BODY = 1 << 20;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TeamsRoute.class);

    private final TeamsBot bot;

    public TeamsRoute(TeamsBot bot) {
        this.bot = bot;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        RequestIds.begin(exchange);
        long started = System.nanoTime();
        try {
            String body = Bodies.read(exchange, MAX_BODY);
            TeamsBot.HttpResponse response = bot.handle(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION), body);
            exchange.setStatusCode(response.status());
            if (response.json().isPresent()) {
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
                exchange.getResponseSender().send(response.json().get(), StandardCharsets.UTF_8);
            } else {
                exchange.endExchange();
            }
        } finally {
            LOG.info("{} {} {} in {} ms", exchange.getRequestMethod(), exchange.getRequestPath(), exchange.getStatusCode(), (System.nanoTime() - started) / 1_000_000);
            RequestIds.end();
        }
    }
}
