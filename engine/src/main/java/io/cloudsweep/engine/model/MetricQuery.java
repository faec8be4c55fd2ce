package io.cloudsweep.engine.model;

import java.util.Objects;

/**
 * One daily metric series a rule needs: {@code statistic} of {@code metric} for {@code resource}, one value
 * per UTC day, over the {@code days} complete days before the scan.
 */
public record MetricQuery(ResourceRef resource, Metric metric, Metric.Statistic statistic, int days) {

    public MetricQuery {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(statistic, "statistic");
        if (days < 1 || days > 455) {
            throw new IllegalArgumentException("a metric lookback is 1 to 455 days (CloudWatch keeps daily data 455 days), not " + days);
        }
    }
}
