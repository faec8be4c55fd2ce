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
import static io.cloudsweep.engine.rules.Fixtures.address;
import static io.cloudsweep.engine.rules.Fixtures.assertVerdict;
import static io.cloudsweep.engine.rules.Fixtures.finding;
import static io.cloudsweep.engine.rules.Fixtures.instance;
import static io.cloudsweep.engine.rules.Fixtures.judge;
import static org.assertj.core.api.Assertions.assertThat;

class EipUnassociatedRuleTest {

    private final EipUnassociatedRule rule = new EipUnassociatedRule(EipUnassociatedRule.Parameters.from(Settings.empty()));

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("associated with nothing", address("eipalloc-1", null, null), WASTE),
                Case.of("associated with a running instance", address("eipalloc-1", "i-1", "eni-1"), NOT_WASTE)
                        .with(instance("i-1").build()),
                Case.of("associated with a stopped instance", address("eipalloc-1", "i-1", "eni-1"), WASTE)
                        .with(instance("i-1").stoppedDaysAgo(1).build()),
                Case.of("associated with a NAT gateway's interface", address("eipalloc-1", null, "eni-nat"), NOT_WASTE),
                Case.of("associated with an instance outside the inventory", address("eipalloc-1", "i-elsewhere", "eni-1"), NOT_WASTE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesAddresses(Case row) {
        assertVerdict(rule, row);
    }

    @Test
    void costsThePublicIpv4HourlyRateFor730Hours() {
        Finding finding = finding(judge(rule, Case.of("free", address("eipalloc-1", null, null), WASTE)));

        assertThat(finding.monthlyCost()).contains(Money.usd("3.65"));
        assertThat(finding.action()).isEqualTo(Action.RELEASE_ADDRESS);
        assertThat(finding.risk()).isEqualTo(Risk.LOW);
    }

    @Test
    void stoppedInstanceCaseCanBeTurnedOff() {
        EipUnassociatedRule lenient = new EipUnassociatedRule(EipUnassociatedRule.Parameters.from(
                Settings.of(Map.of("rules.eip-unassociated.flag-stopped-instances", "false"))));

        assertVerdict(lenient, Case.of("stopped instance, case off", address("eipalloc-1", "i-1", "eni-1"), NOT_WASTE)
                .with(instance("i-1").stoppedDaysAgo(1).build()));
    }
}
