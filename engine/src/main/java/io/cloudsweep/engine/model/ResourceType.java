package io.cloudsweep.engine.model;

/** The kinds of resource CloudSweep inventories. {@link #id()} is the stable name used in JSON and CSV. */
public enum ResourceType {
    EBS_VOLUME("ebs_volume"),
    EBS_SNAPSHOT("ebs_snapshot"),
    AMI("ami"),
    ELASTIC_IP("elastic_ip"),
    EC2_INSTANCE("ec2_instance"),
    RDS_INSTANCE("rds_instance"),
    LOAD_BALANCER("load_balancer"),
    NAT_GATEWAY("nat_gateway"),
    RDS_SNAPSHOT("rds_snapshot");

    private final String id;

    ResourceType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static ResourceType fromId(String id) {
        for (ResourceType type : values()) {
            if (type.id.equals(id)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown resource type '" + id + "'");
    }
}
