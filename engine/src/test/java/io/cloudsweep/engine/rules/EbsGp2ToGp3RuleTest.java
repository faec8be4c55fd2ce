package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.model.VolumeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static io.cloudsweep.engine.rules.Fixtures.Case;
import static io.cloudsweep.engine.rules.Fixtures.NOT_WASTE;
import static io.cloudsweep.engine.rules.Fixtures.WASTE;
import static io.cloudsweep.engine.rules.Fixtures.assertVerdict;
import static io.cloudsweep.engine.rules.Fixtures.finding;
import static io.cloudsweep.engine.rules.Fixtures.instance;
import static io.cloudsweep.engine.rules.Fixtures.judge;
import static io.cloudsweep.engine.rules.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

class EbsGp2ToGp3RuleTest {

    private final EbsGp2ToGp3Rule rule = new EbsGp2ToGp3Rule(EbsGp2ToGp3Rule.Parameters.from(Settings.empty()));

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("attached gp2 volume of a running instance", volume("vol-1").type(VolumeType.GP2, 100).attachedTo("i-1").build(), WASTE)
                        .with(instance("i-1").build()),
                Case.of("gp3 volume already", volume("vol-1").type(VolumeType.GP3, 100).provisioned(3000, 125).attachedTo("i-1").build(), NOT_WASTE)
                        .with(instance("i-1").build()),
                Case.of("io1 volume", volume("vol-1").type(VolumeType.IO1, 100).provisioned(1000, 0).attachedTo("i-1").build(), NOT_WASTE)
                        .with(instance("i-1").build()),
                Case.of("unattached gp2 is left to ebs-unattached", volume("vol-1").type(VolumeType.GP2, 100).build(), NOT_WASTE),
                Case.of("gp2 of a stopped instance is left to the instance's findings",
                        volume("vol-1").type(VolumeType.GP2, 100).attachedTo("i-1").build(), NOT_WASTE)
                        .with(instance("i-1").stoppedDaysAgo(3).build()),
                Case.of("smallest gp2 volume still saves", volume("vol-1").type(VolumeType.GP2, 1).attachedTo("i-1").build(), WASTE)
                        .with(instance("i-1").build()));
    }

    @Test
    void aDataVolumeWithoutIoIsLeftToEbsLowIoWhichDeletesIt() {
        io.cloudsweep.engine.model.EbsVolume data = volume("vol-data").type(VolumeType.GP2, 400).attachedTo("i-1").build();

        assertVerdict(rule, Fixtures.dataVolumeWithIo("no I/O for a week: deleted by ebs-low-io, not retyped", data, 0, NOT_WASTE));
        assertVerdict(rule, Fixtures.dataVolumeWithIo("busy: retyped", data, 5000, WASTE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesGp2Volumes(Case row) {
        assertVerdict(rule, row);
    }

    /** us-east-1: gp2 $0.10/GB; gp3 $0.08/GB, $0.005 per IOPS above 3,000, $0.04 per MiB/s above 125. */
    @ParameterizedTest(name = "{0} GiB: gp3 at {1} IOPS, {2} MiB/s saves {3}")
    @CsvSource({
            // size, target IOPS, target MiB/s, monthly saving
            "100,   3000,  125,  2.00",   // baseline 300 IOPS, 75 MiB/s: all inside gp3's free baseline
            "250,   3000,  188,  2.48",   // 750 IOPS -> 188 MiB/s: 63 MiB/s extra at $0.04
            "500,   3000,  250,  5.00",   // throughput capped at 250: 125 extra = $5.00
            "1000,  3000,  250,  15.00",  // 3,000 IOPS baseline: still free
            "2000,  6000,  250,  20.00",  // 6,000 IOPS: 3,000 extra = $15.00; 200 - (160 + 15 + 5)
            "6000,  16000, 250,  50.00"}) // capped at 16,000 IOPS: 13,000 extra = $65.00; 600 - (480 + 65 + 5)
    void savingIsTheGp2PriceLessGp3WithTheSameBaseline(int size, int iops, int throughput, String saving) {
        Finding finding = finding(judge(rule, Case.of("gp2",
                volume("vol-1").type(VolumeType.GP2, size).attachedTo("i-1").build(), WASTE).with(instance("i-1").build())));

        assertThat(finding.monthlyCost()).contains(Money.usd(saving));
        assertThat(finding.evidence()).anySatisfy(fact -> assertThat(fact.toString()).contains("gp3_iops, value=" + iops));
        assertThat(finding.evidence()).anySatisfy(fact -> assertThat(fact.toString()).contains("gp3_throughput_mibps, value=" + throughput));
        assertThat(finding.action()).isEqualTo(Action.MODIFY_VOLUME_TYPE);
        assertThat(finding.risk()).isEqualTo(Risk.LOW);
    }

    @Test
    void productionVolumeIsHighRisk() {
        Finding finding = finding(judge(rule, Case.of("prod",
                volume("vol-1").type(VolumeType.GP2, 100).attachedTo("i-1").tags("Environment", "Production").build(), WASTE)
                .with(instance("i-1").build())));

        assertThat(finding.risk()).isEqualTo(Risk.HIGH);
    }

    @Test
    void ignoresSavingsBelowTheConfiguredMinimum() {
        EbsGp2ToGp3Rule rule = new EbsGp2ToGp3Rule(EbsGp2ToGp3Rule.Parameters.from(Settings.of(
                Map.of("rules.ebs-gp2-to-gp3.min-monthly-saving-usd", "2.00"))));

        assertVerdict(rule, Case.of("saves exactly $2.00", volume("vol-1").type(VolumeType.GP2, 100).attachedTo("i-1").build(), NOT_WASTE)
                .with(instance("i-1").build()));
        assertVerdict(rule, Case.of("saves $2.48", volume("vol-1").type(VolumeType.GP2, 250).attachedTo("i-1").build(), WASTE)
                .with(instance("i-1").build()));
    }
}
