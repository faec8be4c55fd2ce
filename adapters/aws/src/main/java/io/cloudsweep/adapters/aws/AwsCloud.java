package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.InventoryGap;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.pricing.PriceCache;
import io.cloudsweep.engine.scan.CloudInventory;
import io.cloudsweep.engine.scan.InventoryException;
import io.cloudsweep.engine.scan.PriceFetcher;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One AWS account, read through the AWS SDK for Java v2: the engine's {@link CloudInventory}.
 *
 * <p>Within a region the eight inventories (instances, volumes, snapshots, images, addresses, databases,
 * classic and v2 load balancers) are read at once on a pool bounded by {@link AwsOptions#concurrency()}, so
 * an account never has more calls in flight than that; the scan reads several regions at once on top. A
 * part of a region that cannot be read becomes an {@link InventoryGap} and the rest is still judged; a
 * region none of whose parts can be read fails as a whole. Thread-safe; close it after the scan.
 */
public final class AwsCloud implements CloudInventory, AutoCloseable {

    static final int LAUNCH_CONFIGURATIONS_PAGE = 100;
    static final int AUTO_SCALING_GROUPS_PAGE = 100;

    private final Connection connection;
    private final Account account;
    private final ExecutorService pool;

    private AwsCloud(Connection connection, Account account, int concurrency) {
        this.connection = connection;
        this.account = account;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "aws-" + threads.incrementAndGet());
            thread.setDaemon(true);
            // a scan's reads are background work, below the requests a server acknowledges
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
    }

    /**
     * Connects and learns which account the credentials (or the assumed role) belong to.
     *
     * @throws InventoryException when there are no usable credentials, the role cannot be assumed, or AWS
     *                            cannot be reached, with what to do about it
     */
    public static AwsCloud connect(AwsOptions options) {
        Connection connection = new Connection(options, new RequestBuckets());
        try {
            GetCallerIdentityResponse identity = Iam.call(Iam.STS_GET_CALLER_IDENTITY, () -> connection.sts().getCallerIdentity());
            String name = options.roleArn().map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
                    .or(options::profile)
                    .orElse(identity.account());
            return new AwsCloud(connection, new Account(identity.account(), name), options.concurrency());
        } catch (InventoryException e) {
            connection.close();
            throw options.roleArn().isPresent() ? new InventoryException(e.getMessage() + " (while assuming " + options.roleArn().get()
                    + "; its trust policy must allow sts:AssumeRole" + options.externalId().map(id -> " with this external id").orElse("")
                    + ")", e) : e;
        }
    }

    /**
     * Cleanups in this account, waiting for backups up to {@code longestWait} and checking every {@code pollEvery}.
     */
    public CleanupActions cleanupActions(Clock clock, Duration pollEvery, Duration longestWait) {
        return new AwsCleanupActions(connection, clock, pollEvery, longestWait);
    }

    /** Cleanups in this account, waiting for a backup up to two hours, checking every 15 seconds. */
    public CleanupActions cleanupActions(Clock clock) {
        return cleanupActions(clock, Duration.ofSeconds(15), Duration.ofHours(2));
    }

    /** The account these credentials reach. */
    public Account account() {
        return account;
    }

    @Override
    public List<Region> enabledRegions(Account scanned) {
        requireOwn(scanned);
        return Iam.call(Iam.EC2_DESCRIBE_REGIONS, () -> connection.ec2(connection.home())
                        .describeRegions(request -> request.allRegions(false)).regions()).stream()
                .map(info -> info.regionName())
                .map(Region::of)
                .sorted()
                .toList();
    }

    @Override
    public RegionInventory describe(Account scanned, Region region) {
        requireOwn(scanned);
        software.amazon.awssdk.regions.Region sdkRegion = software.amazon.awssdk.regions.Region.of(region.code());
        Ec2Reader ec2 = new Ec2Reader(connection.ec2(sdkRegion), account, region);
        RdsReader rds = new RdsReader(connection.rds(sdkRegion), account, region);
        LoadBalancerReader elb = new LoadBalancerReader(connection.elb(sdkRegion), connection.elbv2(sdkRegion), account, region);

        List<Part> parts = List.of(
                part("EC2 instances (so AMIs, and the snapshots behind them, were not judged either)", Set.of(ResourceType.EC2_INSTANCE),
                        Set.of(ResourceType.AMI, ResourceType.EBS_SNAPSHOT), ec2::instances),
                part("EBS volumes", Set.of(ResourceType.EBS_VOLUME), ec2::volumes),
                part("EBS snapshots", Set.of(ResourceType.EBS_SNAPSHOT), ec2::snapshots),
                part("AMIs (so snapshots were not judged either)", Set.of(ResourceType.AMI), Set.of(ResourceType.EBS_SNAPSHOT),
                        () -> ec2.images(launchers(ec2, connection.autoScaling(sdkRegion)))),
                part("Elastic IPs", Set.of(ResourceType.ELASTIC_IP), ec2::addresses),
                part("NAT gateways", Set.of(ResourceType.NAT_GATEWAY), ec2::natGateways),
                part("RDS databases (so RDS snapshots were not judged either)", Set.of(ResourceType.RDS_INSTANCE),
                        Set.of(ResourceType.RDS_SNAPSHOT), rds::databases),
                part("RDS snapshots", Set.of(ResourceType.RDS_SNAPSHOT), rds::snapshots),
                part("classic load balancers", Set.of(ResourceType.LOAD_BALANCER), elb::classicLoadBalancers),
                part("application and network load balancers", Set.of(ResourceType.LOAD_BALANCER), elb::applicationAndNetworkLoadBalancers));

        List<Resource> resources = new ArrayList<>();
        List<InventoryGap> gaps = new ArrayList<>();
        Set<ResourceType> unsafe = new HashSet<>();
        for (Part part : parts) {
            try {
                resources.addAll(part.result().join());
            } catch (CompletionException failed) {
                InventoryException cause = failed.getCause() instanceof InventoryException inventory
                        ? inventory : new InventoryException(String.valueOf(failed.getCause()), failed.getCause());
                Set<ResourceType> types = new HashSet<>(part.types());
                types.addAll(part.dependents());
                gaps.add(new InventoryGap(types, part.what() + " not read: " + cause.getMessage()));
                unsafe.addAll(part.dependents());
            }
        }
        if (gaps.size() == parts.size()) {
            throw new InventoryException(gaps.get(0).error());
        }
        // A kind judged by what another part reads (snapshots by the images they back, images by the instances that
        // run them, RDS snapshots by the databases that exist) is left out when that part is missing, so nothing is
        // judged on half the facts; the gap keeps its open findings from being resolved.
        resources.removeIf(resource -> unsafe.contains(resource.ref().type()));
        return new RegionInventory(account, region, resources, gaps);
    }

    @Override
    public MetricData metrics(Account scanned, Region region, List<MetricQuery> queries, Instant now) {
        requireOwn(scanned);
        if (queries.isEmpty()) {
            return MetricData.NONE;
        }
        MetricReader reader = new MetricReader(connection.cloudWatch(software.amazon.awssdk.regions.Region.of(region.code())));
        return MetricData.of(reader.read(queries, now));
    }

    /**
     * Fetches prices the embedded book lacks from the Pricing API, remembering them (found or not) for 24
     * hours in {@code cache}.
     */
    public PriceFetcher priceFetcher(PriceCache cache, Clock clock) {
        return new AwsPriceFetcher(connection.pricing(), cache, clock);
    }

    /**
     * AWS's own figures for this account (Cost Explorer) on the services of {@code types}: the 30 days before
     * {@code firstCleanup} and the days since. Two billed calls: keep the answer.
     *
     * @throws io.cloudsweep.engine.scan.InventoryException saying why not (Cost Explorer not granted, not enabled)
     */
    public io.cloudsweep.engine.report.Spend spend(java.util.Collection<io.cloudsweep.engine.model.ResourceType> types,
                                                   java.time.LocalDate firstCleanup, Clock clock) {
        return new AwsSpend(connection.costExplorer(), clock).spend(account.id(), types, firstCleanup);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        connection.close();
    }

    /**
     * What launches each AMI of a region, by image id: launch templates (their latest and default versions, and any
     * version an Auto Scaling group is pinned to) and launch configurations.
     */
    private static Map<String, List<String>> launchers(Ec2Reader ec2, AutoScalingClient autoScaling) {
        Map<String, List<String>> launchers = ec2.launchTemplateImages();
        Iam.call(Iam.AUTOSCALING_DESCRIBE_LAUNCH_CONFIGURATIONS, () -> {
            autoScaling.describeLaunchConfigurationsPaginator(request -> request.maxRecords(LAUNCH_CONFIGURATIONS_PAGE))
                    .launchConfigurations().forEach(configuration -> Optional.ofNullable(configuration.imageId())
                            .ifPresent(image -> Ec2Reader.add(launchers, image, "launch configuration " + configuration.launchConfigurationName())));
            return null;
        });
        Map<LaunchTemplateSpecification, String> pinned = new LinkedHashMap<>();
        Iam.call(Iam.AUTOSCALING_DESCRIBE_AUTO_SCALING_GROUPS, () -> {
            autoScaling.describeAutoScalingGroupsPaginator(request -> request.maxRecords(AUTO_SCALING_GROUPS_PAGE)).autoScalingGroups()
                    .forEach(group -> templatesOf(group).stream()
                            .filter(template -> template.version() != null && template.version().chars().allMatch(Character::isDigit))
                            .forEach(template -> pinned.putIfAbsent(template, group.autoScalingGroupName())));
            return null;
        });
        pinned.forEach((template, group) -> ec2.launchTemplateVersionImage(template.launchTemplateId(), template.launchTemplateName(),
                        template.version())
                .ifPresent(image -> Ec2Reader.add(launchers, image.imageId(), "launch template " + image.templateName() + " version "
                        + template.version() + " (Auto Scaling group " + group + ")")));
        return launchers;
    }

    /** The launch templates a group launches from: its own, its mixed-instances policy's, and those of that policy's overrides. */
    private static List<LaunchTemplateSpecification> templatesOf(AutoScalingGroup group) {
        List<LaunchTemplateSpecification> templates = new ArrayList<>();
        Optional.ofNullable(group.launchTemplate()).ifPresent(templates::add);
        Optional.ofNullable(group.mixedInstancesPolicy()).map(MixedInstancesPolicy::launchTemplate).ifPresent(template -> {
            Optional.ofNullable(template.launchTemplateSpecification()).ifPresent(templates::add);
            template.overrides().forEach(override -> Optional.ofNullable(override.launchTemplateSpecification()).ifPresent(templates::add));
        });
        return templates;
    }

    private Part part(String what, Set<ResourceType> types, Supplier<? extends List<? extends Resource>> read) {
        return part(what, types, Set.of(), read);
    }

    /** @param dependents the kinds judged by what this part reads, left unjudged when it cannot be read */
    private Part part(String what, Set<ResourceType> types, Set<ResourceType> dependents, Supplier<? extends List<? extends Resource>> read) {
        return new Part(what, types, dependents, CompletableFuture.supplyAsync(read, pool));
    }

    private void requireOwn(Account scanned) {
        if (!Objects.equals(scanned.id(), account.id())) {
            throw new IllegalArgumentException("this connection reads account " + account.id() + ", not " + scanned.id());
        }
    }

    private record Part(String what, Set<ResourceType> types, Set<ResourceType> dependents,
                        CompletableFuture<? extends List<? extends Resource>> result) {
    }
}
