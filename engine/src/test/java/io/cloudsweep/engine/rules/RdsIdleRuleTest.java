package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.Risk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static io.cloudsweep.engine.rules.Fixtures.Case;
import static io.cloudsweep.engine.rules.Fixtures.INSUFFICIENT;
import static io.cloudsweep.engine.rules.Fixtures.NOT_WASTE;
import static io.cloudsweep.engine.rules.Fixtures.WASTE;
import static io.cloudsweep.engine.rules.Fixtures.assertVerdict;
import static io.cloudsweep.engine.rules.Fixtures.database;
import static io.cloudsweep.engine.rules.Fixtures.finding;
import static io.cloudsweep.engine.rules.Fixtures.flat;
import static io.cloudsweep.engine.rules.Fixtures.judge;
import static io.cloudsweep.engine.rules.Fixtures.series;
import static org.assertj.core.api.Assertions.assertThat;

class RdsIdleRuleTest {

    private static final RdsIdleRule RULE = new RdsIdleRule(RdsIdleRule.Parameters.from(Settings.empty()));
    private static final RdsInstance OLD = database("db-1", "available", 100);

    static MetricQuery connections(RdsInstance database) {
        return new MetricQuery(database.ref(), Metric.RDS_DATABASE_CONNECTIONS, Metric.Statistic.MAXIMUM, 7);
    }

    static Stream<Case> cases() {
        RdsInstance sevenDays = database("db-1", "available", 7);
        RdsInstance sixDays = database("db-1", "available", 6.9);
        return Stream.of(
                Case.of("no connections for 7 days", OLD, WASTE).withMetrics(flat(connections(OLD), 7, 0)),
                Case.of("one connection on one day", OLD, NOT_WASTE).withMetrics(series(connections(OLD), 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0)),
                Case.of("busy", OLD, NOT_WASTE).withMetrics(flat(connections(OLD), 7, 25)),
                Case.of("boundary: created exactly 7 days ago", sevenDays, WASTE).withMetrics(flat(connections(sevenDays), 7, 0)),
                Case.of("boundary: created 6.9 days ago", sixDays, NOT_WASTE).withMetrics(flat(connections(sixDays), 7, 0)),
                Case.of("stopped already", database("db-1", "stopped", 100), NOT_WASTE),
                Case.of("no metrics", OLD, INSUFFICIENT),
                Case.of("a day of data missing", OLD, INSUFFICIENT).withMetrics(series(connections(OLD), 0.0, 0.0, null, 0.0, 0.0, 0.0, 0.0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesDatabases(Case row) {
        assertVerdict(RULE, row);
    }

    @Test
    void costsInstanceHoursPlusStorage() {
        Finding finding = finding(judge(RULE, Case.of("idle", OLD, WASTE).withMetrics(flat(connections(OLD), 7, 0))));

        // db.m5.large PostgreSQL $0.178/h x 730 + 100 GiB gp2 x $0.115 in us-east-1
        assertThat(finding.monthlyCost()).contains(Money.usd("141.44"));
        assertThat(finding.action()).isEqualTo(Action.STOP_DB_INSTANCE);
        assertThat(finding.risk()).isEqualTo(Risk.HIGH);
    }

    @Test
    void policyCanRecommendDeletingWithAFinalSnapshot() {
        RdsIdleRule deleting = new RdsIdleRule(RdsIdleRule.Parameters.from(Settings.of(Map.of("rules.rds-idle.action", "delete"))));
        Finding finding = finding(judge(deleting, Case.of("idle", OLD, WASTE).withMetrics(flat(connections(OLD), 7, 0))));

        assertThat(finding.action()).isEqualTo(Action.DELETE_DB_INSTANCE);
    }
}
