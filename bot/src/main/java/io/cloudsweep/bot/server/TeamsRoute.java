package io.cloudsweep.bot.server;

import io.cloudsweep.adapters.teams.TeamsBot;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;

/** {@code POST /api/messages} on Undertow: the raw activity and its Authorization header to the Teams bot, its answer back. */
public final class TeamsRoute extends ChatRoute {

    private final TeamsBot bot;

    public TeamsRoute(TeamsBot bot) {
        this.bot = bot;
    }

    @Override
    void answer(HttpServerExchange exchange, String body) {
        TeamsBot.HttpResponse response = bot.handle(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION), body);
        exchange.setStatusCode(response.status());
        if (response.json().isPresent()) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
            exchange.getResponseSender().send(response.json().get(), StandardCharsets.UTF_8);
        } else {
            exchange.endExchange();
        }
    }
}
