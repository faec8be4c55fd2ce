package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Confidence;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.MetricSeries;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.model.VolumeType;
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
import static io.cloudsweep.engine.rules.Fixtures.finding;
import static io.cloudsweep.engine.rules.Fixtures.flat;
import static io.cloudsweep.engine.rules.Fixtures.instance;
import static io.cloudsweep.engine.rules.Fixtures.judge;
import static io.cloudsweep.engine.rules.Fixtures.series;
import static io.cloudsweep.engine.rules.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

class EbsLowIoRuleTest {

    private static final EbsLowIoRule RULE = new EbsLowIoRule(EbsLowIoRule.Parameters.from(Settings.empty()));

    private static MetricQuery reads(EbsVolume volume) {
        return new MetricQuery(volume.ref(), Metric.EBS_VOLUME_READ_OPS, Metric.Statistic.SUM, 7);
    }

    private static MetricQuery writes(EbsVolume volume) {
        return new MetricQuery(volume.ref(), Metric.EBS_VOLUME_WRITE_OPS, Metric.Statistic.SUM, 7);
    }

    /** A data volume of a running instance that boots from vol-root, with these daily reads and writes. */
    private static Case dataVolume(String why, EbsVolume volume, MetricSeries reads, MetricSeries writes, Class<? extends Verdict> expected) {
        return Case.of(why, volume, expected)
                .with(instance("i-1").volumes("vol-root", volume.ref().id()).root("vol-root").build())
                .withMetrics(reads, writes);
    }

    private static final EbsVolume DATA = volume("vol-data").type(VolumeType.GP3, 200).provisioned(3000, 125).attachedTo("i-1").build();

