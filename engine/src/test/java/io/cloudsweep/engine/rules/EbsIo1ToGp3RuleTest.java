package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.ActionParameters;
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

class EbsIo1ToGp3RuleTest {

    private final EbsIo1ToGp3Rule rule = new EbsIo1ToGp3Rule(EbsIo1ToGp3Rule.Parameters.from(Settings.empty()));

    private static Case attached(String why, VolumeType type, int sizeGib, int iops, Class<? extends Verdict> expected) {
        return Case.of(why, volume("vol-1").type(type, sizeGib).provisioned(iops, 0).attachedTo("i-1").build(), expected)
                .with(instance("i-1").build());
    }

    static Stream<Case> cases() {
        return Stream.of(
                attached("io1 with 6,000 IOPS", VolumeType.IO1, 400, 6000, WASTE),
                attached("io2 with 6,000 IOPS", VolumeType.IO2, 400, 6000, WASTE),
                attached("io1 with 100 IOPS: gp3's free 3,000 cover it", VolumeType.IO1, 10, 100, WASTE),
                attached("boundary: io1 with 16,000 IOPS, gp3's most", VolumeType.IO1, 500, 16_000, WASTE),
                attached("boundary: io1 with 16,001 IOPS, io2 no cheaper under 32,000", VolumeType.IO1, 500, 16_001, NOT_WASTE),
                attached("boundary: io1 with 32,000 IOPS, io2 no cheaper", VolumeType.IO1, 500, 32_000, NOT_WASTE),
                attached("boundary: io1 with 32,001 IOPS, io2 cheaper", VolumeType.IO1, 500, 32_001, WASTE),
                attached("io2 above gp3's limits: already the cheaper type", VolumeType.IO2, 500, 40_000, NOT_WASTE),
                attached("gp2 is ebs-gp2-to-gp3's", VolumeType.GP2, 500, 1500, NOT_WASTE),
                attached("gp3 already", VolumeType.GP3, 500, 3000, NOT_WASTE),
                Case.of("unattached io1 is left to ebs-unattached", volume("vol-1").type(VolumeType.IO1, 400).provisioned(6000, 0).build(), NOT_WASTE),
                Case.of("io1 of a stopped instance is left to the instance's findings",
                        volume("vol-1").type(VolumeType.IO1, 400).provisioned(6000, 0).attachedTo("i-1").build(), NOT_WASTE)
                        .with(instance("i-1").stoppedDaysAgo(40).build()));
    }

    @Test
    void aDataVolumeWithoutIoIsLeftToEbsLowIoWhichDeletesIt() {
        io.cloudsweep.engine.model.EbsVolume data = volume("vol-data").type(VolumeType.IO1, 400).provisioned(6000, 0).attachedTo("i-1").build();

        assertVerdict(rule, Fixtures.dataVolumeWithIo("no I/O for a week: deleted by ebs-low-io, not retyped", data, 0, NOT_WASTE));
        assertVerdict(rule, Fixtures.dataVolumeWithIo("busy: retyped", data, 5000, WASTE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesProvisionedIopsVolumes(Case row) {
        assertVerdict(rule, row);
    }

    /** us-east-1: io1 $0.125/GB and $0.065/IOPS; io2 the same up to 32,000 IOPS, $0.0455 above; gp3 $0.08/GB, $0.005/IOPS, $0.04 per MiB/s. */
    @ParameterizedTest(name = "{0} {2} IOPS, {1} GiB: {3} at {4} IOPS and {5} MiB/s saves {6}")
    @CsvSource({
            // type, size, IOPS, target, target IOPS, target MiB/s, monthly saving
            "IO1, 400, 6000,  GP3, 6000,  1000, 358.00",  // 440.00 - (32 + 15 + 35)
            "IO1, 10,  100,   GP3, 3000,  125,  6.95",    // 1.25 + 6.50 - 0.80
            "IO1, 100, 2000,  GP3, 3000,  500,  119.50",  // 12.50 + 130 - (8 + 15)
            "IO2, 500, 16000, GP3, 16000, 1000, 962.50",  // 62.50 + 1,040 - (40 + 65 + 35)
            "IO1, 500, 40000, IO2, 40000, 0,    156.00"}) // 8,000 IOPS above 32,000 at 0.0195 less
    void savingIsTheCurrentPriceLessTheTargetsWithTheSameIops(VolumeType type, int size, int iops, VolumeType to, int targetIops,
                                                               int targetThroughput, String saving) {
        Finding finding = finding(judge(rule, attached("priced", type, size, iops, WASTE)));

        assertThat(finding.monthlyCost()).contains(Money.usd(saving));
        assertThat(finding.action()).isEqualTo(Action.MODIFY_VOLUME_TYPE);
        assertThat(finding.risk()).isEqualTo(Risk.LOW);
        assertThat(finding.parameters()).isEqualTo(new ActionParameters.VolumeTypeChange(to, targetIops, targetThroughput, type, iops, 0));
    }

    @Test
    void ignoresSavingsAtOrBelowTheConfiguredMinimum() {
        EbsIo1ToGp3Rule strict = new EbsIo1ToGp3Rule(EbsIo1ToGp3Rule.Parameters.from(Settings.of(
                Map.of("rules.ebs-io1-to-gp3.min-monthly-saving-usd", "6.95"))));

        assertVerdict(strict, attached("boundary: saves exactly $6.95", VolumeType.IO1, 10, 100, NOT_WASTE));
        assertVerdict(strict, attached("saves $119.50", VolumeType.IO1, 100, 2000, WASTE));
    }
}
