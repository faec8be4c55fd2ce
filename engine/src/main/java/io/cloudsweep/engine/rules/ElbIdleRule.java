package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.ActionParameters;
import io.cloudsweep.engine.model.Confidence;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.MetricQuery;

import java.time.Instant;
import java.util.List;

/**
 * {@code elb-idle}: a load balancer at least {@code lookbackDays} old (default 7) that has no registered
 * targets, or no healthy ones, or fewer than {@code minDailyRequests} (default 100) requests on each of the
 * last {@code lookbackDays} days ({@code RequestCount} for application and classic load balancers,
 * {@code NewFlowCount} for network ones). These follow Trusted Advisor's idle load balancer check.
 *
 * <p>CloudWatch publishes no datapoint for a day without requests, so such days count as zero requests.
 * Cost: the hourly charge × 730. Example: an ALB with no targets in us-east-1 → delete it, $16.43 a month.
 */
public record ElbIdleRule(Parameters parameters) implements Rule<LoadBalancer> {

    public static final String ID = "elb-idle";

    public record Parameters(int lookbackDays, long minDailyRequests) {
        public static Parameters from(Settings settings) {
            return new Parameters(settings.integer("rules." + ID + ".lookback-days", 7, 1, 455),
                    settings.integer("rules." + ID + ".min-daily-requests", 100, 1, Integer.MAX_VALUE));
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<LoadBalancer> resourceClass() {
        return LoadBalancer.class;
    }

    @Override
    public List<MetricQuery> metricQueries(LoadBalancer loadBalancer, Instant now) {
        boolean servesTargets = loadBalancer.healthyTargets() > 0;
        return isOldEnough(loadBalancer, now) && servesTargets ? List.of(traffic(loadBalancer)) : List.of();
    }

    @Override
    public Verdict evaluate(LoadBalancer loadBalancer, RuleContext context) {
        if (!isOldEnough(loadBalancer, context.now())) {
            return Verdict.notWaste();
        }
        RuleContext.FindingDraft draft = context.finding(this, loadBalancer)
                .action(Action.DELETE_LOAD_BALANCER, new ActionParameters.LoadBalancerDeletion(loadBalancer.kind()))
                .cost(context.pricer().loadBalancerMonthly(loadBalancer))
                .fact("kind", loadBalancer.kind().id())
                .fact("registered_targets", loadBalancer.registeredTargets())
                .fact("healthy_targets", loadBalancer.healthyTargets());
        if (loadBalancer.registeredTargets() == 0) {
            return draft.reason(loadBalancer.kind().id() + " load balancer with no registered targets").waste();
        }
        if (loadBalancer.healthyTargets() == 0) {
            return draft.confidence(Confidence.MEDIUM)
                    .reason(loadBalancer.kind().id() + " load balancer " + (loadBalancer.registeredTargets() == 1
                            ? "whose only target is unhealthy"
                            : "with none of its " + loadBalancer.registeredTargets() + " targets healthy"))
                    .waste();
        }
        MetricQuery query = traffic(loadBalancer);
        List<Double> daily = context.dailyValues(query).orElse(null);
        if (daily == null) {
            return Verdict.insufficientData(context.missingData(query));
        }
        double busiest = daily.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        if (busiest >= parameters.minDailyRequests()) {
            return Verdict.notWaste();
        }
        String unit = loadBalancer.kind() == LoadBalancer.Kind.NETWORK ? "new flows" : "requests";
        return draft.confidence(Confidence.MEDIUM)
                .reason(loadBalancer.kind().id() + " load balancer with fewer than " + parameters.minDailyRequests() + " " + unit
                        + " on each of the last " + parameters.lookbackDays() + " days (at most " + Math.round(busiest) + ")")
                .fact("max_daily_" + unit.replace(' ', '_'), Math.round(busiest))
                .fact("lookback_days", parameters.lookbackDays())
                .waste();
    }

    private boolean isOldEnough(LoadBalancer loadBalancer, Instant now) {
        return Days.between(loadBalancer.createdAt(), now) >= parameters.lookbackDays();
    }

    private MetricQuery traffic(LoadBalancer loadBalancer) {
        Metric metric = switch (loadBalancer.kind()) {
            case APPLICATION -> Metric.ALB_REQUEST_COUNT;
            case CLASSIC -> Metric.CLB_REQUEST_COUNT;
            case NETWORK -> Metric.NLB_NEW_FLOW_COUNT;
        };
        return new MetricQuery(loadBalancer.ref(), metric, Metric.Statistic.SUM, parameters.lookbackDays());
    }
}
