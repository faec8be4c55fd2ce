package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.scan.InventoryException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Supplier;

/**
 * Every AWS call CloudSweep makes, by the IAM action it needs. A call goes through {@link #call} with its
 * action, which turns an AWS failure into an {@link InventoryException} a user can act on: the action to
 * grant, the credentials to renew, the endpoint that did not answer.
 */
final class Iam {

    static final String EC2_DESCRIBE_REGIONS = "ec2:DescribeRegions";
    static final String EC2_DESCRIBE_INSTANCES = "ec2:DescribeInstances";
    static final String EC2_DESCRIBE_VOLUMES = "ec2:DescribeVolumes";
    static final String EC2_DESCRIBE_SNAPSHOTS = "ec2:DescribeSnapshots";
    static final String EC2_DESCRIBE_IMAGES = "ec2:DescribeImages";
    static final String EC2_DESCRIBE_ADDRESSES = "ec2:DescribeAddresses";
    static final String EC2_DESCRIBE_LAUNCH_TEMPLATE_VERSIONS = "ec2:DescribeLaunchTemplateVersions";
    static final String AUTOSCALING_DESCRIBE_LAUNCH_CONFIGURATIONS = "autoscaling:DescribeLaunchConfigurations";
    static final String AUTOSCALING_DESCRIBE_AUTO_SCALING_GROUPS = "autoscaling:DescribeAutoScalingGroups";
    static final String EC2_DESCRIBE_NAT_GATEWAYS = "ec2:DescribeNatGateways";
    static final String EC2_DESCRIBE_ROUTE_TABLES = "ec2:DescribeRouteTables";
    static final String RDS_DESCRIBE_DB_INSTANCES = "rds:DescribeDBInstances";
    static final String RDS_DESCRIBE_DB_SNAPSHOTS = "rds:DescribeDBSnapshots";
    static final String ELB_DESCRIBE_LOAD_BALANCERS = "elasticloadbalancing:DescribeLoadBalancers";
    static final String ELB_DESCRIBE_INSTANCE_HEALTH = "elasticloadbalancing:DescribeInstanceHealth";
    static final String ELB_DESCRIBE_TARGET_GROUPS = "elasticloadbalancing:DescribeTargetGroups";
    static final String ELB_DESCRIBE_TARGET_HEALTH = "elasticloadbalancing:DescribeTargetHealth";
    static final String ELB_DESCRIBE_TAGS = "elasticloadbalancing:DescribeTags";
    static final String CLOUDWATCH_GET_METRIC_DATA = "cloudwatch:GetMetricData";
    static final String PRICING_GET_PRODUCTS = "pricing:GetProducts";
    /** Optional: AWS's own spend figures beside the savings. Never called by the connection test, as each call costs $0.01. */
    static final String CE_GET_COST_AND_USAGE = "ce:GetCostAndUsage";
    /** Needs no permission: AWS allows it to every caller. */
    static final String STS_GET_CALLER_IDENTITY = "sts:GetCallerIdentity";
    /** Granted by the role's trust policy, not by the scan policy. */
    static final String STS_ASSUME_ROLE = "sts:AssumeRole";

