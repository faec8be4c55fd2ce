package io.cloudsweep.engine.model;

/**
 * The CloudWatch metrics the rules read, with their namespace and name.
 *
 * <p>{@code absentMeansZero}: CloudWatch publishes no datapoint for a count that was zero over a period
 * (a load balancer with no requests has no {@code RequestCount} datapoints at all), so for those metrics a
 * fetched series with a missing day reads as zero. For the others (CPU, connections) a missing day means we
 * do not know, and the rules say "insufficient data" rather than guess.
 */
public enum Metric {
    EC2_CPU_UTILIZATION("AWS/EC2", "CPUUtilization", false),
    EC2_NETWORK_IN("AWS/EC2", "NetworkIn", false),
    EC2_NETWORK_OUT("AWS/EC2", "NetworkOut", false),
    RDS_DATABASE_CONNECTIONS("AWS/RDS", "DatabaseConnections", false),
    ALB_REQUEST_COUNT("AWS/ApplicationELB", "RequestCount", true),
    CLB_REQUEST_COUNT("AWS/ELB", "RequestCount", true),
    NLB_NEW_FLOW_COUNT("AWS/NetworkELB", "NewFlowCount", true),
    EBS_VOLUME_READ_OPS("AWS/EBS", "VolumeReadOps", true),
    EBS_VOLUME_WRITE_OPS("AWS/EBS", "VolumeWriteOps", true),
    NAT_BYTES_IN_FROM_SOURCE("AWS/NATGateway", "BytesInFromSource", true),
    NAT_BYTES_OUT_TO_DESTINATION("AWS/NATGateway", "BytesOutToDestination", true);

    private final String namespace;
    private final String metricName;
    private final boolean absentMeansZero;

    Metric(String namespace, String metricName, boolean absentMeansZero) {
        this.namespace = namespace;
        this.metricName = metricName;
        this.absentMeansZero = absentMeansZero;
    }

    public String namespace() {
        return namespace;
    }

    public String metricName() {
        return metricName;
    }

    public boolean absentMeansZero() {
        return absentMeansZero;
    }

    /** The statistic each daily value is computed with. */
    public enum Statistic { AVERAGE, SUM, MAXIMUM }
}
