package io.cloudsweep.bot.server;

import io.cloudsweep.adapters.slack.SlackBot;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /slack/events} on Undertow: the raw request to the Slack bot, its answer back. Nothing else. */
public final class SlackRoute extends ChatRoute {

    private final SlackBot bot;

    public SlackRoute(SlackBot bot) {
        this.bot = bot;
    }

    @Override
    void answer(HttpServerExchange exchange, String body) {
        Map<String, List<String>> headers = new HashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            headers.put(values.getHeaderName().toString(), new ArrayList<>(values));
        }
        SlackBot.HttpResponse response = bot.handle(new SlackBot.HttpRequest(exchange.getRequestPath(), exchange.getQueryString(), headers, body,
                exchange.getSourceAddress().getAddress().getHostAddress()));
        exchange.setStatusCode(response.status());
        response.headers().forEach((name, values) -> values.forEach(value -> exchange.getResponseHeaders().add(new HttpString(name), value)));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, response.contentType() == null ? "text/plain; charset=utf-8" : response.contentType());
        exchange.getResponseSender().send(response.body(), StandardCharsets.UTF_8);
    }
}
