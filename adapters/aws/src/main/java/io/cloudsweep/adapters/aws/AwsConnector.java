package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.chat.AccountConnector;
import io.cloudsweep.engine.scan.InventoryException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tests connections to AWS accounts for the chat's {@code connect}: assumes the role with the ExternalId (or uses
 * CloudSweep's own credentials), learns the account, then makes one cheap read call per action of the scan policy and
 * one EC2 {@code DryRun} call per EC2 action of the cleanup policy, all at once. An action AWS denies is missing; one it
 * answers (even "not found" for the made-up names the calls use) is granted. Cleanup actions of services without a dry
 * run (RDS, Elastic Load Balancing) cannot be checked without doing them and are reported unchecked. Thread-safe.
 */
public final class AwsConnector implements AccountConnector {

    /** Made-up ids the permission calls use: AWS checks the permission first, then finds nothing. */
    private static final String NO_VOLUME = "vol-0cafe00000000000c";
    private static final String NO_SNAPSHOT = "snap-0cafe00000000000c";
    private static final String NO_NAT_GATEWAY = "nat-0cafe00000000000c";
    private static final String NO_INSTANCE = "i-0cafe00000000000c";
    private static final String NO_IMAGE = "ami-0cafe00000000000c";
    private static final String NO_ALLOCATION = "eipalloc-0cafe00000000000c";
    private static final String NO_NAME = "cloudsweep-permission-check";
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess",
            "AuthorizationError", "Forbidden");
    private static final Pattern ASSUMED_ROLE = Pattern.compile("arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([^/]+)/.*");

    private final AwsOptions base;

    /** @param base how CloudSweep reaches AWS with its own credentials (profile, endpoint); roles are added per test */
    public AwsConnector(AwsOptions base) {
        this.base = base;
    }

    @Override
    public Optional<Principal> principal() {
        try (Connection connection = new Connection(base, new RequestBuckets())) {
            GetCallerIdentityResponse identity = connection.sts().getCallerIdentity();
            return Optional.of(new Principal(identity.account(), trustable(identity.arn())));
        } catch (SdkException | InventoryException e) {
            return Optional.empty();
        }
    }

    /** The ARN a trust policy names: an assumed-role session's role, else the caller's own ARN. */
    static String trustable(String arn) {
        Matcher assumed = ASSUMED_ROLE.matcher(arn);
        return assumed.matches() ? "arn:" + assumed.group(1) + ":iam::" + assumed.group(2) + ":role/" + assumed.group(3) : arn;
    }

    @Override
    public Probe probe(Optional<String> roleArn, Optional<String> externalId) {
        Instant started = Instant.now();
        AwsOptions options = roleArn.map(role -> base.withRole(role, externalId)).orElse(base);
        try (Connection connection = new Connection(options, new RequestBuckets())) {
            String accountId;
            try {
                accountId = connection.sts().getCallerIdentity().account();
            } catch (SdkException e) {
                return new Probe.Unreachable(whyUnreachable(roleArn, externalId, e));
            }
            List<Check> checks = checks(connection, connection.home());
            ExecutorService pool = Executors.newFixedThreadPool(8, daemon());
            try {
                List<CompletableFuture<Permission>> running = checks.stream()
                        .map(check -> CompletableFuture.supplyAsync(() -> check.run(), pool)).toList();
                List<Permission> scan = new ArrayList<>();
                List<Permission> cleanup = new ArrayList<>();
                for (int i = 0; i < checks.size(); i++) {
                    (checks.get(i).cleanup() ? cleanup : scan).add(running.get(i).join());
                }
                for (String action : new TreeSet<>(Iam.SCAN_POLICY)) {
                    if (checks.stream().noneMatch(check -> check.action().equals(action))) {
                        // Cost Explorer bills each call: whether it is granted shows at its first real use
                        scan.add(new Permission(action, Iam.meaning(action), Permission.Status.UNCHECKED));
                    }
                }
                for (String action : new TreeSet<>(Iam.CLEANUP_POLICY)) {
                    if (!Iam.SCAN_POLICY.contains(action) && checks.stream().noneMatch(check -> check.action().equals(action))) {
                        cleanup.add(new Permission(action, Iam.meaning(action), Permission.Status.UNCHECKED));
                    }
                }
                // one call learned the account; each check is one more
                int calls = 1 + checks.size() + (roleArn.isPresent() ? 1 : 0);
                Duration took = Duration.between(started, Instant.now());
                return new Probe.Reached(accountId, scan, cleanup, calls + " AWS calls in " + String.format("%.1f s", took.toMillis() / 1000.0));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Why the account could not be reached, in words that say where to look. */
    private String whyUnreachable(Optional<String> roleArn, Optional<String> externalId, SdkException e) {
        String code = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? String.valueOf(service.awsErrorDetails().errorCode()) : "";
        if (roleArn.isEmpty()) {
            return Iam.explain(Iam.STS_GET_CALLER_IDENTITY, e).getMessage();
        }
        if (DENIED.contains(code)) {
            String principal = principal().map(Principal::arn).orElse("CloudSweep's principal");
            return "AWS refused to let CloudSweep assume " + roleArn.get() + " (" + code + "). Likely causes: the role's trust policy does not"
                    + " name " + principal + "; its sts:ExternalId condition is not " + externalId.map(id -> "'" + id + "'").orElse("set")
                    + " (`connect` shows this organization's); or there is no such role in account " + roleArn.get().split(":")[4]
                    + " (check the account id and the role's name).";
        }
        if (e instanceof SdkClientException || code.isEmpty()) {
            return Iam.explain(Iam.STS_ASSUME_ROLE, e).getMessage();
        }
        return "assuming " + roleArn.get() + " failed: " + code;
    }

    private record Check(String action, boolean cleanup, Runnable call) {
        Permission run() {
            try {
                call.run();
                return new Permission(action, Iam.meaning(action), Permission.Status.GRANTED);
            } catch (AwsServiceException e) {
                String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
                if (DENIED.contains(code)) {
                    return new Permission(action, Iam.meaning(action), Permission.Status.MISSING);
                }
                if (cleanup && !code.equals("DryRunOperation")) {
                    // a dry run that failed for another reason does not show the permission either way
                    return new Permission(action, Iam.meaning(action), Permission.Status.UNCHECKED);
                }
                return new Permission(action, Iam.meaning(action), Permission.Status.GRANTED);
            } catch (SdkException e) {
                return new Permission(action, Iam.meaning(action), Permission.Status.UNCHECKED);
            }
        }
    }

    /** One call per action, the cheapest that needs it. */
    private static List<Check> checks(Connection connection, Region home) {
        Ec2Client ec2 = connection.ec2(home);
        String noGroup = "arn:aws:elasticloadbalancing:" + home.id() + ":000000000000:targetgroup/" + NO_NAME + "/0000000000000000";
        String noBalancer = "arn:aws:elasticloadbalancing:" + home.id() + ":000000000000:loadbalancer/app/" + NO_NAME + "/0000000000000000";
        Map<String, Runnable> scan = new LinkedHashMap<>();
        scan.put(Iam.EC2_DESCRIBE_REGIONS, () -> ec2.describeRegions(r -> r.allRegions(false)));
        scan.put(Iam.EC2_DESCRIBE_INSTANCES, () -> ec2.describeInstances(r -> r.maxResults(5)));
        scan.put(Iam.EC2_DESCRIBE_VOLUMES, () -> ec2.describeVolumes(r -> r.maxResults(5)));
        scan.put(Iam.EC2_DESCRIBE_SNAPSHOTS, () -> ec2.describeSnapshots(r -> r.ownerIds("self").maxResults(5)));
        scan.put(Iam.EC2_DESCRIBE_IMAGES, () -> ec2.describeImages(r -> r.owners("self").maxResults(5)));
        scan.put(Iam.EC2_DESCRIBE_ADDRESSES, () -> ec2.describeAddresses(r -> r.allocationIds(NO_ALLOCATION)));
        scan.put(Iam.EC2_DESCRIBE_LAUNCH_TEMPLATE_VERSIONS, () -> ec2.describeLaunchTemplateVersions(r -> r.versions("$Default").maxResults(1)));
        scan.put(Iam.AUTOSCALING_DESCRIBE_AUTO_SCALING_GROUPS, () -> connection.autoScaling(home).describeAutoScalingGroups(r -> r.maxRecords(1)));
        scan.put(Iam.AUTOSCALING_DESCRIBE_LAUNCH_CONFIGURATIONS, () -> connection.autoScaling(home).describeLaunchConfigurations(r -> r.maxRecords(1)));
        scan.put(Iam.EC2_DESCRIBE_NAT_GATEWAYS, () -> ec2.describeNatGateways(r -> r.maxResults(5)));
        scan.put(Iam.EC2_DESCRIBE_ROUTE_TABLES, () -> ec2.describeRouteTables(r -> r.maxResults(5)));
        scan.put(Iam.RDS_DESCRIBE_DB_INSTANCES, () -> connection.rds(home).describeDBInstances(r -> r.maxRecords(20)));
        scan.put(Iam.RDS_DESCRIBE_DB_SNAPSHOTS, () -> connection.rds(home).describeDBSnapshots(r -> r.snapshotType("manual").maxRecords(20)));
        scan.put(Iam.ELB_DESCRIBE_LOAD_BALANCERS, () -> connection.elbv2(home).describeLoadBalancers(r -> r.pageSize(1)));
        scan.put(Iam.ELB_DESCRIBE_INSTANCE_HEALTH, () -> connection.elb(home).describeInstanceHealth(r -> r.loadBalancerName(NO_NAME)));
        scan.put(Iam.ELB_DESCRIBE_TARGET_GROUPS, () -> connection.elbv2(home).describeTargetGroups(r -> r.pageSize(1)));
        scan.put(Iam.ELB_DESCRIBE_TARGET_HEALTH, () -> connection.elbv2(home).describeTargetHealth(r -> r.targetGroupArn(noGroup)));
        scan.put(Iam.ELB_DESCRIBE_TAGS, () -> connection.elbv2(home).describeTags(r -> r.resourceArns(noBalancer)));
        scan.put(Iam.CLOUDWATCH_GET_METRIC_DATA, () -> connection.cloudWatch(home).getMetricData(r -> r
                .startTime(Instant.now().minus(Duration.ofDays(1))).endTime(Instant.now())
                .metricDataQueries(MetricDataQuery.builder().id("m0").metricStat(MetricStat.builder().period(86_400).stat("Sum")
                        .metric(Metric.builder().namespace("AWS/EBS").metricName("VolumeReadOps")
                                .dimensions(d -> d.name("VolumeId").value(NO_VOLUME)).build()).build()).build())));
        scan.put(Iam.PRICING_GET_PRODUCTS, () -> connection.pricing().getProducts(r -> r.serviceCode("AmazonEC2").maxResults(1)));

        Map<String, Runnable> dryRuns = new LinkedHashMap<>();
        dryRuns.put(Iam.EC2_CREATE_SNAPSHOT, () -> ec2.createSnapshot(r -> r.dryRun(true).volumeId(NO_VOLUME)));
        dryRuns.put(Iam.EC2_CREATE_TAGS, () -> ec2.createTags(r -> r.dryRun(true).resources(NO_VOLUME)
                .tags(Tag.builder().key("cloudsweep:check").value("permission").build())));
        dryRuns.put(Iam.EC2_DELETE_VOLUME, () -> ec2.deleteVolume(r -> r.dryRun(true).volumeId(NO_VOLUME)));
        dryRuns.put(Iam.EC2_DETACH_VOLUME, () -> ec2.detachVolume(r -> r.dryRun(true).volumeId(NO_VOLUME)));
        dryRuns.put(Iam.EC2_ATTACH_VOLUME, () -> ec2.attachVolume(r -> r.dryRun(true).volumeId(NO_VOLUME).instanceId(NO_INSTANCE)
                .device("/dev/sdf")));
        dryRuns.put(Iam.EC2_CREATE_VOLUME, () -> ec2.createVolume(r -> r.dryRun(true).availabilityZone(home.id() + "a").size(1)));
        dryRuns.put(Iam.EC2_MODIFY_VOLUME, () -> ec2.modifyVolume(r -> r.dryRun(true).volumeId(NO_VOLUME)));
        dryRuns.put(Iam.EC2_DEREGISTER_IMAGE, () -> ec2.deregisterImage(r -> r.dryRun(true).imageId(NO_IMAGE)));
        dryRuns.put(Iam.EC2_DELETE_NAT_GATEWAY, () -> ec2.deleteNatGateway(r -> r.dryRun(true).natGatewayId(NO_NAT_GATEWAY)));
        dryRuns.put(Iam.EC2_DELETE_SNAPSHOT, () -> ec2.deleteSnapshot(r -> r.dryRun(true).snapshotId(NO_SNAPSHOT)));
        dryRuns.put(Iam.EC2_RELEASE_ADDRESS, () -> ec2.releaseAddress(r -> r.dryRun(true).allocationId(NO_ALLOCATION)));
        dryRuns.put(Iam.EC2_ALLOCATE_ADDRESS, () -> ec2.allocateAddress(r -> r.dryRun(true).domain(DomainType.VPC)));
        dryRuns.put(Iam.EC2_CREATE_IMAGE, () -> ec2.createImage(r -> r.dryRun(true).instanceId(NO_INSTANCE).name(NO_NAME)));
        dryRuns.put(Iam.EC2_TERMINATE_INSTANCES, () -> ec2.terminateInstances(r -> r.dryRun(true).instanceIds(NO_INSTANCE)));
        dryRuns.put(Iam.EC2_RUN_INSTANCES, () -> ec2.runInstances(r -> r.dryRun(true).imageId(NO_IMAGE).minCount(1).maxCount(1)));
        dryRuns.put(Iam.EC2_STOP_INSTANCES, () -> ec2.stopInstances(r -> r.dryRun(true).instanceIds(NO_INSTANCE)));
        dryRuns.put(Iam.EC2_MODIFY_INSTANCE_ATTRIBUTE, () -> ec2.modifyInstanceAttribute(r -> r.dryRun(true).instanceId(NO_INSTANCE)
                .instanceType(value -> value.value("t3.micro"))));
        dryRuns.put(Iam.EC2_START_INSTANCES, () -> ec2.startInstances(r -> r.dryRun(true).instanceIds(NO_INSTANCE)));

        List<Check> checks = new ArrayList<>();
        scan.forEach((action, call) -> checks.add(new Check(action, false, call)));
        dryRuns.forEach((action, call) -> checks.add(new Check(action, true, call)));
        return checks;
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        AtomicInteger threads = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "aws-permission-check-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
