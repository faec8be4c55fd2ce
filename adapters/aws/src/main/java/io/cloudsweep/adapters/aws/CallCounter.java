package io.cloudsweep.adapters.aws;

import io.micrometer.core.instrument.Metrics;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

import java.util.List;

/**
 * Counts AWS calls from the SDK's own metrics, into Micrometer's global registry: each call by service, API and outcome
 * ({@code ok}, {@code error}), its retries, and each attempt AWS throttled. Tags are the service's and API's names only:
 * no account, resource or tag value.
 */
final class CallCounter implements MetricPublisher {

    /** The SDK's ErrorType of an attempt AWS throttled. */
    private static final String THROTTLING = "Throttling";

    @Override
    public void publish(MetricCollection call) {
        String service = first(call.metricValues(CoreMetric.SERVICE_ID), "unknown");
        String api = first(call.metricValues(CoreMetric.OPERATION_NAME), "unknown");
        boolean ok = Boolean.TRUE.equals(first(call.metricValues(CoreMetric.API_CALL_SUCCESSFUL), false));
        Metrics.counter("cloudsweep_aws_calls", "service", service, "api", api, "outcome", ok ? "ok" : "error").increment();
        int retries = first(call.metricValues(CoreMetric.RETRY_COUNT), 0);
        if (retries > 0) {
            Metrics.counter("cloudsweep_aws_retries", "service", service, "api", api).increment(retries);
        }
        long throttled = call.children().stream().flatMap(attempt -> attempt.metricValues(CoreMetric.ERROR_TYPE).stream())
                .filter(THROTTLING::equals).count();
        if (throttled > 0) {
            Metrics.counter("cloudsweep_aws_throttles", "service", service, "api", api).increment(throttled);
        }
    }

    @Override
    public void close() {
        // nothing held
    }

    private static <T> T first(List<T> values, T otherwise) {
        return values.isEmpty() || values.get(0) == null ? otherwise : values.get(0);
    }
}