    static final String EC2_CREATE_SNAPSHOT = "ec2:CreateSnapshot";
    /** Not called alone: CreateSnapshot, CreateImage, CreateVolume and RunInstances need it to tag what they create. */
    static final String EC2_CREATE_TAGS = "ec2:CreateTags";
    static final String EC2_DELETE_VOLUME = "ec2:DeleteVolume";
    static final String EC2_DETACH_VOLUME = "ec2:DetachVolume";
    static final String EC2_ATTACH_VOLUME = "ec2:AttachVolume";
    static final String EC2_CREATE_VOLUME = "ec2:CreateVolume";
    static final String EC2_MODIFY_VOLUME = "ec2:ModifyVolume";
    static final String EC2_DELETE_SNAPSHOT = "ec2:DeleteSnapshot";
    static final String EC2_DELETE_NAT_GATEWAY = "ec2:DeleteNatGateway";
    static final String EC2_DEREGISTER_IMAGE = "ec2:DeregisterImage";
    static final String EC2_RELEASE_ADDRESS = "ec2:ReleaseAddress";
    static final String EC2_ALLOCATE_ADDRESS = "ec2:AllocateAddress";
    static final String EC2_CREATE_IMAGE = "ec2:CreateImage";
    static final String EC2_TERMINATE_INSTANCES = "ec2:TerminateInstances";
    static final String EC2_RUN_INSTANCES = "ec2:RunInstances";
    static final String EC2_STOP_INSTANCES = "ec2:StopInstances";
    static final String EC2_START_INSTANCES = "ec2:StartInstances";
    static final String EC2_MODIFY_INSTANCE_ATTRIBUTE = "ec2:ModifyInstanceAttribute";
    static final String RDS_STOP_DB_INSTANCE = "rds:StopDBInstance";
    static final String RDS_START_DB_INSTANCE = "rds:StartDBInstance";
    static final String RDS_DELETE_DB_INSTANCE = "rds:DeleteDBInstance";
    static final String RDS_DELETE_DB_SNAPSHOT = "rds:DeleteDBSnapshot";
    static final String RDS_CREATE_DB_SNAPSHOT = "rds:CreateDBSnapshot";
    static final String RDS_RESTORE_DB_INSTANCE_FROM_DB_SNAPSHOT = "rds:RestoreDBInstanceFromDBSnapshot";
    static final String ELB_DELETE_LOAD_BALANCER = "elasticloadbalancing:DeleteLoadBalancer";
    /** The audit export, by CloudSweep's own identity into its own bucket (not in the accounts it scans). */
    static final String S3_PUT_OBJECT = "s3:PutObject";
    static final String S3_GET_OBJECT = "s3:GetObject";

    /** The read-only actions a scan needs: exactly what manifests/aws/cloudsweep-scan-policy.json grants. */
    static final Set<String> SCAN_POLICY = Set.of(EC2_DESCRIBE_REGIONS, EC2_DESCRIBE_INSTANCES, EC2_DESCRIBE_VOLUMES,
            EC2_DESCRIBE_SNAPSHOTS, EC2_DESCRIBE_IMAGES, EC2_DESCRIBE_ADDRESSES, EC2_DESCRIBE_NAT_GATEWAYS, EC2_DESCRIBE_ROUTE_TABLES,
            EC2_DESCRIBE_LAUNCH_TEMPLATE_VERSIONS, AUTOSCALING_DESCRIBE_LAUNCH_CONFIGURATIONS, AUTOSCALING_DESCRIBE_AUTO_SCALING_GROUPS,
            RDS_DESCRIBE_DB_INSTANCES, RDS_DESCRIBE_DB_SNAPSHOTS,
            ELB_DESCRIBE_LOAD_BALANCERS, ELB_DESCRIBE_INSTANCE_HEALTH, ELB_DESCRIBE_TARGET_GROUPS, ELB_DESCRIBE_TARGET_HEALTH,
            ELB_DESCRIBE_TAGS, CLOUDWATCH_GET_METRIC_DATA, PRICING_GET_PRODUCTS, CE_GET_COST_AND_USAGE);

    /**
     * What approved cleanups call: the union of every cleanup plan's actions, exactly what
     * manifests/aws/cloudsweep-cleanup-policy.json grants (attach it beside the scan policy, whose reads re-check
     * each resource before it is touched).
     */
    static final Set<String> CLEANUP_POLICY = Arrays.stream(Action.values())
            .flatMap(action -> action.iamPermissions().stream()).collect(Collectors.toUnmodifiableSet());

    /** What the nightly audit export calls: exactly what manifests/aws/cloudsweep-audit-export-policy.json grants. */
    static final Set<String> AUDIT_EXPORT_POLICY = Set.of(S3_PUT_OBJECT, S3_GET_OBJECT);

