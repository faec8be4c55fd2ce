package io.cloudsweep.adapters.aws.fake;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.ElasticIp;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.MachineImage;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.MetricSeries;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.model.VolumeType;
import io.cloudsweep.engine.scan.CloudInventory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A generated account for load: {@code perRegion} resources in each region, in the proportions of a typical
 * account (instances and volumes most, then snapshots, then 5% each of images, addresses, databases and
 * load balancers), a share of them waste. Deterministic for a given seed. Thread-safe.
 */
public final class SyntheticCloud implements CloudInventory {

    /** The 17 regions every account has enabled by default. */
    public static final List<Region> DEFAULT_REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
            "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2",
            "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "sa-east-1").stream().map(Region::of).toList();

    private final Account account;
    private final List<Region> regions;
    private final Map<Region, List<Resource>> resources = new HashMap<>();
    private final Instant now;
    private final boolean withLoadBalancers;

    public SyntheticCloud(Account account, List<Region> regions, int perRegion, Instant now, long seed) {
        this(account, regions, perRegion, now, seed, true);
    }

    /** Without load balancers (databases in their place), for tests that only page through EC2. */
    public SyntheticCloud(Account account, List<Region> regions, int perRegion, Instant now, long seed, boolean withLoadBalancers) {
        this.account = account;
        this.regions = List.copyOf(regions);
        this.now = now;
        this.withLoadBalancers = withLoadBalancers;
        for (Region region : regions) {
            resources.put(region, generate(region, perRegion, new Random(seed ^ region.code().hashCode())));
        }
    }

    /** {@code total} resources spread evenly over {@code regions}. */
    public static SyntheticCloud spread(Account account, List<Region> regions, int total, Instant now) {
        return new SyntheticCloud(account, regions, total / regions.size(), now, 42);
    }

