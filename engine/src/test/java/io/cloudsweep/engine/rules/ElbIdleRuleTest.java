package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.Risk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
import static io.cloudsweep.engine.rules.Fixtures.loadBalancer;
import static io.cloudsweep.engine.rules.Fixtures.series;
import static org.assertj.core.api.Assertions.assertThat;

class ElbIdleRuleTest {

    private static final ElbIdleRule RULE = new ElbIdleRule(ElbIdleRule.Parameters.from(Settings.empty()));
    private static final LoadBalancer ALB = loadBalancer("web", LoadBalancer.Kind.APPLICATION, 100, 2, 2);
    private static final LoadBalancer NLB = loadBalancer("tcp", LoadBalancer.Kind.NETWORK, 100, 2, 2);
    private static final LoadBalancer CLB = loadBalancer("old", LoadBalancer.Kind.CLASSIC, 100, 2, 2);

    static MetricQuery traffic(LoadBalancer loadBalancer, Metric metric) {
        return new MetricQuery(loadBalancer.ref(), metric, Metric.Statistic.SUM, 7);
    }

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("no registered targets", loadBalancer("lb", LoadBalancer.Kind.APPLICATION, 100, 0, 0), WASTE),
                Case.of("no healthy targets", loadBalancer("lb", LoadBalancer.Kind.CLASSIC, 100, 3, 0), WASTE),
                Case.of("no targets but created 3 days ago", loadBalancer("lb", LoadBalancer.Kind.APPLICATION, 3, 0, 0), NOT_WASTE),
                Case.of("ALB with 5,000 requests a day", ALB, NOT_WASTE).withMetrics(flat(traffic(ALB, Metric.ALB_REQUEST_COUNT), 7, 5000)),
                Case.of("ALB with 20 requests a day", ALB, WASTE).withMetrics(flat(traffic(ALB, Metric.ALB_REQUEST_COUNT), 7, 20)),
                Case.of("boundary: 99 requests every day", ALB, WASTE).withMetrics(flat(traffic(ALB, Metric.ALB_REQUEST_COUNT), 7, 99)),
                Case.of("boundary: 100 requests on one day", ALB, NOT_WASTE)
                        .withMetrics(series(traffic(ALB, Metric.ALB_REQUEST_COUNT), 5.0, 5.0, 5.0, 100.0, 5.0, 5.0, 5.0)),
                Case.of("days without datapoints are days without requests", ALB, WASTE)
                        .withMetrics(series(traffic(ALB, Metric.ALB_REQUEST_COUNT), null, null, 3.0, null, null, null, null)),
                Case.of("request metric never fetched", ALB, INSUFFICIENT),
                Case.of("NLB with few new flows", NLB, WASTE).withMetrics(flat(traffic(NLB, Metric.NLB_NEW_FLOW_COUNT), 7, 10)),
                Case.of("NLB with many new flows", NLB, NOT_WASTE).withMetrics(flat(traffic(NLB, Metric.NLB_NEW_FLOW_COUNT), 7, 10_000)),
                Case.of("classic with traffic", CLB, NOT_WASTE).withMetrics(flat(traffic(CLB, Metric.CLB_REQUEST_COUNT), 7, 900)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesLoadBalancers(Case row) {
        assertVerdict(RULE, row);
    }

    @Test
    void asksForTheTrafficMetricOfEachKindOnlyWhenTargetsAreHealthy() {
        assertThat(RULE.metricQueries(ALB, NOW)).containsExactly(traffic(ALB, Metric.ALB_REQUEST_COUNT));
        assertThat(RULE.metricQueries(NLB, NOW)).containsExactly(traffic(NLB, Metric.NLB_NEW_FLOW_COUNT));
        assertThat(RULE.metricQueries(CLB, NOW)).containsExactly(traffic(CLB, Metric.CLB_REQUEST_COUNT));
        assertThat(RULE.metricQueries(loadBalancer("empty", LoadBalancer.Kind.APPLICATION, 100, 0, 0), NOW)).isEmpty();
    }

    @Test
    void costsTheHourlyChargeFor730Hours() {
        Finding alb = finding(judge(RULE, Case.of("alb", loadBalancer("lb", LoadBalancer.Kind.APPLICATION, 100, 0, 0), WASTE)));
        Finding clb = finding(judge(RULE, Case.of("clb", loadBalancer("lb", LoadBalancer.Kind.CLASSIC, 100, 0, 0), WASTE)));

        assertThat(alb.monthlyCost()).contains(Money.usd("16.43"));
        assertThat(clb.monthlyCost()).contains(Money.usd("18.25"));
        assertThat(alb.action()).isEqualTo(Action.DELETE_LOAD_BALANCER);
        assertThat(alb.risk()).isEqualTo(Risk.MEDIUM);
    }
}
