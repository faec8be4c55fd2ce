package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Confidence;
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
import static io.cloudsweep.engine.rules.Fixtures.NOT_WASTE;
import static io.cloudsweep.engine.rules.Fixtures.WASTE;
import static io.cloudsweep.engine.rules.Fixtures.assertVerdict;
import static io.cloudsweep.engine.rules.Fixtures.finding;
import static io.cloudsweep.engine.rules.Fixtures.judge;
import static io.cloudsweep.engine.rules.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

class EbsUnattachedRuleTest {

    private final EbsUnattachedRule rule = new EbsUnattachedRule(EbsUnattachedRule.Parameters.from(Settings.empty()));

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("unattached, created 41 days ago", volume("vol-1").createdDaysAgo(41).build(), WASTE),
                Case.of("attached volume", volume("vol-1").attachedTo("i-1").createdDaysAgo(400).build(), NOT_WASTE),
                Case.of("unattached for 2 days", volume("vol-1").createdDaysAgo(2).build(), NOT_WASTE),
                Case.of("boundary: exactly 7 days", volume("vol-1").createdDaysAgo(7).build(), WASTE),
                Case.of("boundary: a minute short of 7 days", volume("vol-1").createdDaysAgo(7 - 1.0 / 1440).build(), NOT_WASTE),
                Case.of("old volume detached 3 days ago (inventory)", volume("vol-1").createdDaysAgo(300).detachedDaysAgo(3).build(), NOT_WASTE),
                Case.of("old volume detached 8 days ago (inventory)", volume("vol-1").createdDaysAgo(300).detachedDaysAgo(8).build(), WASTE),
                Case.of("old volume whose tag says detached 2 days ago",
                        volume("vol-1").createdDaysAgo(300).tags("cloudsweep:detached-at", "2026-06-13").build(), NOT_WASTE),
                Case.of("tag says detached 10 days ago",
                        volume("vol-1").createdDaysAgo(300).tags("cloudsweep:detached-at", "2026-06-05T08:00:00Z").build(), WASTE),
                Case.of("unreadable tag falls back to the creation time",
                        volume("vol-1").createdDaysAgo(30).tags("cloudsweep:detached-at", "last tuesday").build(), WASTE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesUnattachedVolumes(Case row) {
        assertVerdict(rule, row);
    }

    @Test
    void flagsVolumeUnattachedLongerThanThresholdWithItsFullCost() {
        Finding finding = finding(judge(rule, Case.of("gp2", volume("vol-1").type(VolumeType.GP2, 100).createdDaysAgo(41).build(), WASTE)));

        assertThat(finding.action()).isEqualTo(Action.DELETE_VOLUME);
        assertThat(finding.risk()).isEqualTo(Risk.MEDIUM);
        assertThat(finding.monthlyCost()).contains(Money.usd("10.00"));
        assertThat(finding.annualCost()).contains(Money.usd("120.00"));
        assertThat(finding.confidence()).isEqualTo(Confidence.MEDIUM);
        assertThat(finding.reason()).contains("created 41 days ago").contains("creation time is the best evidence");
    }

    @Test
    void countsProvisionedIopsOfIo1Volumes() {
        Finding finding = finding(judge(rule, Case.of("io1",
                volume("vol-1").type(VolumeType.IO1, 500).provisioned(5000, 0).createdDaysAgo(41).build(), WASTE)));

        // 500 GiB x $0.125 + 5,000 IOPS x $0.065 in us-east-1
        assertThat(finding.monthlyCost()).contains(Money.usd("387.50"));
    }

    @Test
    void saysWhichEvidenceItUsed() {
        Finding tagged = finding(judge(rule, Case.of("tag",
                volume("vol-1").createdDaysAgo(300).tags("cloudsweep:detached-at", "2026-06-01").build(), WASTE)));
        Finding known = finding(judge(rule, Case.of("inventory", volume("vol-1").createdDaysAgo(300).detachedDaysAgo(9).build(), WASTE)));

        assertThat(tagged.reason()).contains("unattached for 14 days").contains("cloudsweep:detached-at tag");
        assertThat(tagged.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(known.reason()).contains("unattached for 9 days").contains("from the inventory");
    }

    @Test
    void thresholdAndTagKeysAreConfigurable() {
        EbsUnattachedRule strict = new EbsUnattachedRule(EbsUnattachedRule.Parameters.from(Settings.of(Map.of(
                "rules.ebs-unattached.min-days", "30", "rules.ebs-unattached.detached-at-tag-keys", "detached_on"))));
        Case twentyDays = Case.of("20 days", volume("vol-1").createdDaysAgo(20).build(), NOT_WASTE);
        Case tagged = Case.of("tagged", volume("vol-1").createdDaysAgo(300).tags("detached_on", "2026-06-10").build(), NOT_WASTE);

        assertVerdict(strict, twentyDays);
        assertVerdict(strict, tagged);
    }
}
