package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.MetricQuery;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code ec2-idle}: an instance running for at least {@code lookbackDays} (default 14) whose daily average
 * CPU stayed at or under {@code maxCpuPercent} (default 5%) and whose daily network in + out stayed at or
 * under {@code maxNetworkMb} (default 5 MB) on every one of those days. These are Trusted Advisor's
 * low-utilisation criteria, applied to every day rather than 4 of 14 to stay on the safe side.
 *
 * <p>Cost: on-demand hourly × 730. A missing day of CPU or network data means insufficient data, not idle.
 * Example: an m5.large at 1% CPU for two weeks → stop it, $70.08 a month in us-east-1.
 */
public record Ec2IdleRule(Parameters parameters) implements Rule<Ec2Instance> {

    public static final String ID = "ec2-idle";
    private static final double BYTES_PER_MB = 1_000_000;

    public record Parameters(int lookbackDays, BigDecimal maxCpuPercent, BigDecimal maxNetworkMb) {
        public static Parameters from(Settings settings) {
            return new Parameters(
                    settings.integer("rules." + ID + ".lookback-days", 14, 1, 455),
                    settings.decimal("rules." + ID + ".max-cpu-percent", new BigDecimal("5")),
                    settings.decimal("rules." + ID + ".max-network-mb", new BigDecimal("5")));
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<Ec2Instance> resourceClass() {
        return Ec2Instance.class;
    }

    @Override
    public List<MetricQuery> metricQueries(Ec2Instance instance, Instant now) {
        if (!isCandidate(instance, now)) {
            return List.of();
        }
        return List.of(cpu(instance), network(instance, Metric.EC2_NETWORK_IN), network(instance, Metric.EC2_NETWORK_OUT));
    }

    @Override
    public Verdict evaluate(Ec2Instance instance, RuleContext context) {
        if (!isCandidate(instance, context.now())) {
            return Verdict.notWaste();
        }
        for (MetricQuery query : metricQueries(instance, context.now())) {
            if (context.dailyValues(query).isEmpty()) {
                return Verdict.insufficientData(context.missingData(query));
            }
        }
        List<Double> cpu = context.dailyValues(cpu(instance)).orElseThrow();
        List<Double> in = context.dailyValues(network(instance, Metric.EC2_NETWORK_IN)).orElseThrow();
        List<Double> out = context.dailyValues(network(instance, Metric.EC2_NETWORK_OUT)).orElseThrow();
        double maxCpu = cpu.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double maxNetworkMb = 0;
        for (int day = 0; day < in.size(); day++) {
            maxNetworkMb = Math.max(maxNetworkMb, (in.get(day) + out.get(day)) / BYTES_PER_MB);
        }
        if (maxCpu > parameters.maxCpuPercent().doubleValue() || maxNetworkMb > parameters.maxNetworkMb().doubleValue()) {
            return Verdict.notWaste();
        }
        return context.finding(this, instance)
                .action(Action.STOP_INSTANCE)
                .cost(context.pricer().instanceMonthly(instance))
                .reason("idle for " + parameters.lookbackDays() + " days: daily average CPU at most " + format(maxCpu)
                        + "% and network at most " + format(maxNetworkMb) + " MB a day")
                .fact("state", "running")
                .fact("instance_type", instance.instanceType())
                .fact("max_daily_cpu_percent", format(maxCpu))
                .fact("max_daily_network_mb", format(maxNetworkMb))
                .fact("lookback_days", parameters.lookbackDays())
                .waste();
    }

    private boolean isCandidate(Ec2Instance instance, Instant now) {
        return instance.state() == Ec2Instance.State.RUNNING
                && Days.between(instance.launchedAt(), now) >= parameters.lookbackDays();
    }

    private MetricQuery cpu(Ec2Instance instance) {
        return new MetricQuery(instance.ref(), Metric.EC2_CPU_UTILIZATION, Metric.Statistic.AVERAGE, parameters.lookbackDays());
    }

    private MetricQuery network(Ec2Instance instance, Metric metric) {
        return new MetricQuery(instance.ref(), metric, Metric.Statistic.SUM, parameters.lookbackDays());
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
