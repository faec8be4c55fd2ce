package io.cloudsweep.bot.server;

import io.cloudsweep.adapters.slack.SlackBot;
import io.undertow.server.HttpHandler;
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
public final class SlackRoute implements HttpHandler {

    /** Slack sends small payloads; anything larger is not Slack. */
    private static final long MAX_BODY = 1 << 20;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SlackRoute.class);

    private final SlackBot bot;

    public SlackRoute(SlackBot bot) {
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
        } finally {
            LOG.info("{} {} {} in {} ms", exchange.getRequestMethod(), exchange.getRequestPath(), exchange.getStatusCode(), (System.nanoTime() - started) / 1_000_000);
            RequestIds.end();
        }
    }
}
