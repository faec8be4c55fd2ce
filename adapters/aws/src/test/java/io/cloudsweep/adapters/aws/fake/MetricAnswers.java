package io.cloudsweep.adapters.aws.fake;

import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.MetricSeries;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.ResourceType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CloudWatch's {@code GetMetricData}, in the AWS query protocol, answered from the source's metrics. */
final class MetricAnswers {

    private static final String NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static final int MAX_QUERIES = 500;

    private final FakeAws fake;
    private final Region region;

    MetricAnswers(FakeAws fake, Region region) {
        this.fake = fake;
        this.region = region;
    }

    Responses.Answer getMetricData(Map<String, String> params) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; params.containsKey("MetricDataQueries.member." + i + ".Id"); i++) {
            ids.add("MetricDataQueries.member." + i + ".");
        }
        if (ids.isEmpty() || ids.size() > MAX_QUERIES) {
            return new Responses.Answer(400, Responses.queryError("ValidationError",
                    "MetricDataQueries must hold 1 to 500 queries, not " + ids.size(), "Sender"));
        }
        Instant start = Instant.parse(params.get("StartTime"));
        Instant end = Instant.parse(params.get("EndTime"));
        int days = (int) Duration.between(start, end).toDays();
        int from = params.containsKey("NextToken") ? Integer.parseInt(params.get("NextToken").substring("page-".length())) : 0;
        int to = Math.min(ids.size(), from + fake.metricResultsPerPage);

        Map<String, Resource> resources = new java.util.HashMap<>();
        for (Resource resource : fake.source.describe(fake.account, region).resources()) {
            resources.put(resource.ref().type() + "|" + dimensionValue(resource), resource);
        }
        Xml results = new Xml().open("MetricDataResults");
        for (String prefix : ids.subList(from, to)) {
            if (!"86400".equals(params.get(prefix + "MetricStat.Period"))) {
                return new Responses.Answer(400, Responses.queryError("ValidationError", "the fake serves daily periods only", "Sender"));
            }
            Optional<MetricSeries> series = series(params, prefix, resources, days, end);
            List<Map.Entry<LocalDate, Double>> points = series.map(found -> List.copyOf(found.daily().entrySet())).orElse(List.of());
            results.open("member").text("Id", params.get(prefix + "Id")).text("Label", params.get(prefix + "MetricStat.Metric.MetricName"))
                    .list("Timestamps", "member", points, point -> point.getKey().atStartOfDay(ZoneOffset.UTC).toInstant().toString())
                    .list("Values", "member", points, point -> String.valueOf(point.getValue()))
                    .text("StatusCode", "Complete").close("member");
        }
        results.close("MetricDataResults");
        Xml xml = new Xml().openNs("GetMetricDataResponse", NS).open("GetMetricDataResult").raw(results.toString())
                .raw("<Messages/>").text("NextToken", to < ids.size() ? "page-" + to : null).close("GetMetricDataResult");
        return Responses.Answer.ok(xml.raw(Responses.responseMetadata()).close("GetMetricDataResponse").toString());
    }

    private Optional<MetricSeries> series(Map<String, String> params, String prefix, Map<String, Resource> resources, int days, Instant end) {
        Optional<Metric> metric = Responses.metric(params.get(prefix + "MetricStat.Metric.Namespace"),
                params.get(prefix + "MetricStat.Metric.MetricName"));
        String dimension = params.get(prefix + "MetricStat.Metric.Dimensions.member.1.Name");
        String value = params.get(prefix + "MetricStat.Metric.Dimensions.member.1.Value");
        ResourceType type = Responses.DIMENSION_TYPES.get(dimension);
        if (metric.isEmpty() || type == null || days < 1) {
            return Optional.empty();
        }
        Optional<Resource> resource = Optional.ofNullable(resources.get(type + "|" + value));
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        Metric.Statistic statistic = switch (params.get(prefix + "MetricStat.Stat")) {
            case "Average" -> Metric.Statistic.AVERAGE;
            case "Sum" -> Metric.Statistic.SUM;
            case "Maximum" -> Metric.Statistic.MAXIMUM;
            default -> throw new IllegalArgumentException("statistic " + params.get(prefix + "MetricStat.Stat"));
        };
        MetricQuery query = new MetricQuery(resource.get().ref(), metric.get(), statistic, days);
        return fake.source.metrics(fake.account, region, List.of(query), end).get(query);
    }

    /** How CloudWatch names the resource in its dimension: the id, or an ALB's or NLB's ARN suffix. */
    private static String dimensionValue(Resource resource) {
        if (resource instanceof LoadBalancer balancer && balancer.kind() != LoadBalancer.Kind.CLASSIC) {
            String arn = balancer.ref().arn();
            return arn.substring(arn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
        }
        return resource.ref().id();
    }
}
