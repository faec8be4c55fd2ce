package io.cloudsweep.engine.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The daily values CloudWatch returned for one {@link MetricQuery}, keyed by UTC day. */
public record MetricSeries(MetricQuery query, Map<LocalDate, Double> daily) {

    public MetricSeries {
        daily = Collections.unmodifiableSortedMap(new TreeMap<>(daily));
    }

    /**
     * The values of the {@code days} complete days before {@code today}, oldest first, or empty when any of
     * them is missing and the metric does not read a missing day as zero.
     */
    public Optional<List<Double>> lastDays(LocalDate today, int days) {
        List<Double> values = new ArrayList<>(days);
        for (LocalDate day = today.minusDays(days); day.isBefore(today); day = day.plusDays(1)) {
            Double value = daily.get(day);
            if (value == null) {
                if (!query.metric().absentMeansZero()) {
                    return Optional.empty();
                }
                value = 0.0;
            }
            values.add(value);
        }
        return Optional.of(values);
    }

    /** How many of the {@code days} days before {@code today} have a datapoint, for diagnostics. */
    public long daysWithData(LocalDate today, int days) {
        return daily.keySet().stream().filter(day -> !day.isBefore(today.minusDays(days)) && day.isBefore(today)).count();
    }
}