    static Stream<Case> cases() {
        EbsVolume young = volume("vol-data").attachedTo("i-1").createdDaysAgo(7 - 1.0 / 1440).build();
        EbsVolume sevenDays = volume("vol-data").attachedTo("i-1").createdDaysAgo(7).build();
        EbsVolume root = volume("vol-root").attachedTo("i-1").build();
        return Stream.of(
                dataVolume("no reads or writes for 7 days", DATA, flat(reads(DATA), 7, 0), flat(writes(DATA), 7, 0), WASTE),
                dataVolume("no datapoints at all (CloudWatch's zero)", DATA, series(reads(DATA)), series(writes(DATA)), WASTE),
                dataVolume("boundary: 0.5 reads and 0.4 writes a day, under 1", DATA, flat(reads(DATA), 7, 0.5), flat(writes(DATA), 7, 0.4), WASTE),
                dataVolume("boundary: 0.5 reads and 0.5 writes on one day make 1", DATA,
                        series(reads(DATA), 0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0), series(writes(DATA), 0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0), NOT_WASTE),
                dataVolume("busy on one day of the seven", DATA, series(reads(DATA), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 5000.0),
                        flat(writes(DATA), 7, 0), NOT_WASTE),
                dataVolume("busy every day", DATA, flat(reads(DATA), 7, 20_000), flat(writes(DATA), 7, 9_000), NOT_WASTE),
                dataVolume("boundary: created exactly 7 days ago", sevenDays, flat(reads(sevenDays), 7, 0), flat(writes(sevenDays), 7, 0), WASTE),
                dataVolume("boundary: a minute short of 7 days old", young, flat(reads(young), 7, 0), flat(writes(young), 7, 0), NOT_WASTE),
                dataVolume("the instance's root volume", root, flat(reads(root), 7, 0), flat(writes(root), 7, 0), NOT_WASTE),
                Case.of("root volume unknown: every volume may be the root", DATA, NOT_WASTE)
                        .with(instance("i-1").volumes("vol-root", "vol-data").build())
                        .withMetrics(flat(reads(DATA), 7, 0), flat(writes(DATA), 7, 0)),
                Case.of("attached to a stopped instance: left to ec2-stopped-long", DATA, NOT_WASTE)
                        .with(instance("i-1").volumes("vol-root", "vol-data").root("vol-root").stoppedDaysAgo(40).build())
                        .withMetrics(flat(reads(DATA), 7, 0), flat(writes(DATA), 7, 0)),
                Case.of("attached to an instance the inventory does not hold", DATA, NOT_WASTE)
                        .withMetrics(flat(reads(DATA), 7, 0), flat(writes(DATA), 7, 0)),
                Case.of("unattached: left to ebs-unattached", volume("vol-data").build(), NOT_WASTE),
                Case.of("no write series fetched", DATA, INSUFFICIENT)
                        .with(instance("i-1").volumes("vol-root", "vol-data").root("vol-root").build())
                        .withMetrics(flat(reads(DATA), 7, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesAttachedVolumesByTheirIo(Case row) {
        assertVerdict(RULE, row);
    }

    @Test
    void deletesTheQuietVolumeAfterABackupAtItsFullPrice() {
        Finding finding = finding(judge(RULE, dataVolume("quiet", DATA, flat(reads(DATA), 7, 0), flat(writes(DATA), 7, 0), WASTE)));

        assertThat(finding.action()).isEqualTo(Action.DETACH_AND_DELETE_VOLUME);
        assertThat(finding.risk()).isEqualTo(Risk.MEDIUM);
        assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(finding.monthlyCost()).contains(Money.usd("16.00")); // 200 GiB gp3 at $0.08 in us-east-1
        assertThat(finding.reason()).contains("attached to i-1 (not its root volume)").contains("at most 0 reads and writes a day on each of the last 7 days");
        assertThat(finding.evidence()).anySatisfy(fact -> assertThat(fact.toString()).contains("attached_to, value=i-1"));
    }

    @Test
    void aFewOperationsUnderTheThresholdLowerTheConfidence() {
        Finding finding = finding(judge(RULE, dataVolume("quiet", DATA, flat(reads(DATA), 7, 0.5), flat(writes(DATA), 7, 0), WASTE)));

        assertThat(finding.confidence()).isEqualTo(Confidence.MEDIUM);
    }

    /** The queries {@code volume} gets asked for, in a region of {@code neighbours}. */
    private static java.util.List<MetricQuery> asked(EbsVolume volume, io.cloudsweep.engine.model.Resource... neighbours) {
        return RULE.metricQueries(volume, Case.of("asked", volume, WASTE).with(neighbours).context());
    }

    @Test
    void asksForReadsAndWritesOnlyOfDataVolumesOfRunningInstancesOldEnough() {
        io.cloudsweep.engine.model.Ec2Instance running = instance("i-1").volumes("vol-root", "vol-data").root("vol-root").build();

        assertThat(asked(DATA, running)).containsExactly(reads(DATA), writes(DATA));
        assertThat(asked(volume("vol-root").attachedTo("i-1").build(), running)).as("the root volume").isEmpty();
        assertThat(asked(DATA, instance("i-1").volumes("vol-root", "vol-data").build())).as("root unknown").isEmpty();
        assertThat(asked(DATA, instance("i-1").volumes("vol-root", "vol-data").root("vol-root").stoppedDaysAgo(40).build()))
                .as("instance stopped").isEmpty();
        assertThat(asked(DATA)).as("instance not in the inventory").isEmpty();
        assertThat(asked(volume("vol-data").build(), running)).as("unattached").isEmpty();
        assertThat(asked(volume("vol-data").attachedTo("i-1").createdDaysAgo(2).build(), running)).as("too young").isEmpty();
    }

    @Test
    void thresholdsComeFromTheConfiguration() {
        EbsLowIoRule strict = new EbsLowIoRule(EbsLowIoRule.Parameters.from(Settings.of(Map.of(
                "rules.ebs-low-io.min-daily-operations", "10", "rules.ebs-low-io.lookback-days", "3"))));
        MetricQuery reads = new MetricQuery(DATA.ref(), Metric.EBS_VOLUME_READ_OPS, Metric.Statistic.SUM, 3);
        MetricQuery writes = new MetricQuery(DATA.ref(), Metric.EBS_VOLUME_WRITE_OPS, Metric.Statistic.SUM, 3);

        assertVerdict(strict, dataVolume("9 a day, under 10", DATA, flat(reads, 3, 5), flat(writes, 3, 4), WASTE));
        assertVerdict(strict, dataVolume("boundary: 10 on one day", DATA, series(reads, 5.0, 6.0, 5.0), flat(writes, 3, 4), NOT_WASTE));
    }
}
