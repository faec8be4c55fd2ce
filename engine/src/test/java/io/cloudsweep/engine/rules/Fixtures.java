package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.ElasticIp;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.MachineImage;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.MetricSeries;
import io.cloudsweep.engine.model.NatGateway;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.RdsSnapshot;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.model.VolumeType;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Test-data builders and a fixed clock for rule tests. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    static final Account ACCOUNT = new Account("111122223333", "test");
    static final Region REGION = Region.of("us-east-1");
    static final Pricer PRICER = new Pricer(PriceBook.embedded());
    static final RiskPolicy RISK = new RiskPolicy(RiskPolicy.Parameters.defaults());
    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Fixtures() {
    }

    static Instant daysAgo(double days) {
        return NOW.minus(Duration.ofMinutes(Math.round(days * 24 * 60)));
    }

    /** One row of a rule's table: a resource, what else is in its region, its metrics, and the verdict expected. */
    record Case(String why, Resource resource, List<Resource> neighbours, List<MetricSeries> metrics, Class<? extends Verdict> expected) {
        static Case of(String why, Resource resource, Class<? extends Verdict> expected) {
            return new Case(why, resource, List.of(), List.of(), expected);
        }

        Case with(Resource... others) {
            return new Case(why, resource, Arrays.asList(others), metrics, expected);
        }

        Case withMetrics(MetricSeries... series) {
            return new Case(why, resource, neighbours, Arrays.asList(series), expected);
        }

        RuleContext context() {
            List<Resource> all = new ArrayList<>(neighbours);
            all.add(resource);
            return new RuleContext(NOW, new RegionInventory(ACCOUNT, REGION, all), MetricData.of(metrics), PRICER, RISK);
        }

        @Override
        public String toString() {
            return why;
        }
    }

    static final Class<Verdict.Waste> WASTE = Verdict.Waste.class;
    static final Class<Verdict.NotWaste> NOT_WASTE = Verdict.NotWaste.class;
    static final Class<Verdict.InsufficientData> INSUFFICIENT = Verdict.InsufficientData.class;

    static <R extends Resource> Verdict judge(Rule<R> rule, Case row) {
        return rule.evaluate(rule.resourceClass().cast(row.resource()), row.context());
    }

    static <R extends Resource> void assertVerdict(Rule<R> rule, Case row) {
        Verdict verdict = judge(rule, row);
        assertThat(verdict).as(row.why()).isInstanceOf(row.expected());
        if (verdict instanceof Verdict.Waste waste) {
            Finding finding = waste.finding();
            assertThat(finding.ruleId()).isEqualTo(rule.id());
            assertThat(finding.resource()).isEqualTo(row.resource().ref());
            assertThat(finding.reason()).isNotBlank();
            assertThat(finding.evidence()).isNotEmpty();
        }
    }

    static Finding finding(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Waste.class);
        return ((Verdict.Waste) verdict).finding();
    }

    /** A daily series of {@code values}, the last value for yesterday; null leaves a day without a datapoint. */
    static MetricSeries series(MetricQuery query, Double... values) {
        Map<LocalDate, Double> daily = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                daily.put(TODAY.minusDays(values.length - i), values[i]);
            }
        }
        return new MetricSeries(query, daily);
    }

    /** The same value on each of the {@code days} days before today. */
    static MetricSeries flat(MetricQuery query, int days, double value) {
        Double[] values = new Double[days];
        Arrays.fill(values, value);
        return series(query, values);
    }

    /**
     * {@code volume} as a data volume of the running instance i-1 (which boots from vol-root), with {@code perDay} reads
     * and as many writes on each of the last 7 days: what {@code ebs-low-io} judges.
     */
    static Case dataVolumeWithIo(String why, EbsVolume volume, double perDay, Class<? extends Verdict> expected) {
        MetricQuery reads = new MetricQuery(volume.ref(), Metric.EBS_VOLUME_READ_OPS, Metric.Statistic.SUM, 7);
        MetricQuery writes = new MetricQuery(volume.ref(), Metric.EBS_VOLUME_WRITE_OPS, Metric.Statistic.SUM, 7);
        return Case.of(why, volume, expected)
                .with(instance("i-1").volumes("vol-root", volume.ref().id()).root("vol-root").build())
                .withMetrics(flat(reads, 7, perDay), flat(writes, 7, perDay));
    }

    static VolumeBuilder volume(String id) {
        return new VolumeBuilder(id);
    }

    static InstanceBuilder instance(String id) {
        return new InstanceBuilder(id);
    }

    static EbsSnapshot snapshot(String id, String volumeId, int sizeGib, double ageDays, String owner) {
        return new EbsSnapshot(ResourceRef.ebsSnapshot(ACCOUNT, REGION, id), Tags.NONE, daysAgo(ageDays), volumeId, sizeGib, owner,
                EbsSnapshot.State.COMPLETED, "");
    }

    static MachineImage image(String id, MachineImage.State state, String... snapshotIds) {
        return new MachineImage(ResourceRef.ami(ACCOUNT, REGION, id), Tags.NONE, id, daysAgo(500), state, List.of(snapshotIds));
    }

    static ElasticIp address(String allocationId, String instanceId, String networkInterfaceId) {
        boolean associated = instanceId != null || networkInterfaceId != null;
        return new ElasticIp(ResourceRef.elasticIp(ACCOUNT, REGION, allocationId), Tags.NONE, "203.0.113.10",
                associated ? Optional.of("eipassoc-1") : Optional.empty(), Optional.ofNullable(instanceId), Optional.ofNullable(networkInterfaceId));
    }

    static RdsInstance database(String id, String status, double createdDaysAgo) {
        return new RdsInstance(ResourceRef.rdsInstance(ACCOUNT, REGION, id), Tags.NONE, "db.m5.large", "postgres", status,
                daysAgo(createdDaysAgo), false, 100, "gp2");
    }

    static RdsSnapshot dbSnapshot(String id, String database, double ageDays, String status) {
        return new RdsSnapshot(ResourceRef.rdsSnapshot(ACCOUNT, REGION, id), Tags.NONE, database, daysAgo(ageDays), 250, "postgres", status);
    }

    static NatGateway natGateway(String id, double createdDaysAgo, String... routeTableIds) {
        return new NatGateway(ResourceRef.natGateway(ACCOUNT, REGION, id), Tags.NONE, daysAgo(createdDaysAgo), "vpc-1", "subnet-1",
                List.of("eipalloc-1"), List.of(routeTableIds));
    }

    static LoadBalancer loadBalancer(String name, LoadBalancer.Kind kind, double createdDaysAgo, int registered, int healthy) {
        return new LoadBalancer(ResourceRef.loadBalancer(ACCOUNT, REGION, name, "app/" + name + "/0123456789abcdef"), Tags.NONE, kind,
                daysAgo(createdDaysAgo), registered, healthy);
    }

    static final class VolumeBuilder {
        private final String id;
        private VolumeType type = VolumeType.GP2;
        private int size = 100;
        private int iops;
        private int throughput;
        private String attachedTo;
        private double createdDaysAgo = 100;
        private Tags tags = Tags.NONE;
        private Instant detachedAt;

        VolumeBuilder(String id) {
            this.id = id;
        }

        VolumeBuilder type(VolumeType volumeType, int sizeGib) {
            this.type = volumeType;
            this.size = sizeGib;
            return this;
        }

        VolumeBuilder provisioned(int provisionedIops, int throughputMibps) {
            this.iops = provisionedIops;
            this.throughput = throughputMibps;
            return this;
        }

        VolumeBuilder attachedTo(String instanceId) {
            this.attachedTo = instanceId;
            return this;
        }

        VolumeBuilder createdDaysAgo(double days) {
            this.createdDaysAgo = days;
            return this;
        }

        VolumeBuilder detachedDaysAgo(double days) {
            this.detachedAt = daysAgo(days);
            return this;
        }

        VolumeBuilder tags(String... keysAndValues) {
            this.tags = Tags.of(keysAndValues);
            return this;
        }

        EbsVolume build() {
            return new EbsVolume(ResourceRef.ebsVolume(ACCOUNT, REGION, id), tags, daysAgo(createdDaysAgo), type, size, iops, throughput,
                    attachedTo == null ? EbsVolume.State.AVAILABLE : EbsVolume.State.IN_USE, "us-east-1a",
                    attachedTo == null ? List.of() : List.of(attachedTo), Optional.ofNullable(detachedAt));
        }
    }

    static final class InstanceBuilder {
        private final String id;
        private String type = "m5.large";
        private Ec2Instance.State state = Ec2Instance.State.RUNNING;
        private double launchedDaysAgo = 100;
        private String reason = "";
        private String platform = "Linux/UNIX";
        private List<String> volumes = List.of();
        private String rootVolume;
        private Tags tags = Tags.NONE;

        InstanceBuilder(String id) {
            this.id = id;
        }

        InstanceBuilder type(String instanceType) {
            this.type = instanceType;
            return this;
        }

        InstanceBuilder launchedDaysAgo(double days) {
            this.launchedDaysAgo = days;
            return this;
        }

        /** Stopped, with AWS's reason text carrying the stop time. */
        InstanceBuilder stoppedDaysAgo(double days) {
            this.state = Ec2Instance.State.STOPPED;
            this.reason = "User initiated (" + REASON_TIME.format(daysAgo(days).atOffset(ZoneOffset.UTC)) + " GMT)";
            return this;
        }

        InstanceBuilder stoppedWithReason(String reasonText) {
            this.state = Ec2Instance.State.STOPPED;
            this.reason = reasonText;
            return this;
        }

        InstanceBuilder platform(String details) {
            this.platform = details;
            return this;
        }

        InstanceBuilder volumes(String... volumeIds) {
            this.volumes = List.of(volumeIds);
            return this;
        }

        InstanceBuilder tags(String... keysAndValues) {
            this.tags = Tags.of(keysAndValues);
            return this;
        }

        /** Boots from this volume; unset, the root volume is unknown. */
        InstanceBuilder root(String volumeId) {
            this.rootVolume = volumeId;
            return this;
        }

        Ec2Instance build() {
            return new Ec2Instance(ResourceRef.ec2Instance(ACCOUNT, REGION, id), tags, type, state, daysAgo(launchedDaysAgo),
                    Optional.empty(), reason, platform, "us-east-1a", volumes, Optional.ofNullable(rootVolume));
        }
    }
}
