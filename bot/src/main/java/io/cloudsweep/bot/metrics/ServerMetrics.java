package io.cloudsweep.bot.metrics;

import io.cloudsweep.storage.Figures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * CloudSweep's metrics in Prometheus's text format at {@code GET /metrics}: HTTP requests by route and status (with
 * latency histograms), what the adapters count (AWS calls, retries and throttles; Slack and Teams API calls and 429s),
 * scans, cleanups and Quartz jobs as they happen, the JVM and the process, and figures read from the database at
 * scrape time (at most every 15 seconds): open findings and their $/month by rule, open waste, realised savings $/month,
 * the cleanup success rate, the notification backlog. No tag carries a secret, an organization or a resource's tags.
 * Thread-safe.
 */
public final class ServerMetrics {

    private static final Duration FRESH = Duration.ofSeconds(15);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Figures figures;
    private final Clock clock;
    private final AtomicReference<Read> last = new AtomicReference<>();
    private final MultiGauge openFindings;
    private final MultiGauge openWasteByRule;

    private record Read(Instant at, Figures.Reading reading) {
    }

    public ServerMetrics(Figures figures, Clock clock) {
        this.figures = figures;
        this.clock = clock;
        Metrics.addRegistry(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        openFindings = MultiGauge.builder("cloudsweep_open_findings").description("Open findings, by rule").register(registry);
        openWasteByRule = MultiGauge.builder("cloudsweep_open_waste_monthly_usd").description("What open findings cost a month, by rule")
                .baseUnit("usd").register(registry);
        Gauge.builder("cloudsweep_open_waste_total_monthly_usd", this, m -> m.reading().openByRule().values().stream()
                .mapToDouble(rule -> rule.monthlyUsd().doubleValue()).sum()).description("Open waste, $/month").register(registry);
        Gauge.builder("cloudsweep_realised_savings_monthly_usd", this, m -> m.reading().savingMonthlyUsd().doubleValue())
                .description("What real cleanups done and not undone save, $/month").register(registry);
        Gauge.builder("cloudsweep_cleanup_success_ratio", this, m -> m.reading().cleanupSuccessRate())
                .description("Real cleanups done over those done or failed").register(registry);
        Gauge.builder("cloudsweep_notification_outbox_backlog", this, m -> m.reading().outboxBacklog())
                .description("Notifications not yet delivered").register(registry);
    }

    /** The registry, for what counts as it happens (scans, cleanups, jobs). */
    public MeterRegistry registry() {
        return registry;
    }

    /** {@code GET /metrics}: the figures read afresh when older than 15 seconds, then everything in Prometheus's format. */
    public HttpHandler route() {
        return exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this.route());
                return;
            }
            refresh();
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            exchange.getResponseSender().send(registry.scrape());
        };
    }

    /** {@code handler}, its requests timed by {@code route} (the route's pattern, never the path asked) and status. */
    public HttpHandler timed(String method, String route, HttpHandler handler) {
        return exchange -> {
            long started = System.nanoTime();
            exchange.addExchangeCompleteListener((done, next) -> {
                record(method, route, done, System.nanoTime() - started);
                next.proceed();
            });
            handler.handleRequest(exchange);
        };
    }

    private void record(String method, String route, HttpServerExchange exchange, long nanos) {
        Timer.builder("http_server_requests").description("HTTP requests served, by route and status").publishPercentileHistogram()
                .tags(Tags.of("method", method, "route", route, "status", String.valueOf(exchange.getStatusCode())))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Figures.Reading reading() {
        Read read = last.get();
        return read == null ? refresh() : read.reading();
    }

    private synchronized Figures.Reading refresh() {
        Read read = last.get();
        if (read != null && read.at().plus(FRESH).isAfter(clock.instant())) {
            return read.reading();
        }
        Figures.Reading reading = figures.read();
        last.set(new Read(clock.instant(), reading));
        openFindings.register(reading.openByRule().entrySet().stream()
                .map(rule -> MultiGauge.Row.of(Tags.of("rule", rule.getKey()), rule.getValue().findings())).toList(), true);
        openWasteByRule.register(reading.openByRule().entrySet().stream()
                .map(rule -> MultiGauge.Row.of(Tags.of("rule", rule.getKey()), rule.getValue().monthlyUsd().doubleValue())).toList(), true);
        return reading;
    }

    /** Stops counting into the global registry (a test's server, say). */
    public void close() {
        Metrics.removeRegistry(registry);
        registry.close();
    }
}
