package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.MetricSeries;
import io.cloudsweep.engine.model.ResourceType;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Fetches daily metric series with {@code GetMetricData}, up to 500 queries a call (the API's limit), one
 * call per lookback length and 500 queries, following {@code NextToken} when CloudWatch pages the answer.
 * Never one call per resource, and never {@code GetMetricStatistics}.
 */
final class MetricReader {

    static final int QUERIES_PER_CALL = 500;
    private static final int DAY_SECONDS = 86_400;

    private final CloudWatchClient cloudWatch;

    MetricReader(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    /** The series for {@code queries}, over whole UTC days ending at the start of {@code now}'s day. */
    List<MetricSeries> read(List<MetricQuery> queries, Instant now) {
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        Instant end = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<Integer, List<MetricQuery>> byLookback = queries.stream().distinct()
                .collect(Collectors.groupingBy(MetricQuery::days, TreeMap::new, Collectors.toList()));
        List<MetricSeries> series = new ArrayList<>();
        for (Map.Entry<Integer, List<MetricQuery>> lookback : byLookback.entrySet()) {
            Instant start = end.minusSeconds((long) lookback.getKey() * DAY_SECONDS);
            List<MetricQuery> all = lookback.getValue();
            for (int from = 0; from < all.size(); from += QUERIES_PER_CALL) {
                series.addAll(call(all.subList(from, Math.min(all.size(), from + QUERIES_PER_CALL)), start, end));
            }
        }
        return series;
    }

    private List<MetricSeries> call(List<MetricQuery> batch, Instant start, Instant end) {
        List<MetricDataQuery> dataQueries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            dataQueries.add(dataQuery("q" + i, batch.get(i)));
        }
        GetMetricDataRequest request = GetMetricDataRequest.builder()
                .metricDataQueries(dataQueries)
                .startTime(start)
                .endTime(end)
                .build();
        Map<String, Map<LocalDate, Double>> points = new HashMap<>();
        Iam.call(Iam.CLOUDWATCH_GET_METRIC_DATA, () -> {
            for (MetricDataResult result : cloudWatch.getMetricDataPaginator(request).metricDataResults()) {
                Map<LocalDate, Double> daily = points.computeIfAbsent(result.id(), id -> new HashMap<>());
                for (int i = 0; i < result.timestamps().size() && i < result.values().size(); i++) {
                    daily.put(result.timestamps().get(i).atOffset(ZoneOffset.UTC).toLocalDate(), result.values().get(i));
                }
            }
            return null;
        });
        List<MetricSeries> series = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Map<LocalDate, Double> daily = points.get("q" + i);
            if (daily != null) {
                series.add(new MetricSeries(batch.get(i), daily));
            }
        }
        return series;
    }

    private static MetricDataQuery dataQuery(String id, MetricQuery query) {
        return MetricDataQuery.builder()
                .id(id)
                .returnData(true)
                .metricStat(stat -> stat
                        .metric(metric -> metric
                                .namespace(query.metric().namespace())
                                .metricName(query.metric().metricName())
                                .dimensions(dimension(query)))
                        .period(DAY_SECONDS)
                        .stat(switch (query.statistic()) {
                            case AVERAGE -> "Average";
                            case SUM -> "Sum";
                            case MAXIMUM -> "Maximum";
                        }))
                .build();
    }

    /** The dimension CloudWatch files the metric under for this resource. */
    static Dimension dimension(MetricQuery query) {
        ResourceType type = query.resource().type();
        String id = query.resource().id();
        return switch (query.metric()) {
            case EC2_CPU_UTILIZATION, EC2_NETWORK_IN, EC2_NETWORK_OUT -> Dimension.builder().name("InstanceId").value(id).build();
            case RDS_DATABASE_CONNECTIONS -> Dimension.builder().name("DBInstanceIdentifier").value(id).build();
            case EBS_VOLUME_READ_OPS, EBS_VOLUME_WRITE_OPS -> Dimension.builder().name("VolumeId").value(id).build();
            case NAT_BYTES_IN_FROM_SOURCE, NAT_BYTES_OUT_TO_DESTINATION -> Dimension.builder().name("NatGatewayId").value(id).build();
            case CLB_REQUEST_COUNT -> Dimension.builder().name("LoadBalancerName").value(id).build();
            case ALB_REQUEST_COUNT, NLB_NEW_FLOW_COUNT -> {
                if (type != ResourceType.LOAD_BALANCER) {
                    throw new IllegalArgumentException(query.metric() + " is a load balancer metric, not one of " + type.id());
                }
                yield Dimension.builder().name("LoadBalancer").value(LoadBalancerReader.arnSuffix(query.resource().arn())).build();
            }
        };
    }
}
