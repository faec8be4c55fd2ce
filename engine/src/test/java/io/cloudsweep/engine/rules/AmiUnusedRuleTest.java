package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.MachineImage;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.model.Tags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.cloudsweep.engine.rules.Fixtures.ACCOUNT;
import static io.cloudsweep.engine.rules.Fixtures.Case;
import static io.cloudsweep.engine.rules.Fixtures.NOT_WASTE;
import static io.cloudsweep.engine.rules.Fixtures.REGION;
import static io.cloudsweep.engine.rules.Fixtures.WASTE;
import static io.cloudsweep.engine.rules.Fixtures.assertVerdict;
import static io.cloudsweep.engine.rules.Fixtures.daysAgo;
import static io.cloudsweep.engine.rules.Fixtures.finding;
import static io.cloudsweep.engine.rules.Fixtures.judge;
import static io.cloudsweep.engine.rules.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class AmiUnusedRuleTest {

    private static final AmiUnusedRule RULE = new AmiUnusedRule(AmiUnusedRule.Parameters.from(Settings.empty()));

    private static MachineImage image(String id, String name, double ageDays, String... launchedBy) {
        return new MachineImage(ResourceRef.ami(ACCOUNT, REGION, id), Tags.NONE, name, daysAgo(ageDays), MachineImage.State.AVAILABLE,
                List.of("snap-" + id), List.of(launchedBy));
    }

    private static Ec2Instance runningFrom(String imageId) {
        Ec2Instance plain = Fixtures.instance("i-1").build();
        return new Ec2Instance(plain.ref(), plain.tags(), plain.instanceType(), plain.state(), plain.launchedAt(), plain.stateChangedAt(),
                plain.stateTransitionReason(), plain.platform(), plain.availabilityZone(), plain.volumeIds(), plain.rootVolumeId(),
                Optional.of(imageId));
    }

    /** Two newer images of the family "app", which the default keeps. */
    private static final MachineImage NEWER = image("ami-new", "app-2026-05-01", 45);
    private static final MachineImage NEWEST = image("ami-newest", "app-2026-06-01", 14);

    private static Case old(String why, MachineImage image, Class<? extends Verdict> expected) {
        return Case.of(why, image, expected).with(NEWER, NEWEST, snapshot("snap-" + image.ref().id(), "vol-1", 30, 200, ACCOUNT.id()));
    }

    static Stream<Case> cases() {
        MachineImage old = image("ami-old", "app-2025-12-01", 200);
        return Stream.of(
                old("200 days old, used by nothing, two newer of its family", old, WASTE),
                old("an instance was launched from it", old, NOT_WASTE).with(NEWER, NEWEST, runningFrom("ami-old")),
                old("a launch template launches it", image("ami-old", "app-2025-12-01", 200, "launch template app-asg"), NOT_WASTE),
                old("boundary: exactly 90 days old", image("ami-old", "app-2025-12-01", 90), WASTE),
                old("boundary: a minute short of 90 days", image("ami-old", "app-2025-12-01", 90 - 1.0 / 1440), NOT_WASTE),
                Case.of("boundary: the second newest of its family is kept", NEWER, NOT_WASTE).with(old, NEWEST),
                Case.of("the only image of its family", old, NOT_WASTE),
                old("another family's images do not count", image("ami-old", "base-2025-12-01", 200), NOT_WASTE),
                old("pending", new MachineImage(ResourceRef.ami(ACCOUNT, REGION, "ami-old"), Tags.NONE, "app-2025-12-01", daysAgo(200),
                        MachineImage.State.PENDING, List.of()), NOT_WASTE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesOwnImagesByUseAgeAndFamily(Case row) {
        assertVerdict(RULE, row);
    }

    @Test
    void deregistersTheImageAndDeletesItsSnapshotsPricedAtTheirFullSize() {
        Finding finding = finding(judge(RULE, old("old", image("ami-old", "app-2025-12-01", 200), WASTE)));

        assertThat(finding.action()).isEqualTo(Action.DEREGISTER_IMAGE);
        assertThat(finding.risk()).isEqualTo(Risk.MEDIUM);
        assertThat(finding.monthlyCost()).contains(Money.usd("1.50")); // 30 GiB at $0.05 in us-east-1
        assertThat(finding.reason()).contains("not among the 2 newest of its family 'app'");
        assertThat(Action.DEREGISTER_IMAGE.undo().possible()).isFalse();
    }

    @Test
    void keepsTheNewestNAsConfigured() {
        AmiUnusedRule keepOne = new AmiUnusedRule(AmiUnusedRule.Parameters.from(Settings.of(Map.of("rules.ami-unused.keep-newest", "1"))));
        AmiUnusedRule keepThree = new AmiUnusedRule(AmiUnusedRule.Parameters.from(Settings.of(Map.of("rules.ami-unused.keep-newest", "3"))));

        MachineImage old = image("ami-old", "app-2025-12-01", 200);
        assertVerdict(keepOne, Case.of("keep 1: the second newest goes", old, WASTE).with(NEWEST));
        assertVerdict(RULE, Case.of("boundary: keep 2, the second newest stays", old, NOT_WASTE).with(NEWEST));
        assertVerdict(keepThree, old("boundary: keep 3, the third newest stays", image("ami-old", "app-2025-12-01", 200), NOT_WASTE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "app-server-2026-01-10, app-server",
            "golden-image-2025, golden-image",
            "web-v12, web",
            "ubuntu-22.04-app-20240501, ubuntu-22.04-app",
            "base, base",
            "build-123-final, build-123-final",
            "2024-05-01, 2024-05-01"})
    void aFamilyIsTheNameWithoutATrailingVersionOrDate(String name, String family) {
        assertThat(AmiUnusedRule.family(name)).isEqualTo(family);
    }
}
