package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.NatGateway;
import io.cloudsweep.engine.model.Risk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import static io.cloudsweep.engine.rules.Fixtures.Case;
import static io.cloudsweep.engine.rules.Fixtures.INSUFFICIENT;
import static io.cloudsweep.engine.rules.Fixtures.NOT_WASTE;
import static io.cloudsweep.engine.rules.Fixtures.NOW;
import static io.cloudsweep.engine.rules.Fixtures.WASTE;
import static io.cloudsweep.engine.rules.Fixtures.assertVerdict;
import static io.cloudsweep.engine.rules.Fixtures.finding;
import static io.cloudsweep.engine.rules.Fixtures.flat;
import static io.cloudsweep.engine.rules.Fixtures.judge;
import static io.cloudsweep.engine.rules.Fixtures.natGateway;
import static io.cloudsweep.engine.rules.Fixtures.series;
import static org.assertj.core.api.Assertions.assertThat;

class NatGatewayIdleRuleTest {

    private static final NatGatewayIdleRule RULE = new NatGatewayIdleRule(NatGatewayIdleRule.Parameters.from(Settings.empty()));
    private static final NatGateway OLD = natGateway("nat-1", 200, "rtb-1");

    private static MetricQuery in(NatGateway gateway, int days) {
        return new MetricQuery(gateway.ref(), Metric.NAT_BYTES_IN_FROM_SOURCE, Metric.Statistic.SUM, days);
    }

    private static MetricQuery out(NatGateway gateway, int days) {
        return new MetricQuery(gateway.ref(), Metric.NAT_BYTES_OUT_TO_DESTINATION, Metric.Statistic.SUM, days);
    }

    /** Zero every day but {@code bytes} on the day {@code daysAgo} days before today. */
    private static Double[] oneDay(int daysAgo, double bytes) {
        Double[] values = new Double[30];
        Arrays.fill(values, 0.0);
        values[30 - daysAgo] = bytes;
        return values;
    }

    static Stream<Case> cases() {
        NatGateway thirtyDays = natGateway("nat-1", 30);
        NatGateway young = natGateway("nat-1", 30 - 1.0 / 1440);
        return Stream.of(
                Case.of("no byte for 30 days", OLD, WASTE).withMetrics(flat(in(OLD, 30), 30, 0), flat(out(OLD, 30), 30, 0)),
                Case.of("no datapoints at all (CloudWatch's zero)", OLD, WASTE).withMetrics(series(in(OLD, 30)), series(out(OLD, 30))),
                Case.of("boundary: one byte in on one day", OLD, NOT_WASTE)
                        .withMetrics(series(in(OLD, 30), oneDay(1, 1)), flat(out(OLD, 30), 30, 0)),
                Case.of("boundary: one byte out on the oldest day judged", OLD, NOT_WASTE)
                        .withMetrics(flat(in(OLD, 30), 30, 0), series(out(OLD, 30), oneDay(30, 1))),
                Case.of("busy", OLD, NOT_WASTE).withMetrics(flat(in(OLD, 30), 30, 4e9), flat(out(OLD, 30), 30, 3e9)),
                Case.of("boundary: created exactly 30 days ago", thirtyDays, WASTE)
                        .withMetrics(flat(in(thirtyDays, 30), 30, 0), flat(out(thirtyDays, 30), 30, 0)),
                Case.of("boundary: a minute short of 30 days old", young, NOT_WASTE)
                        .withMetrics(flat(in(young, 30), 30, 0), flat(out(young, 30), 30, 0)),
                Case.of("no out series fetched", OLD, INSUFFICIENT).withMetrics(flat(in(OLD, 30), 30, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesNatGatewaysByTheBytesTheyProcess(Case row) {
        assertVerdict(RULE, row);
    }

    @Test
    void deletesAnIdleGatewayAtItsHourlyPriceAndSaysWhatRoutesThroughIt() {
        Finding finding = finding(judge(RULE, Case.of("idle", OLD, WASTE).withMetrics(flat(in(OLD, 30), 30, 0), flat(out(OLD, 30), 30, 0))));

        assertThat(finding.action()).isEqualTo(Action.DELETE_NAT_GATEWAY);
        assertThat(finding.risk()).isEqualTo(Risk.MEDIUM);
        assertThat(finding.monthlyCost()).contains(Money.usd("32.85")); // $0.045 an hour in us-east-1
        assertThat(finding.reason()).contains("route table rtb-1 route through it");
        assertThat(finding.evidence()).anySatisfy(fact -> assertThat(fact.toString()).contains("route_tables, value=rtb-1"))
                .anySatisfy(fact -> assertThat(fact.toString()).contains("elastic_ips, value=eipalloc-1"));
        assertThat(Action.DELETE_NAT_GATEWAY.undo().possible()).isFalse();
    }

    @Test
    void asksForTrafficOnlyOfGatewaysOldEnough() {
        assertThat(RULE.metricQueries(OLD, NOW)).containsExactly(in(OLD, 30), out(OLD, 30));
        assertThat(RULE.metricQueries(natGateway("nat-2", 3), NOW)).isEmpty();
    }

    @Test
    void thresholdsComeFromTheConfiguration() {
        NatGatewayIdleRule lenient = new NatGatewayIdleRule(NatGatewayIdleRule.Parameters.from(Settings.of(Map.of(
                "rules.nat-gateway-idle.min-daily-bytes", "1000000", "rules.nat-gateway-idle.lookback-days", "7"))));
        NatGateway gateway = natGateway("nat-1", 200);

        assertVerdict(lenient, Case.of("999,999 bytes a day", gateway, WASTE)
                .withMetrics(flat(in(gateway, 7), 7, 500_000), flat(out(gateway, 7), 7, 499_999)));
        assertVerdict(lenient, Case.of("boundary: 1,000,000 bytes on a day", gateway, NOT_WASTE)
                .withMetrics(flat(in(gateway, 7), 7, 500_000), flat(out(gateway, 7), 7, 500_000)));
    }
}
