package io.cloudsweep.bot.server;

import io.cloudsweep.bot.metrics.ServerMetrics;
import io.cloudsweep.storage.Database;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.Headers;

import org.xnio.Options;
import org.xnio.Sequence;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server the chats hang their routes on (Slack, Teams), besides its own {@code GET /healthz} (the process is
 * up) and {@code GET /readyz} (the database answers and every migration is applied). Stops
 * gracefully: new requests are refused, those in flight finish (for up to 10 seconds).
 */
public final class BotServer implements AutoCloseable {

    private static final long DRAIN_SECONDS = 10;

    private final Undertow undertow;
    private final GracefulShutdownHandler shutdown;

    private BotServer(Undertow undertow, GracefulShutdownHandler shutdown) {
        this.undertow = undertow;
        this.shutdown = shutdown;
    }

    /** A route a chat or the API adds: {@code method} ({@code GET}, {@code POST}) and path. */
    public record Route(String method, String path, HttpHandler handler) {
        public static Route post(String path, HttpHandler handler) {
            return new Route("POST", path, handler);
        }

        public static Route get(String path, HttpHandler handler) {
            return new Route("GET", path, handler);
        }
    }

    /** Starts listening on {@code host:port} (port 0 picks a free one). */
    public static BotServer start(String host, int port, Database database) {
        return start(host, port, database, List.of());
    }

    /** The same, with more routes (such as {@code POST /slack/events}). */
    public static BotServer start(String host, int port, Database database, List<Route> more) {
        return start(host, port, database, more, Optional.empty());
    }

    /** The same, over HTTPS with {@code tls} when given: TLS 1.3, and 1.2 for older clients ({@link Tls#PROTOCOLS}). */
    public static BotServer start(String host, int port, Database database, List<Route> more, Optional<SSLContext> tls) {
        return start(host, port, database, more, tls, Optional.empty());
    }

    /**
     * The same, every request timed into {@code metrics} by route and status when given, and {@code GET /metrics} served
     * here unless {@code metricsPort} serves it apart.
     */
    public static BotServer start(String host, int port, Database database, List<Route> more, Optional<SSLContext> tls,
                                  Optional<ServerMetrics> metrics) {
        RoutingHandler routes = Handlers.routing();
        List<Route> all = new java.util.ArrayList<>(more);
        all.add(Route.get("/healthz", exchange -> json(exchange, 200, "{\"status\":\"ok\"}")));
        // the pages a Teams app (and a Slack app in its directory) links to
        all.add(Route.get("/privacy", page("privacy.html")));
        all.add(Route.get("/terms", page("terms.html")));
        all.add(Route.get("/readyz", exchange -> {
            // The database check blocks: run it off the I/O thread.
            if (exchange.isInIoThread()) {
                exchange.dispatch(() -> ready(exchange, database));
                return;
            }
            ready(exchange, database);
        }));
        for (Route route : all) {
            routes.add(route.method(), route.path(), metrics.map(m -> m.timed(route.method(), route.path(), route.handler())).orElse(route.handler()));
        }
        HttpHandler notFound = exchange -> json(exchange, 404, "{\"error\":\"not found\"}");
        HttpHandler notAllowed = exchange -> json(exchange, 405, "{\"error\":\"method not allowed\"}");
        routes.setFallbackHandler(metrics.map(m -> m.timed("any", "unmatched", notFound)).orElse(notFound))
                .setInvalidMethodHandler(metrics.map(m -> m.timed("any", "unmatched", notAllowed)).orElse(notAllowed));
        GracefulShutdownHandler shutdown = Handlers.gracefulShutdown(routes);
        Undertow.Builder builder = Undertow.builder().setHandler(shutdown);
        if (tls.isPresent()) {
            builder.addHttpsListener(port, host, tls.get())
                    .setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(Tls.PROTOCOLS));
        } else {
            builder.addHttpListener(port, host);
        }
        Undertow undertow = builder.build();
        undertow.start();
        return new BotServer(undertow, shutdown);
    }

    /** {@code GET /metrics} alone, on a port of its own ({@code serve --metrics-port}), plain HTTP. */
    public static BotServer metrics(String host, int port, ServerMetrics metrics) {
        RoutingHandler routes = Handlers.routing().get("/metrics", metrics.route())
                .setFallbackHandler(exchange -> json(exchange, 404, "{\"error\":\"not found\"}"));
        GracefulShutdownHandler shutdown = Handlers.gracefulShutdown(routes);
        Undertow undertow = Undertow.builder().addHttpListener(port, host).setHandler(shutdown).build();
        undertow.start();
        return new BotServer(undertow, shutdown);
    }

    /** The port actually listened on. */
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        shutdown.shutdown();
        try {
            shutdown.awaitShutdown(TimeUnit.SECONDS.toMillis(DRAIN_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undertow.stop();
    }

    private static void ready(HttpServerExchange exchange, Database database) {
        boolean ready = database.isReady();
        json(exchange, ready ? 200 : 503, ready ? "{\"status\":\"ready\",\"database\":\"ok\"}"
                : "{\"status\":\"not ready\",\"database\":\"unreachable or migrations pending\"}");
    }

    /** A page shipped in the jar, read once. */
    private static HttpHandler page(String name) {
        String html;
        try (java.io.InputStream in = BotServer.class.getResourceAsStream("/pages/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no page " + name);
            }
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
            exchange.getResponseSender().send(html, StandardCharsets.UTF_8);
        };
    }

    private static void json(HttpServerExchange exchange, int status, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
    }

}
