package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.NatGateway;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code nat-gateway-idle}: a NAT gateway at least {@code lookbackDays} old (default 30) that processed fewer than
 * {@code minDailyBytes} (default 1: none at all) bytes, in from sources and out to destinations together, on each of
 * the last {@code lookbackDays} days, as Trusted Advisor's idle NAT gateway check. It bills by the hour for nothing.
 *
 * <p>CloudWatch publishes no datapoint for a day without traffic, so such days count as zero bytes. The route tables
 * that route through it are in the evidence: their routes go nowhere once it is deleted. Its Elastic IPs stay
 * allocated after the delete (and {@code eip-unassociated} reports them). Example: an idle NAT gateway in eu-west-1
 * → delete it, $35.04 a month.
 */
public record NatGatewayIdleRule(Parameters parameters) implements Rule<NatGateway> {

    public static final String ID = "nat-gateway-idle";

    /**
     * @param lookbackDays  the days judged, each of which must be quiet
     * @param minDailyBytes a day with at least this many bytes processed counts as used
     */
    public record Parameters(int lookbackDays, long minDailyBytes) {
        public static Parameters from(Settings settings) {
            return new Parameters(settings.integer("rules." + ID + ".lookback-days", 30, 1, 455),
                    settings.integer("rules." + ID + ".min-daily-bytes", 1, 1, Integer.MAX_VALUE));
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<NatGateway> resourceClass() {
        return NatGateway.class;
    }

    @Override
    public List<MetricQuery> metricQueries(NatGateway gateway, Instant now) {
        return isOldEnough(gateway, now) ? List.of(bytesIn(gateway), bytesOut(gateway)) : List.of();
    }

    @Override
    public Verdict evaluate(NatGateway gateway, RuleContext context) {
        if (!isOldEnough(gateway, context.now())) {
            return Verdict.notWaste();
        }
        Optional<Double> busiestDay = context.busiestDay(bytesIn(gateway), bytesOut(gateway));
        if (busiestDay.isEmpty()) {
            return Verdict.insufficientData(context.missingData(bytesIn(gateway), bytesOut(gateway)));
        }
        double busiest = busiestDay.get();
        if (busiest >= parameters.minDailyBytes()) {
            return Verdict.notWaste();
        }
        String routes = gateway.routeTableIds().isEmpty() ? "no route table routes through it"
                : (gateway.routeTableIds().size() == 1 ? "route table " : "route tables ") + String.join(", ", gateway.routeTableIds())
                + " route through it";
        return context.finding(this, gateway)
                .action(Action.DELETE_NAT_GATEWAY)
                .cost(context.pricer().natGatewayMonthly(gateway.ref().region()))
                .reason("NAT gateway that processed at most " + Math.round(busiest) + " bytes a day on each of the last "
                        + Days.count(parameters.lookbackDays()) + "; " + routes)
                .fact("vpc", gateway.vpcId())
                .fact("subnet", gateway.subnetId())
                .fact("route_tables", gateway.routeTableIds().isEmpty() ? "none" : String.join(" ", gateway.routeTableIds()))
                .fact("elastic_ips", gateway.allocationIds().isEmpty() ? "none" : String.join(" ", gateway.allocationIds()))
                .fact("max_daily_bytes", Math.round(busiest))
                .fact("lookback_days", parameters.lookbackDays())
                .waste();
    }

    private boolean isOldEnough(NatGateway gateway, Instant now) {
        return Days.between(gateway.createdAt(), now) >= parameters.lookbackDays();
    }

    private MetricQuery bytesIn(NatGateway gateway) {
        return new MetricQuery(gateway.ref(), Metric.NAT_BYTES_IN_FROM_SOURCE, Metric.Statistic.SUM, parameters.lookbackDays());
    }

    private MetricQuery bytesOut(NatGateway gateway) {
        return new MetricQuery(gateway.ref(), Metric.NAT_BYTES_OUT_TO_DESTINATION, Metric.Statistic.SUM, parameters.lookbackDays());
    }
}
