package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.model.VolumeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static io.cloudsweep.engine.rules.Fixtures.Case;
import static io.cloudsweep.engine.rules.Fixtures.address;
import static io.cloudsweep.engine.rules.Fixtures.INSUFFICIENT;
import static io.cloudsweep.engine.rules.Fixtures.NOT_WASTE;
import static io.cloudsweep.engine.rules.Fixtures.WASTE;
import static io.cloudsweep.engine.rules.Fixtures.assertVerdict;
import static io.cloudsweep.engine.rules.Fixtures.finding;
import static io.cloudsweep.engine.rules.Fixtures.instance;
import static io.cloudsweep.engine.rules.Fixtures.judge;
import static io.cloudsweep.engine.rules.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

class Ec2StoppedLongRuleTest {

    private final Ec2StoppedLongRule rule = new Ec2StoppedLongRule(Ec2StoppedLongRule.Parameters.from(Settings.empty()));

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("stopped 45 days with a volume", instance("i-1").stoppedDaysAgo(45).volumes("vol-1").build(), WASTE)
                        .with(volume("vol-1").attachedTo("i-1").build()),
                Case.of("running", instance("i-1").volumes("vol-1").build(), NOT_WASTE)
                        .with(volume("vol-1").attachedTo("i-1").build()),
                Case.of("stopped 10 days", instance("i-1").stoppedDaysAgo(10).volumes("vol-1").build(), NOT_WASTE)
                        .with(volume("vol-1").attachedTo("i-1").build()),
                Case.of("boundary: exactly 30 days", instance("i-1").stoppedDaysAgo(30).volumes("vol-1").build(), WASTE)
                        .with(volume("vol-1").attachedTo("i-1").build()),
                Case.of("boundary: a day short of 30", instance("i-1").stoppedDaysAgo(29.9).volumes("vol-1").build(), NOT_WASTE)
                        .with(volume("vol-1").attachedTo("i-1").build()),
                Case.of("stopped long but no EBS volume costs nothing", instance("i-1").stoppedDaysAgo(45).build(), NOT_WASTE),
                Case.of("stop time missing from the reason", instance("i-1").stoppedWithReason("Server.ScheduledStop").volumes("vol-1").build(),
                        INSUFFICIENT).with(volume("vol-1").attachedTo("i-1").build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesStoppedInstances(Case row) {
        assertVerdict(rule, row);
    }

    @Test
    void costsTheAttachedVolumes() {
        Finding finding = finding(judge(rule, Case.of("two volumes", instance("i-1").stoppedDaysAgo(45).volumes("vol-1", "vol-2").build(), WASTE)
                .with(volume("vol-1").type(VolumeType.GP3, 30).provisioned(3000, 125).attachedTo("i-1").build(),
                        volume("vol-2").type(VolumeType.GP2, 200).attachedTo("i-1").build())));

        assertThat(finding.monthlyCost()).contains(Money.usd("22.40"));
        assertThat(finding.action()).isEqualTo(Action.TERMINATE_INSTANCE);
        assertThat(finding.risk()).isEqualTo(Risk.HIGH);
        assertThat(finding.reason()).contains("stopped for 45 days").contains("its 2 EBS volumes still bill");
    }

    @Test
    void countsItsElasticIpsOnlyWhenEipUnassociatedDoesNotReportThemOnTheirOwn() {
        Case stoppedWithAnAddress = Case.of("an address", instance("i-1").stoppedDaysAgo(45).volumes("vol-1").build(), WASTE)
                .with(volume("vol-1").type(VolumeType.GP2, 100).attachedTo("i-1").build(), address("eipalloc-1", "i-1", "eni-1"),
                        address("eipalloc-2", null, null));
        Ec2StoppedLongRule whole = new Ec2StoppedLongRule(Ec2StoppedLongRule.Parameters.from(Settings.of(
                Map.of("rules.eip-unassociated.flag-stopped-instances", "false"))));

        Finding counted = finding(judge(whole, stoppedWithAnAddress));
        Finding reportedApart = finding(judge(rule, stoppedWithAnAddress));

        assertThat(counted.monthlyCost()).as("$10.00 of gp2 and $3.65 for the address").contains(Money.usd("13.65"));
        assertThat(counted.reason()).contains("so does its Elastic IP 203.0.113.10, which terminating it does not release: release it after");
        assertThat(counted.evidence()).anySatisfy(fact -> assertThat(fact.toString()).contains("elastic_ips, value=eipalloc-1"));
        assertThat(reportedApart.monthlyCost()).as("eip-unassociated reports the address: not counted twice").contains(Money.usd("10.00"));
        assertThat(reportedApart.reason()).doesNotContain("Elastic IP");
    }

    @Test
    void volumeMissingFromTheInventoryMakesTheCostUnknown() {
        Finding finding = finding(judge(rule, Case.of("missing", instance("i-1").stoppedDaysAgo(45).volumes("vol-9").build(), WASTE)));

        assertThat(finding.monthlyCost()).isEmpty();
        assertThat(finding.cost().toString()).contains("vol-9");
    }
}
