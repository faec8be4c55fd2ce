package io.cloudsweep.engine.model;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The metric series an inventory fetched for one region, found by the query that asked for them. */
public record MetricData(Map<MetricQuery, MetricSeries> series) {

    public static final MetricData NONE = new MetricData(Map.of());

    public MetricData {
        series = Map.copyOf(series);
    }

    public static MetricData of(Collection<MetricSeries> series) {
        return new MetricData(series.stream().collect(Collectors.toMap(MetricSeries::query, Function.identity())));
    }

    /** The series for {@code query}, empty when it was not fetched or CloudWatch had nothing for it. */
    public Optional<MetricSeries> get(MetricQuery query) {
        return Optional.ofNullable(series.get(query));
    }
}
