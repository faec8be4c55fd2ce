package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Confidence;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.MachineImage;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.Risk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.cloudsweep.engine.rules.Fixtures.ACCOUNT;
import static io.cloudsweep.engine.rules.Fixtures.Case;
import static io.cloudsweep.engine.rules.Fixtures.NOT_WASTE;
import static io.cloudsweep.engine.rules.Fixtures.WASTE;
import static io.cloudsweep.engine.rules.Fixtures.assertVerdict;
import static io.cloudsweep.engine.rules.Fixtures.finding;
import static io.cloudsweep.engine.rules.Fixtures.image;
import static io.cloudsweep.engine.rules.Fixtures.judge;
import static io.cloudsweep.engine.rules.Fixtures.snapshot;
import static io.cloudsweep.engine.rules.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

class EbsSnapshotOldRuleTest {

    private static final String OWN = ACCOUNT.id();
    private final EbsSnapshotOldRule rule = new EbsSnapshotOldRule(EbsSnapshotOldRule.Parameters.from(Settings.empty()));

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("200 days old, volume gone", snapshot("snap-1", "vol-gone", 100, 200, OWN), WASTE),
                Case.of("30 days old", snapshot("snap-1", "vol-gone", 100, 30, OWN), NOT_WASTE),
                Case.of("boundary: exactly 90 days", snapshot("snap-1", "vol-gone", 100, 90, OWN), WASTE),
                Case.of("boundary: an hour short of 90 days", snapshot("snap-1", "vol-gone", 100, 90 - 1.0 / 24, OWN), NOT_WASTE),
                Case.of("backs a registered AMI", snapshot("snap-1", "vol-gone", 100, 400, OWN), NOT_WASTE)
                        .with(image("ami-1", MachineImage.State.AVAILABLE, "snap-1")),
                Case.of("backed an AMI that was deregistered", snapshot("snap-1", "vol-gone", 100, 400, OWN), WASTE)
                        .with(image("ami-1", MachineImage.State.DEREGISTERED, "snap-1")),
                Case.of("another account's snapshot", snapshot("snap-1", "vol-gone", 100, 400, "999988887777"), NOT_WASTE),
                Case.of("old, volume still here", snapshot("snap-1", "vol-1", 100, 400, OWN), WASTE)
                        .with(volume("vol-1").attachedTo("i-1").build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesOldSnapshots(Case row) {
        assertVerdict(rule, row);
    }

    @Test
    void goneSourceVolumeRaisesConfidence() {
        Finding gone = finding(judge(rule, Case.of("gone", snapshot("snap-1", "vol-gone", 200, 212, OWN), WASTE)));
        Finding present = finding(judge(rule, Case.of("present", snapshot("snap-1", "vol-1", 200, 212, OWN), WASTE)
                .with(volume("vol-1").attachedTo("i-1").build())));
        Finding copied = finding(judge(rule, Case.of("copied", snapshot("snap-1", "vol-ffffffff", 200, 212, OWN), WASTE)));

        assertThat(gone.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(copied.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(present.confidence()).isEqualTo(Confidence.MEDIUM);
        assertThat(gone.reason()).contains("no longer exists");
        assertThat(present.reason()).contains("still exists");
    }

    @Test
    void pricesTheFullSizeAndSaysTheRealFigureMayBeLower() {
        Finding finding = finding(judge(rule, Case.of("gone", snapshot("snap-1", "vol-gone", 200, 212, OWN), WASTE)));

        assertThat(finding.monthlyCost()).contains(Money.usd("10.00"));
        assertThat(finding.reason()).contains("incremental storage may make the real figure lower");
        assertThat(finding.action()).isEqualTo(Action.DELETE_SNAPSHOT);
        assertThat(finding.risk()).isEqualTo(Risk.LOW);
    }
}
