package io.cloudsweep.engine.demo;

import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.NatGateway;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.model.VolumeType;

import static io.cloudsweep.engine.demo.DemoMetrics.around;
import static io.cloudsweep.engine.demo.DemoMetrics.constant;
import static io.cloudsweep.engine.demo.DemoMetrics.missingOn;
import static io.cloudsweep.engine.demo.DemoMetrics.spike;

/**
 * What the demo account holds. Each resource says in a comment what CloudSweep should make of it;
 * {@code DemoCloudTest} checks exactly that, and the README lists the same.
 */
final class DemoResources {

    private static final Region US_EAST_1 = Region.of("us-east-1");
    private static final Region EU_WEST_1 = Region.of("eu-west-1");
    private static final Region AP_SOUTHEAST_2 = Region.of("ap-southeast-2");
    private static final String OTHER_ACCOUNT = "210987654321";

    private DemoResources() {
    }

    static void populate(DemoAccountBuilder demo) {
        usEast1(demo);
        euWest1(demo);
        apSoutheast2(demo);
    }

    private static void usEast1(DemoAccountBuilder demo) {
        Region region = US_EAST_1;
        String own = demo.account().id();

        // A busy production web server (not waste); its gp2 data volume should move to gp3 (high risk: env=prod).
        Ec2Instance web = demo.running(region, "i-0a7c31e2b9d4f5001", "m5.large", 120, Tags.of("Name", "web-1", "team", "web", "env", "prod"),
                "vol-0e41b7c2d9a3f0105", "vol-0e41b7c2d9a3f0104", "vol-0e41b7c2d9a3f0111");
        demo.volume(region, "vol-0e41b7c2d9a3f0105", VolumeType.GP3, 50, 3000, 125, web.ref().id(), 120, Tags.of("Name", "web-1-root", "env", "prod"));
        EbsVolume webData = demo.volume(region, "vol-0e41b7c2d9a3f0104", VolumeType.GP2, 500, 1500, 0, web.ref().id(), 120,
                Tags.of("Name", "web-1-data", "env", "prod"));
        web = demo.launchedFrom(web, "ami-0b5d7e9f1a3c50304");
        busy(demo, web);
        busy(demo, webData);
        // Attached to the busy web server, but not read or written for weeks: ebs-low-io (high risk, as the server: env=prod).
        EbsVolume scratch = demo.volume(region, "vol-0e41b7c2d9a3f0111", VolumeType.GP3, 200, 3000, 125, web.ref().id(), 90,
                Tags.of("Name", "web-1-old-cache", "env", "prod"));
        demo.metric(scratch, Metric.EBS_VOLUME_READ_OPS, constant(0));
        demo.metric(scratch, Metric.EBS_VOLUME_WRITE_OPS, constant(0));

        // Stopped 45 days ago: its two volumes still bill (ec2-stopped-long), its address too (eip-unassociated).
        Ec2Instance batch = demo.stopped(region, "i-0a7c31e2b9d4f5002", "t3.large", 45, Tags.of("Name", "batch-old", "team", "data"),
                "vol-0e41b7c2d9a3f0106", "vol-0e41b7c2d9a3f0107");
        demo.volume(region, "vol-0e41b7c2d9a3f0106", VolumeType.GP3, 30, 3000, 125, batch.ref().id(), 200, Tags.of("Name", "batch-root"));
        // gp2, but attached to the stopped instance: judged with it, not by ebs-gp2-to-gp3.
        demo.volume(region, "vol-0e41b7c2d9a3f0107", VolumeType.GP2, 200, 600, 0, batch.ref().id(), 200, Tags.of("Name", "batch-data"));

        // Stopped only 10 days ago: not waste yet.
        Ec2Instance ci = demo.stopped(region, "i-0a7c31e2b9d4f5003", "t3.medium", 10, Tags.of("Name", "ci-runner"), "vol-0e41b7c2d9a3f0108");
        demo.volume(region, "vol-0e41b7c2d9a3f0108", VolumeType.GP3, 20, 3000, 125, ci.ref().id(), 90, Tags.NONE);

        // Idle for two weeks and more: ec2-idle.
        Ec2Instance reporting = demo.running(region, "i-0a7c31e2b9d4f5004", "m5.xlarge", 60, Tags.of("Name", "reporting", "team", "finance"),
                "vol-0e41b7c2d9a3f0109");
        demo.volume(region, "vol-0e41b7c2d9a3f0109", VolumeType.GP3, 40, 3000, 125, reporting.ref().id(), 60, Tags.NONE);
        idle(demo, reporting);

        // A busy build server on a previous generation: t3.large of the same size costs less (ec2-previous-generation).
        Ec2Instance jenkins = demo.running(region, "i-0a7c31e2b9d4f5008", "t2.large", 300, Tags.of("Name", "legacy-jenkins", "team", "web"));
        busy(demo, jenkins);

        // Idle, but launched 5 days ago: too young to judge.
        Ec2Instance staging = demo.running(region, "i-0a7c31e2b9d4f5005", "t3.medium", 5, Tags.of("Name", "staging-api"));
        idle(demo, staging);

        // Quiet, but busy on one day of the last 14: not idle.
        Ec2Instance etl = demo.running(region, "i-0a7c31e2b9d4f5006", "c5.large", 30, Tags.of("Name", "etl-worker"),
                "vol-0e41b7c2d9a3f0112", "vol-0e41b7c2d9a3f0113", "vol-0e41b7c2d9a3f0114");
        demo.metric(etl, Metric.EC2_CPU_UTILIZATION, spike(around(2, 1), 6, 41));
        quietNetwork(demo, etl);
        demo.volume(region, "vol-0e41b7c2d9a3f0112", VolumeType.GP3, 30, 3000, 125, etl.ref().id(), 30, Tags.of("Name", "etl-root"));
        // io1 with 40,000 IOPS, above gp3's limits: io2 gives the same IOPS for less (ebs-io1-to-gp3).
        busy(demo, demo.volume(region, "vol-0e41b7c2d9a3f0113", VolumeType.IO1, 1000, 40_000, 0, etl.ref().id(), 30, Tags.of("Name", "etl-staging")));
        // io2 with 20,000 IOPS: above gp3's limits, and io2 already: not waste.
        busy(demo, demo.volume(region, "vol-0e41b7c2d9a3f0114", VolumeType.IO2, 500, 20_000, 0, etl.ref().id(), 30, Tags.of("Name", "etl-journal")));

        // Looks idle, but four days of CPU data are missing: insufficient data, no finding.
        Ec2Instance legacy = demo.running(region, "i-0a7c31e2b9d4f5007", "m5.large", 90, Tags.of("Name", "legacy-app"));
        demo.metric(legacy, Metric.EC2_CPU_UTILIZATION, missingOn(around(3, 1), 3, 4, 8, 11));
        quietNetwork(demo, legacy);

        // Unattached 41 days, detach time unknown, so its creation time is the evidence: ebs-unattached.
        demo.volume(region, "vol-0e41b7c2d9a3f0101", VolumeType.GP2, 100, 300, 0, null, 41, Tags.of("team", "data"));
        // An io1 volume detached 20 days ago, as its tag records: ebs-unattached, the most expensive finding.
        demo.volume(region, "vol-0e41b7c2d9a3f0102", VolumeType.IO1, 500, 5000, 0, null, 200,
                Tags.of("Name", "old-db-data", "cloudsweep:detached-at", demo.dateDaysAgo(20)));
        // Unattached, but only for 2 days: not waste yet.
        demo.volume(region, "vol-0e41b7c2d9a3f0103", VolumeType.GP2, 50, 150, 0, null, 2, Tags.of("Name", "scratch"));
        // Unattached for 300 days, but protected by its owner.
        demo.volume(region, "vol-0e41b7c2d9a3f0110", VolumeType.GP2, 80, 240, 0, null, 300,
                Tags.of("Name", "legal-hold", "cloudsweep:ignore", "true"));

        // 212 days old, its volume long gone: ebs-snapshot-old with high confidence.
        demo.snapshot(region, "snap-03f9a1c5e7b2d0201", "vol-0d00000000000dead", 200, 212, own, Tags.of("Name", "pre-migration"));
        // 120 days old, its volume still here: ebs-snapshot-old with medium confidence.
        demo.snapshot(region, "snap-03f9a1c5e7b2d0202", "vol-0e41b7c2d9a3f0101", 100, 120, own, Tags.NONE);
        // 400 days old, but it backs a registered AMI: kept.
        demo.snapshot(region, "snap-03f9a1c5e7b2d0203", "vol-0e41b7c2d9a3f0105", 30, 400, own, Tags.NONE);
        demo.launchableImage(region, "ami-0b5d7e9f1a3c50301", "golden-image-2025", 400, java.util.List.of("launch template base-lt"),
                "snap-03f9a1c5e7b2d0203");
        // The app-server family of images: the one of January is launched by nothing and is not among the two newest
        // (ami-unused); the one of November 2025 is older still, but an Auto Scaling group is pinned to the version of
        // the app-lt launch template that launches it; the web server runs the June one; September's is the newest.
        demo.launchableImage(region, "ami-0b5d7e9f1a3c50302", "app-server-2025-11-01", 400,
                java.util.List.of("launch template app-lt version 3 (Auto Scaling group app-asg)"), "snap-03f9a1c5e7b2d0206");
        demo.image(region, "ami-0b5d7e9f1a3c50303", "app-server-2026-01-10", 330, "snap-03f9a1c5e7b2d0207");
        demo.image(region, "ami-0b5d7e9f1a3c50304", "app-server-2026-06-20", 170, "snap-03f9a1c5e7b2d0208");
        demo.image(region, "ami-0b5d7e9f1a3c50305", "app-server-2026-09-15", 80, "snap-03f9a1c5e7b2d0209");
        demo.snapshot(region, "snap-03f9a1c5e7b2d0206", "vol-0e41b7c2d9a3f0105", 30, 400, own, Tags.NONE);
        demo.snapshot(region, "snap-03f9a1c5e7b2d0207", "vol-0e41b7c2d9a3f0105", 30, 330, own, Tags.NONE);
        demo.snapshot(region, "snap-03f9a1c5e7b2d0208", "vol-0e41b7c2d9a3f0105", 30, 170, own, Tags.NONE);
        demo.snapshot(region, "snap-03f9a1c5e7b2d0209", "vol-0e41b7c2d9a3f0105", 30, 80, own, Tags.NONE);
        // 30 days old: too young.
        demo.snapshot(region, "snap-03f9a1c5e7b2d0204", "vol-0e41b7c2d9a3f0105", 50, 30, own, Tags.NONE);
        // Shared with us by another account: not ours to delete.
        demo.snapshot(region, "snap-03f9a1c5e7b2d0205", "vol-0f11111111111aaaa", 100, 300, OTHER_ACCOUNT, Tags.NONE);

        // Associated with nothing, and with the stopped batch instance: eip-unassociated twice.
        demo.address(region, "eipalloc-07c2e4a6b8d0f0401", "54.210.33.17", null, null, Tags.NONE);
        demo.address(region, "eipalloc-07c2e4a6b8d0f0402", "54.210.33.18", batch.ref().id(), "eni-0batch", Tags.NONE);
        // Associated with the running web server, and with a NAT gateway's interface: in use.
        demo.address(region, "eipalloc-07c2e4a6b8d0f0403", "54.210.33.19", web.ref().id(), "eni-0web", Tags.NONE);
        demo.address(region, "eipalloc-07c2e4a6b8d0f0404", "54.210.33.20", null, "eni-0natgw", Tags.of("Name", "nat-gateway"));
        // The NAT gateway holding that address carries the private subnets' traffic: not waste.
        NatGateway busyNat = demo.natGateway(region, "nat-0f1e2d3c4b5a60701", 300, "eipalloc-07c2e4a6b8d0f0404", "rtb-0use1private",
                Tags.of("Name", "use1-nat"));
        demo.metric(busyNat, Metric.NAT_BYTES_IN_FROM_SOURCE, around(4e9, 1e9));
        demo.metric(busyNat, Metric.NAT_BYTES_OUT_TO_DESTINATION, around(3e9, 1e9));

        // No connection for a week: rds-idle. A busy database beside it.
        RdsInstance analytics = demo.database(region, "analytics-old", "postgres", "db.m5.large", 200, 100, Tags.of("team", "data"));
        demo.metric(analytics, Metric.RDS_DATABASE_CONNECTIONS, constant(0));
        RdsInstance orders = demo.database(region, "orders", "mysql", "db.t3.medium", 100, 400, Tags.of("team", "shop"));
        demo.metric(orders, Metric.RDS_DATABASE_CONNECTIONS, around(30, 10));
        // The final snapshot of a CRM database deleted four months ago: rds-snapshot-orphaned. A snapshot of the busy
        // orders database, and one of a database dropped 10 days ago, beside it: not waste.
        demo.dbSnapshot(region, "legacy-crm-final", "legacy-crm", 120, 250, "postgres");
        demo.dbSnapshot(region, "orders-before-upgrade", "orders", 200, 100, "mysql");
        demo.dbSnapshot(region, "billing-v1-final", "billing-v1", 10, 50, "postgres");

        // Load balancers: one with no targets, a network one with almost no flows, a classic one with no healthy
        // instance (all elb-idle); one with traffic and one too new to judge (not waste).
        demo.loadBalancer(region, LoadBalancer.Kind.APPLICATION, "old-promo", "3e1f5a7c9b2d0501", 60, 0, 0, Tags.of("team", "marketing"));
        LoadBalancer ingest = demo.loadBalancer(region, LoadBalancer.Kind.NETWORK, "tcp-ingest", "3e1f5a7c9b2d0502", 200, 2, 2, Tags.NONE);
        demo.metric(ingest, Metric.NLB_NEW_FLOW_COUNT, around(10, 5));
        demo.loadBalancer(region, LoadBalancer.Kind.CLASSIC, "legacy-elb", "", 400, 1, 0, Tags.NONE);
        LoadBalancer webLb = demo.loadBalancer(region, LoadBalancer.Kind.APPLICATION, "web", "3e1f5a7c9b2d0504", 300, 2, 2, Tags.of("env", "prod"));
        demo.metric(webLb, Metric.ALB_REQUEST_COUNT, around(50_000, 10_000));
        demo.loadBalancer(region, LoadBalancer.Kind.APPLICATION, "new-canary", "3e1f5a7c9b2d0505", 3, 0, 0, Tags.NONE);
    }

