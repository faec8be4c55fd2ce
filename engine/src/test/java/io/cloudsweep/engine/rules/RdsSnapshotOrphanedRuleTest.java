package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.Risk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static io.cloudsweep.engine.rules.Fixtures.Case;
import static io.cloudsweep.engine.rules.Fixtures.NOT_WASTE;
import static io.cloudsweep.engine.rules.Fixtures.WASTE;
import static io.cloudsweep.engine.rules.Fixtures.assertVerdict;
import static io.cloudsweep.engine.rules.Fixtures.database;
import static io.cloudsweep.engine.rules.Fixtures.dbSnapshot;
import static io.cloudsweep.engine.rules.Fixtures.finding;
import static io.cloudsweep.engine.rules.Fixtures.judge;
import static org.assertj.core.api.Assertions.assertThat;

class RdsSnapshotOrphanedRuleTest {

    private final RdsSnapshotOrphanedRule rule = new RdsSnapshotOrphanedRule(RdsSnapshotOrphanedRule.Parameters.from(Settings.empty()));

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("120 days old, its database gone", dbSnapshot("crm-final", "crm", 120, "available"), WASTE),
                Case.of("its database still exists", dbSnapshot("orders-1", "orders", 400, "available"), NOT_WASTE)
                        .with(database("orders", "available", 500)),
                Case.of("its database exists, stopped", dbSnapshot("orders-1", "orders", 400, "available"), NOT_WASTE)
                        .with(database("orders", "stopped", 500)),
                Case.of("boundary: exactly 30 days old", dbSnapshot("crm-final", "crm", 30, "available"), WASTE),
                Case.of("boundary: a minute short of 30 days", dbSnapshot("crm-final", "crm", 30 - 1.0 / 1440, "available"), NOT_WASTE),
                Case.of("still being created", dbSnapshot("crm-final", "crm", 120, "creating"), NOT_WASTE),
                Case.of("another database of the same region exists, not its own", dbSnapshot("crm-final", "crm", 120, "available"), WASTE)
                        .with(database("orders", "available", 500)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesManualSnapshotsByWhetherTheirDatabaseExists(Case row) {
        assertVerdict(rule, row);
    }

    @Test
    void deletingTheLastCopyOfADatabaseIsHighRiskAndCannotBeUndone() {
        Finding finding = finding(judge(rule, Case.of("orphan", dbSnapshot("crm-final", "crm", 120, "available"), WASTE)));

        assertThat(finding.action()).isEqualTo(Action.DELETE_DB_SNAPSHOT);
        assertThat(finding.risk()).isEqualTo(Risk.HIGH);
        assertThat(finding.monthlyCost()).contains(Money.usd("23.75")); // 250 GiB of backup storage at $0.095 in us-east-1
        assertThat(finding.reason()).contains("of database crm, which no longer exists");
        assertThat(Action.DELETE_DB_SNAPSHOT.undo().possible()).isFalse();
    }

    @Test
    void theMinimumAgeComesFromTheConfiguration() {
        RdsSnapshotOrphanedRule strict = new RdsSnapshotOrphanedRule(RdsSnapshotOrphanedRule.Parameters.from(Settings.of(
                Map.of("rules.rds-snapshot-orphaned.min-age-days", "180"))));

        assertVerdict(strict, Case.of("120 days", dbSnapshot("crm-final", "crm", 120, "available"), NOT_WASTE));
        assertVerdict(strict, Case.of("boundary: 180 days", dbSnapshot("crm-final", "crm", 180, "available"), WASTE));
    }
}
