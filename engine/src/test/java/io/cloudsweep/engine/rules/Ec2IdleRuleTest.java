package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.Risk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static io.cloudsweep.engine.rules.Fixtures.Case;
import static io.cloudsweep.engine.rules.Fixtures.INSUFFICIENT;
import static io.cloudsweep.engine.rules.Fixtures.NOT_WASTE;
import static io.cloudsweep.engine.rules.Fixtures.NOW;
import static io.cloudsweep.engine.rules.Fixtures.WASTE;
import static io.cloudsweep.engine.rules.Fixtures.assertVerdict;
import static io.cloudsweep.engine.rules.Fixtures.finding;
import static io.cloudsweep.engine.rules.Fixtures.flat;
import static io.cloudsweep.engine.rules.Fixtures.instance;
import static io.cloudsweep.engine.rules.Fixtures.judge;
import static io.cloudsweep.engine.rules.Fixtures.series;
import static org.assertj.core.api.Assertions.assertThat;

class Ec2IdleRuleTest {

    private static final Ec2IdleRule RULE = new Ec2IdleRule(Ec2IdleRule.Parameters.from(Settings.empty()));
    private static final Ec2Instance RUNNING = instance("i-1").launchedDaysAgo(60).build();

    static MetricQuery cpu(Ec2Instance instance) {
        return new MetricQuery(instance.ref(), Metric.EC2_CPU_UTILIZATION, Metric.Statistic.AVERAGE, 14);
    }

    static MetricQuery in(Ec2Instance instance) {
        return new MetricQuery(instance.ref(), Metric.EC2_NETWORK_IN, Metric.Statistic.SUM, 14);
    }

    static MetricQuery out(Ec2Instance instance) {
        return new MetricQuery(instance.ref(), Metric.EC2_NETWORK_OUT, Metric.Statistic.SUM, 14);
    }

    /** 14 days of {@code cpu} percent and {@code megabytes} a day split evenly between in and out. */
    static Case usage(String why, Ec2Instance instance, double cpu, double megabytes, Class<? extends Verdict> expected) {
        return Case.of(why, instance, expected).withMetrics(
                flat(cpu(instance), 14, cpu), flat(in(instance), 14, megabytes * 500_000), flat(out(instance), 14, megabytes * 500_000));
    }

    static Case withOneDay(String why, double cpuThatDay, Class<? extends Verdict> expected) {
        Double[] values = new Double[14];
        Arrays.fill(values, 1.0);
        values[6] = cpuThatDay;
        return Case.of(why, RUNNING, expected).withMetrics(series(cpu(RUNNING), values),
                flat(in(RUNNING), 14, 1_000_000), flat(out(RUNNING), 14, 1_000_000));
    }

    static Stream<Case> cases() {
        Double[] gap = new Double[14];
        Arrays.fill(gap, 1.0);
        gap[3] = null;
        return Stream.of(
                usage("idle: 1% CPU, 2 MB a day", RUNNING, 1, 2, WASTE),
                usage("busy: 40% CPU", RUNNING, 40, 2, NOT_WASTE),
                usage("low CPU but 50 MB a day of network", RUNNING, 1, 50, NOT_WASTE),
                usage("boundary: exactly 5% CPU and 5 MB", RUNNING, 5, 5, WASTE),
                usage("boundary: 5.01% CPU", RUNNING, 5.01, 1, NOT_WASTE),
                usage("boundary: 5.01 MB a day", RUNNING, 1, 5.01, NOT_WASTE),
                withOneDay("busy on one day of fourteen", 30, NOT_WASTE),
                usage("launched 13 days ago", instance("i-1").launchedDaysAgo(13).build(), 1, 1, NOT_WASTE),
                usage("boundary: launched 14 days ago", instance("i-1").launchedDaysAgo(14).build(), 1, 1, WASTE),
                usage("stopped instance", instance("i-1").stoppedDaysAgo(3).build(), 1, 1, NOT_WASTE),
                Case.of("no metrics at all", RUNNING, INSUFFICIENT),
                Case.of("one day of CPU missing", RUNNING, INSUFFICIENT).withMetrics(series(cpu(RUNNING), gap),
                        flat(in(RUNNING), 14, 1), flat(out(RUNNING), 14, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesRunningInstances(Case row) {
        assertVerdict(RULE, row);
    }

    @Test
    void asksForCpuAndNetworkOnlyForInstancesOldEnoughToJudge() {
        assertThat(RULE.metricQueries(RUNNING, NOW)).containsExactly(cpu(RUNNING), in(RUNNING), out(RUNNING));
        assertThat(RULE.metricQueries(instance("i-2").launchedDaysAgo(3).build(), NOW)).isEmpty();
        assertThat(RULE.metricQueries(instance("i-3").stoppedDaysAgo(40).build(), NOW)).isEmpty();
    }

    @Test
    void costsTheOnDemandHourlyPriceFor730Hours() {
        Finding finding = finding(judge(RULE, usage("m5.large", RUNNING, 1, 1, WASTE)));

        assertThat(finding.monthlyCost()).contains(Money.usd("70.08"));
        assertThat(finding.action()).isEqualTo(Action.STOP_INSTANCE);
        assertThat(finding.risk()).isEqualTo(Risk.MEDIUM);
        assertThat(finding.reason()).contains("idle for 14 days");
    }

    @Test
    void windowsInstanceHasAnUnknownCostWithTheReason() {
        Ec2Instance windows = instance("i-1").launchedDaysAgo(60).platform("Windows").build();
        Finding finding = finding(judge(RULE, usage("windows", windows, 1, 1, WASTE)));

        assertThat(finding.monthlyCost()).isEmpty();
        assertThat(finding.cost().toString()).contains("Windows");
    }

    @Test
    void insufficientDataSaysHowMuchIsThere() {
        Verdict verdict = judge(RULE, Case.of("CPU only 3 days", RUNNING, INSUFFICIENT)
                .withMetrics(series(cpu(RUNNING), 1.0, 1.0, 1.0), flat(in(RUNNING), 14, 1), flat(out(RUNNING), 14, 1)));

        assertThat(verdict).isEqualTo(Verdict.insufficientData(
                "insufficient data: CPUUtilization has datapoints for 3 of the last 14 days"));
    }

}