    private static void euWest1(DemoAccountBuilder demo) {
        Region region = EU_WEST_1;
        String own = demo.account().id();

        // Stopped 90 days with a gp2 root volume: ec2-stopped-long.
        Ec2Instance training = demo.stopped(region, "i-0c4e6a8b0d2f31001", "r5.large", 90, Tags.of("Name", "ml-train", "team", "ml"),
                "vol-0f52c8d3e0b4a1104");
        demo.volume(region, "vol-0f52c8d3e0b4a1104", VolumeType.GP2, 100, 300, 0, training.ref().id(), 150, Tags.NONE);

        // A busy production API whose gp2 volume should move to gp3 (high risk: environment=production).
        Ec2Instance api = demo.running(region, "i-0c4e6a8b0d2f31002", "m6i.large", 200, Tags.of("Name", "api-eu", "environment", "production"),
                "vol-0f52c8d3e0b4a1103", "vol-0f52c8d3e0b4a1101", "vol-0f52c8d3e0b4a1105");
        // io1 with 6,000 IOPS, within gp3's limits: gp3 with the same IOPS costs far less (ebs-io1-to-gp3, high risk: production).
        busy(demo, demo.volume(region, "vol-0f52c8d3e0b4a1105", VolumeType.IO1, 400, 6000, 0, api.ref().id(), 200,
                Tags.of("Name", "api-eu-db", "environment", "production")));
        demo.volume(region, "vol-0f52c8d3e0b4a1103", VolumeType.GP3, 8, 3000, 125, api.ref().id(), 200, Tags.NONE);
        busy(demo, demo.volume(region, "vol-0f52c8d3e0b4a1101", VolumeType.GP2, 250, 750, 0, api.ref().id(), 200, Tags.of("Name", "api-eu-data")));
        busy(demo, api);

        // An st1 volume unattached for 15 days (its creation time is the evidence): ebs-unattached.
        demo.volume(region, "vol-0f52c8d3e0b4a1102", VolumeType.ST1, 500, 0, 0, null, 15, Tags.of("Name", "log-archive"));

        // 95 days old, volume gone: ebs-snapshot-old. 89 days old: one day short.
        demo.snapshot(region, "snap-05a7c9e1b3d5f1201", "vol-0d00000000000beef", 50, 95, own, Tags.NONE);
        demo.snapshot(region, "snap-05a7c9e1b3d5f1202", "vol-0d00000000000beef", 50, 89, own, Tags.NONE);

        demo.address(region, "eipalloc-09e4a6c8e0f2b1401", "34.240.10.5", null, null, Tags.of("Name", "old-vpn"));
        // A NAT gateway left from a migration: no byte through it for months, one route table still pointing at it
        // (nat-gateway-idle). Its address is in use by it, so not flagged on its own.
        demo.address(region, "eipalloc-09e4a6c8e0f2b1402", "34.240.10.6", null, "eni-0eunat", Tags.of("Name", "old-nat"));
        NatGateway oldNat = demo.natGateway(region, "nat-0a1b2c3d4e5f60701", 200, "eipalloc-09e4a6c8e0f2b1402", "rtb-0euw1legacy",
                Tags.of("Name", "migration-nat"));
        demo.metric(oldNat, Metric.NAT_BYTES_IN_FROM_SOURCE, constant(0));
        demo.metric(oldNat, Metric.NAT_BYTES_OUT_TO_DESTINATION, constant(0));

        // An idle replica: rds-idle. A new database without connections yet: too young to judge.
        RdsInstance replica = demo.database(region, "reports-replica", "postgres", "db.t3.medium", 100, 250, Tags.NONE);
        demo.metric(replica, Metric.RDS_DATABASE_CONNECTIONS, constant(0));
        RdsInstance fresh = demo.database(region, "new-db", "postgres", "db.t3.medium", 20, 3, Tags.NONE);
        demo.metric(fresh, Metric.RDS_DATABASE_CONNECTIONS, constant(0));

        // Healthy targets, but fewer than 100 requests a day: elb-idle. A busy one beside it.
        LoadBalancer marketing = demo.loadBalancer(region, LoadBalancer.Kind.APPLICATION, "eu-marketing", "7a9c1e3f5b7d1501", 120, 2, 2, Tags.NONE);
        demo.metric(marketing, Metric.ALB_REQUEST_COUNT, around(20, 10));
        LoadBalancer euWeb = demo.loadBalancer(region, LoadBalancer.Kind.APPLICATION, "eu-web", "7a9c1e3f5b7d1502", 300, 3, 3, Tags.NONE);
        demo.metric(euWeb, Metric.ALB_REQUEST_COUNT, around(20_000, 5_000));
    }