    /** What CloudSweep cannot do without each action, for the connection test's answer. */
    private static final Map<String, String> MEANINGS = Map.ofEntries(
            Map.entry(EC2_DESCRIBE_REGIONS, "scans cannot find the account's regions (name them in `scan`)"),
            Map.entry(EC2_DESCRIBE_INSTANCES, "EC2 instances will not be judged, nor re-checked before a cleanup"),
            Map.entry(EC2_DESCRIBE_VOLUMES, "EBS volumes will not be judged, nor re-checked before a cleanup"),
            Map.entry(EC2_DESCRIBE_SNAPSHOTS, "EBS snapshots will not be judged"),
            Map.entry(EC2_DESCRIBE_IMAGES, "AMIs cannot be read, so snapshots will not be judged either"),
            Map.entry(EC2_DESCRIBE_ADDRESSES, "Elastic IPs will not be judged"),
            Map.entry(EC2_DESCRIBE_LAUNCH_TEMPLATE_VERSIONS, "AMIs cannot be told unused, so neither they nor snapshots will be judged"),
            Map.entry(AUTOSCALING_DESCRIBE_LAUNCH_CONFIGURATIONS, "AMIs cannot be told unused, so neither they nor snapshots will be judged"),
            Map.entry(AUTOSCALING_DESCRIBE_AUTO_SCALING_GROUPS, "AMIs cannot be told unused, so neither they nor snapshots will be judged"),
            Map.entry(EC2_DESCRIBE_NAT_GATEWAYS, "NAT gateways will not be judged"),
            Map.entry(EC2_DESCRIBE_ROUTE_TABLES, "NAT gateways will not be judged (the routes through them are their evidence)"),
            Map.entry(RDS_DESCRIBE_DB_INSTANCES, "RDS databases will not be judged"),
            Map.entry(RDS_DESCRIBE_DB_SNAPSHOTS, "RDS snapshots of deleted databases will not be found"),
            Map.entry(ELB_DESCRIBE_LOAD_BALANCERS, "load balancers will not be found"),
            Map.entry(ELB_DESCRIBE_INSTANCE_HEALTH, "classic load balancers will not be judged"),
            Map.entry(ELB_DESCRIBE_TARGET_GROUPS, "application and network load balancers will not be judged"),
            Map.entry(ELB_DESCRIBE_TARGET_HEALTH, "load balancers will not be judged"),
            Map.entry(ELB_DESCRIBE_TAGS, "load balancers' tags are unknown, so protected ones cannot be told apart"),
            Map.entry(CLOUDWATCH_GET_METRIC_DATA, "no utilisation metrics: idle instances, databases and load balancers will not be found"),
            Map.entry(PRICING_GET_PRODUCTS, "prices the embedded book lacks will show as unknown"),
            Map.entry(CE_GET_COST_AND_USAGE, "savings will show no AWS spend figures beside them (not tested: each call costs $0.01)"),
            Map.entry(EC2_CREATE_SNAPSHOT, "volumes cannot be backed up, so none can be deleted"),
            Map.entry(EC2_CREATE_TAGS, "backups cannot be tagged, so no backup can be taken"),
            Map.entry(EC2_DELETE_VOLUME, "unattached volumes cannot be deleted"),
            Map.entry(EC2_CREATE_VOLUME, "deleted volumes cannot be restored by Undo"),
            Map.entry(EC2_DETACH_VOLUME, "attached volumes without I/O cannot be deleted"),
            Map.entry(EC2_ATTACH_VOLUME, "a restored volume cannot be attached again to its instance by Undo"),
            Map.entry(EC2_MODIFY_VOLUME, "gp2 volumes cannot be changed to gp3"),
            Map.entry(EC2_DELETE_SNAPSHOT, "old snapshots cannot be deleted"),
            Map.entry(EC2_DELETE_NAT_GATEWAY, "idle NAT gateways cannot be deleted"),
            Map.entry(EC2_DEREGISTER_IMAGE, "unused AMIs cannot be deregistered"),
            Map.entry(EC2_RELEASE_ADDRESS, "idle Elastic IPs cannot be released"),
            Map.entry(EC2_ALLOCATE_ADDRESS, "released Elastic IPs cannot be taken back by Undo"),
            Map.entry(EC2_CREATE_IMAGE, "instances cannot be backed up, so none can be terminated"),
            Map.entry(EC2_TERMINATE_INSTANCES, "long-stopped instances cannot be terminated"),
            Map.entry(EC2_RUN_INSTANCES, "terminated instances cannot be relaunched by Undo"),
            Map.entry(EC2_STOP_INSTANCES, "idle instances cannot be stopped"),
            Map.entry(EC2_START_INSTANCES, "stopped instances cannot be started again by Undo"),
            Map.entry(EC2_MODIFY_INSTANCE_ATTRIBUTE, "previous-generation instances cannot be moved to a current type"),
            Map.entry(RDS_STOP_DB_INSTANCE, "idle databases cannot be stopped"),
            Map.entry(RDS_START_DB_INSTANCE, "stopped databases cannot be started again by Undo"),
            Map.entry(RDS_DELETE_DB_INSTANCE, "idle databases cannot be deleted"),
            Map.entry(RDS_DELETE_DB_SNAPSHOT, "snapshots of deleted databases cannot be deleted"),
            Map.entry(RDS_CREATE_DB_SNAPSHOT, "databases cannot be backed up, so none can be deleted"),
            Map.entry(RDS_RESTORE_DB_INSTANCE_FROM_DB_SNAPSHOT, "deleted databases cannot be restored by Undo"),
            Map.entry(ELB_DELETE_LOAD_BALANCER, "idle load balancers cannot be deleted"),
            Map.entry(S3_PUT_OBJECT, "the audit log cannot be exported to the bucket"),
            Map.entry(S3_GET_OBJECT, "an export cut short cannot be checked against the object it left"));

