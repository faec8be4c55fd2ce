package io.cloudsweep.engine.model;

import java.util.Objects;

/**
 * Where a resource lives and what it is called: account, region, kind, the id AWS gives it and its ARN.
 * Build one with the factory for its kind so the ARN has the right shape.
 */
public record ResourceRef(String accountId, Region region, ResourceType type, String id, String arn) {

    public ResourceRef {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(arn, "arn");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a resource needs an id");
        }
    }

    public static ResourceRef ebsVolume(Account account, Region region, String volumeId) {
        return ec2(account, region, ResourceType.EBS_VOLUME, "volume", volumeId, true);
    }

    public static ResourceRef ebsSnapshot(Account account, Region region, String snapshotId) {
        return ec2(account, region, ResourceType.EBS_SNAPSHOT, "snapshot", snapshotId, false);
    }

    public static ResourceRef ami(Account account, Region region, String imageId) {
        return ec2(account, region, ResourceType.AMI, "image", imageId, false);
    }

    public static ResourceRef elasticIp(Account account, Region region, String allocationId) {
        return ec2(account, region, ResourceType.ELASTIC_IP, "elastic-ip", allocationId, true);
    }

    public static ResourceRef ec2Instance(Account account, Region region, String instanceId) {
        return ec2(account, region, ResourceType.EC2_INSTANCE, "instance", instanceId, true);
    }

    public static ResourceRef natGateway(Account account, Region region, String natGatewayId) {
        return ec2(account, region, ResourceType.NAT_GATEWAY, "natgateway", natGatewayId, true);
    }

    public static ResourceRef rdsInstance(Account account, Region region, String dbInstanceIdentifier) {
        String arn = "arn:%s:rds:%s:%s:db:%s".formatted(region.partition(), region, account.id(), dbInstanceIdentifier);
        return new ResourceRef(account.id(), region, ResourceType.RDS_INSTANCE, dbInstanceIdentifier, arn);
    }

    public static ResourceRef rdsSnapshot(Account account, Region region, String snapshotIdentifier) {
        String arn = "arn:%s:rds:%s:%s:snapshot:%s".formatted(region.partition(), region, account.id(), snapshotIdentifier);
        return new ResourceRef(account.id(), region, ResourceType.RDS_SNAPSHOT, snapshotIdentifier, arn);
    }

    /**
     * A load balancer. For application and network load balancers {@code arnSuffix} is the part of the ARN
     * after {@code loadbalancer/}, such as {@code app/web/50dc6c495c0c9188}; for classic ones it is the name.
     */
    public static ResourceRef loadBalancer(Account account, Region region, String name, String arnSuffix) {
        String arn = "arn:%s:elasticloadbalancing:%s:%s:loadbalancer/%s"
                .formatted(region.partition(), region, account.id(), arnSuffix);
        return new ResourceRef(account.id(), region, ResourceType.LOAD_BALANCER, name, arn);
    }

    /** Snapshots and images carry no account in their ARN; everything else in EC2 does. */
    private static ResourceRef ec2(Account account, Region region, ResourceType type, String arnType, String id,
                                   boolean accountInArn) {
        String arn = "arn:%s:ec2:%s:%s:%s/%s"
                .formatted(region.partition(), region, accountInArn ? account.id() : "", arnType, id);
        return new ResourceRef(account.id(), region, type, id, arn);
    }
}