    private static void apSoutheast2(DemoAccountBuilder demo) {
        Region region = AP_SOUTHEAST_2;
        String own = demo.account().id();

        // Idle for a month: ec2-idle; its small gp2 root volume should be gp3: ebs-gp2-to-gp3.
        Ec2Instance batch = demo.running(region, "i-0e6a8c0e2b4d52001", "t3.small", 30, Tags.of("Name", "sydney-batch"), "vol-0a63d9e4f1c5b2103");
        demo.volume(region, "vol-0a63d9e4f1c5b2103", VolumeType.GP2, 8, 100, 0, batch.ref().id(), 30, Tags.NONE);
        idle(demo, batch);

        // Busy: not waste.
        Ec2Instance web = demo.running(region, "i-0e6a8c0e2b4d52002", "c5.large", 100, Tags.of("Name", "sydney-web"), "vol-0a63d9e4f1c5b2102");
        demo.volume(region, "vol-0a63d9e4f1c5b2102", VolumeType.GP3, 30, 3000, 125, web.ref().id(), 100, Tags.NONE);
        busy(demo, web);

        // Idle, but its owner protected it.
        Ec2Instance keep = demo.running(region, "i-0e6a8c0e2b4d52003", "m5.large", 100, Tags.of("Name", "sydney-dr", "cloudsweep:ignore", "true"),
                "vol-0a63d9e4f1c5b2104");
        demo.volume(region, "vol-0a63d9e4f1c5b2104", VolumeType.GP3, 30, 3000, 125, keep.ref().id(), 100, Tags.NONE);
        idle(demo, keep);

        // Detached 9 days ago, as its tag records: ebs-unattached.
        demo.volume(region, "vol-0a63d9e4f1c5b2101", VolumeType.GP2, 30, 100, 0, null, 60,
                Tags.of("cloudsweep:detached-at", demo.dateDaysAgo(9)));

        // 400 days old, its volume still here: ebs-snapshot-old with medium confidence.
        demo.snapshot(region, "snap-07c9e1a3b5d7f2201", "vol-0a63d9e4f1c5b2102", 20, 400, own, Tags.NONE);

        demo.address(region, "eipalloc-0b6c8e0a2c4e62401", "13.54.1.2", web.ref().id(), "eni-0sydweb", Tags.NONE);
        // A NAT gateway created 10 days ago with no traffic yet: too young to judge.
        demo.address(region, "eipalloc-0b6c8e0a2c4e62402", "13.54.1.3", null, "eni-0sydnat", Tags.NONE);
        demo.natGateway(region, "nat-0c2d4e6f8a0b60701", 10, "eipalloc-0b6c8e0a2c4e62402", null, Tags.of("Name", "syd-nat-new"));

        // A classic load balancer with no targets: elb-idle, but the price book has no classic price here, so
        // its cost is shown as unknown, with the reason.
        demo.loadBalancer(region, LoadBalancer.Kind.CLASSIC, "syd-legacy", "", 200, 0, 0, Tags.NONE);

        RdsInstance mysql = demo.database(region, "syd-mysql", "mysql", "db.t4g.micro", 20, 150, Tags.NONE);
        demo.metric(mysql, Metric.RDS_DATABASE_CONNECTIONS, around(3, 1));
    }

    private static void busy(DemoAccountBuilder demo, Ec2Instance instance) {
        demo.metric(instance, Metric.EC2_CPU_UTILIZATION, around(45, 15));
        demo.metric(instance, Metric.EC2_NETWORK_IN, around(8e9, 2e9));
        demo.metric(instance, Metric.EC2_NETWORK_OUT, around(12e9, 3e9));
    }

    private static void busy(DemoAccountBuilder demo, EbsVolume volume) {
        demo.metric(volume, Metric.EBS_VOLUME_READ_OPS, around(400_000, 100_000));
        demo.metric(volume, Metric.EBS_VOLUME_WRITE_OPS, around(900_000, 200_000));
    }

    private static void idle(DemoAccountBuilder demo, Ec2Instance instance) {
        demo.metric(instance, Metric.EC2_CPU_UTILIZATION, around(1.5, 0.8));
        quietNetwork(demo, instance);
    }

    private static void quietNetwork(DemoAccountBuilder demo, Ec2Instance instance) {
        demo.metric(instance, Metric.EC2_NETWORK_IN, around(600_000, 300_000));
        demo.metric(instance, Metric.EC2_NETWORK_OUT, around(400_000, 200_000));
    }
}