    private static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "UnauthorizedAccess", "AuthorizationError", "Forbidden");
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired");
    private static final Set<String> BAD_CREDENTIALS = Set.of("AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch",
            "UnrecognizedClientException", "InvalidAccessKeyId", "IncompleteSignature");
    private static final Set<String> THROTTLED = Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded",
            "TooManyRequestsException", "RequestThrottled", "RequestThrottledException", "SlowDown");
    private static final Set<String> REGION_OFF = Set.of("OptInRequired", "InvalidRegion", "UnrecognizedRegion");

    private Iam() {
    }

    /** What CloudSweep cannot do without {@code action}, in words. */
    static String meaning(String action) {
        return MEANINGS.getOrDefault(action, "CloudSweep needs it");
    }

    /** Runs one AWS call that needs {@code action}. */
    static <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw explain(action, e);
        }
    }

    /** What went wrong with a call needing {@code action}, in words that say what to do. */
    static InventoryException explain(String action, SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            // an answer that is not AWS's (a proxy's page, a wrong endpoint) has no error code: say its HTTP status
            String code = service.awsErrorDetails().errorCode() != null ? service.awsErrorDetails().errorCode() : "HTTP " + service.statusCode();
            String message = service.awsErrorDetails().errorMessage();
            if (ACCESS_DENIED.contains(code)) {
                return new InventoryException("access denied to " + action + ": grant it to CloudSweep's role ("
                        + (AUDIT_EXPORT_POLICY.contains(action) ? "manifests/aws/cloudsweep-audit-export-policy.json has what the audit export needs)"
                        : CLEANUP_POLICY.contains(action) && !SCAN_POLICY.contains(action)
                        ? "manifests/aws/cloudsweep-cleanup-policy.json has every action a cleanup needs)"
                        : "manifests/aws/cloudsweep-scan-policy.json has every action a scan needs)"), e);
            }
            if (EXPIRED.contains(code)) {
                return new InventoryException("the AWS credentials have expired (" + code + "): renew them, for example with"
                        + " 'aws sso login', and scan again", e);
            }
            if (BAD_CREDENTIALS.contains(code)) {
                return new InventoryException("AWS rejected the credentials (" + code + "): check the access key, profile or role", e);
            }
            if (THROTTLED.contains(code)) {
                return new InventoryException("AWS kept throttling " + action + " (" + code + ") after every retry; scan fewer"
                        + " regions at once or try again later", e);
            }
            if (REGION_OFF.contains(code)) {
                return new InventoryException("the region is not enabled for this account (" + code + ")", e);
            }
            return new InventoryException(action + " failed: " + code + (message == null ? "" : ": " + message), e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SdkClientException && message.contains("Unable to load credentials")) {
            return new InventoryException("no AWS credentials found: pass --profile (or set AWS_PROFILE), set"
                    + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance or task role is available", e);
        }
        if (e instanceof SdkClientException && (message.contains("rofile") || message.contains("redentials"))) {
            return new InventoryException("no usable AWS credentials: " + firstLine(message), e);
        }
        return new InventoryException("cannot reach AWS for " + action + ": " + firstLine(message), e);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