    public int size() {
        return resources.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public List<Region> enabledRegions(Account requested) {
        return regions;
    }

    @Override
    public RegionInventory describe(Account requested, Region region) {
        return new RegionInventory(account, region, resources.getOrDefault(region, List.of()));
    }

    /** Idle resources (every third) have near-zero usage; the others are busy. Every series is complete. */
    @Override
    public MetricData metrics(Account requested, Region region, List<MetricQuery> queries, Instant at) {
        LocalDate today = at.atOffset(ZoneOffset.UTC).toLocalDate();
        List<MetricSeries> series = new ArrayList<>();
        for (MetricQuery query : queries) {
            boolean idle = Math.floorMod(query.resource().id().hashCode(), 3) == 0;
            Map<LocalDate, Double> daily = new HashMap<>();
            for (int day = 1; day <= query.days(); day++) {
                daily.put(today.minusDays(day), value(query, idle, day));
            }
            series.add(new MetricSeries(query, daily));
        }
        return MetricData.of(series);
    }

    private static double value(MetricQuery query, boolean idle, int day) {
        return switch (query.metric()) {
            case EC2_CPU_UTILIZATION -> idle ? 1 + day % 2 : 40 + day % 7;
            case EC2_NETWORK_IN, EC2_NETWORK_OUT -> idle ? 100_000 : 5e9;
            case RDS_DATABASE_CONNECTIONS -> idle ? 0 : 12;
            case ALB_REQUEST_COUNT, CLB_REQUEST_COUNT, NLB_NEW_FLOW_COUNT -> idle ? 3 : 40_000;
            case EBS_VOLUME_READ_OPS, EBS_VOLUME_WRITE_OPS -> idle ? 0 : 1_000;
            case NAT_BYTES_IN_FROM_SOURCE, NAT_BYTES_OUT_TO_DESTINATION -> idle ? 0 : 2e9;
        };
    }

    private List<Resource> generate(Region region, int count, Random random) {
        List<Resource> out = new ArrayList<>(count);
        List<String> instanceIds = new ArrayList<>();
        String[] types = {"t3.medium", "m5.large", "c5.large", "r5.large", "m6i.large"};
        for (int i = 0; i < count; i++) {
            int kind = i % 40;
            String suffix = String.format("%s%05d", Integer.toHexString(Math.abs(region.code().hashCode()) % 4096), i);
            Tags tags = Tags.of("Name", "synthetic-" + i, "team", "team-" + (i % 7));
            if (kind < 14) {
                String id = "i-0" + suffix;
                instanceIds.add(id);
                boolean stopped = random.nextInt(10) == 0;
                out.add(new Ec2Instance(ResourceRef.ec2Instance(account, region, id), tags, types[i % types.length],
                        stopped ? Ec2Instance.State.STOPPED : Ec2Instance.State.RUNNING, daysAgo(30 + random.nextInt(300)),
                        Optional.empty(), stopped ? "User initiated (" + daysAgo(40).toString().replace('T', ' ').substring(0, 19) + " GMT)" : "",
                        "Linux/UNIX", region + "a", List.of("vol-0" + suffix), Optional.of("vol-0" + suffix)));
                out.add(new EbsVolume(ResourceRef.ebsVolume(account, region, "vol-0" + suffix), tags, daysAgo(300), VolumeType.GP3, 50,
                        3000, 125, EbsVolume.State.IN_USE, region + "a", List.of(id), Optional.empty()));
                i++;
            } else if (kind < 24) {
                boolean attached = random.nextBoolean() && !instanceIds.isEmpty();
                out.add(new EbsVolume(ResourceRef.ebsVolume(account, region, "vol-1" + suffix), tags, daysAgo(10 + random.nextInt(400)),
                        random.nextBoolean() ? VolumeType.GP2 : VolumeType.GP3, 20 + random.nextInt(500), 3000, 125,
                        attached ? EbsVolume.State.IN_USE : EbsVolume.State.AVAILABLE, region + "a",
                        attached ? List.of(instanceIds.get(random.nextInt(instanceIds.size()))) : List.of(), Optional.empty()));
            } else if (kind < 32) {
                out.add(new EbsSnapshot(ResourceRef.ebsSnapshot(account, region, "snap-0" + suffix), tags, daysAgo(random.nextInt(600)),
                        "vol-gone" + suffix, 8 + random.nextInt(200), account.id(), EbsSnapshot.State.COMPLETED, "synthetic"));
            } else if (kind < 34) {
                out.add(new MachineImage(ResourceRef.ami(account, region, "ami-0" + suffix), tags, "image-" + i, daysAgo(100),
                        MachineImage.State.AVAILABLE, List.of("snap-0" + suffix)));
            } else if (kind < 36) {
                boolean associated = random.nextBoolean() && !instanceIds.isEmpty();
                out.add(new ElasticIp(ResourceRef.elasticIp(account, region, "eipalloc-0" + suffix), tags, "198.51.100." + (i % 250),
                        associated ? Optional.of("eipassoc-" + suffix) : Optional.empty(),
                        associated ? Optional.of(instanceIds.get(random.nextInt(instanceIds.size()))) : Optional.empty(), Optional.empty()));
            } else if (kind < 38 || !withLoadBalancers) {
                out.add(new RdsInstance(ResourceRef.rdsInstance(account, region, "db-" + suffix), tags, "db.t3.medium", "postgres",
                        "available", daysAgo(100), false, 100, "gp2"));
            } else {
                LoadBalancer.Kind lbKind = LoadBalancer.Kind.values()[i % 3];
                String name = "lb-" + suffix;
                String arnSuffix = switch (lbKind) {
                    case APPLICATION -> "app/" + name + "/" + suffix;
                    case NETWORK -> "net/" + name + "/" + suffix;
                    case CLASSIC -> name;
                };
                int targets = random.nextInt(4);
                out.add(new LoadBalancer(ResourceRef.loadBalancer(account, region, name, arnSuffix), tags, lbKind, daysAgo(200),
                        targets, targets == 0 ? 0 : targets - random.nextInt(2)));
            }
        }
        return out;
    }

    private Instant daysAgo(int days) {
        return now.minus(Duration.ofDays(days));
    }
}
