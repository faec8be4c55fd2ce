package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.model.PriceKey;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to ask the AWS Pricing API ({@code GetProducts}) for one price of the price book: the service code, the
 * attribute filters, the usage type to pick where several products match, and the unit conversion. Prices
 * with no query here stay unknown when the embedded book lacks them. Pure.
 */
final class PricingQueries {

    /** One {@code GetProducts} question. {@code perUnit} divides the listed price (GiBps to MiB/s). */
    record Query(String serviceCode, Map<String, String> filters, Optional<String> usageType, BigDecimal perUnit, String unit) {

        /**
         * Whether a product's usage type is the one asked for: itself, or behind a region's prefix ({@code APS3-}).
         * {@code RegionalNatGateway-Hours} is not {@code NatGateway-Hours}, nor {@code EBS:VolumeP-IOPS.io2.tier2} tier 1.
         */
        boolean fits(String usageType) {
            return this.usageType.map(wanted -> usageType.equals(wanted) || usageType.endsWith("-" + wanted)).orElse(true);
        }
    }

    private static final BigDecimal ONE = BigDecimal.ONE;
    private static final BigDecimal MIB_PER_GIB = BigDecimal.valueOf(1024);

    private PricingQueries() {
    }

    static Optional<Query> forKey(PriceKey key) {
        return switch (key.service()) {
            case "ec2" -> Optional.of(new Query("AmazonEC2", filters(key, "instanceType", key.item(), "operatingSystem", "Linux",
                    "tenancy", "Shared", "preInstalledSw", "NA", "capacitystatus", "Used", "licenseModel", "No License required"),
                    Optional.empty(), ONE, "instance-hour (Linux, shared tenancy)"));
            case "ebs" -> ebs(key);
            case "elb" -> elb(key);
            case "rds" -> rds(key);
            case "vpc" -> vpc(key);
            default -> Optional.empty();
        };
    }

    private static Optional<Query> ebs(PriceKey key) {
        String item = key.item();
        if (item.endsWith("_storage") && !item.startsWith("snapshot")) {
            String volume = item.equals("standard_magnetic_storage") ? "standard" : item.substring(0, item.indexOf('_'));
            return Optional.of(new Query("AmazonEC2", filters(key, "productFamily", "Storage", "volumeApiName", volume),
                    Optional.empty(), ONE, "GB-month"));
        }
        return switch (item) {
            case "gp3_iops_above_3000", "io1_iops" -> Optional.of(new Query("AmazonEC2", filters(key, "productFamily", "System Operation",
                    "volumeApiName", item.substring(0, 3), "group", "EBS IOPS"), Optional.empty(), ONE, "provisioned IOPS-month"));
            case "gp3_throughput_above_125" -> Optional.of(new Query("AmazonEC2", filters(key, "productFamily", "Provisioned Throughput",
                    "volumeApiName", "gp3"), Optional.empty(), MIB_PER_GIB, "MiB/s-month (derived: per-GiBps rate / 1024)"));
            case "snapshot_standard" -> Optional.of(new Query("AmazonEC2", filters(key, "productFamily", "Storage Snapshot"),
                    Optional.of("EBS:SnapshotUsage"), ONE, "GB-month"));
            // io2's IOPS are priced in three tiers, one usage type each
            case "io2_iops_tier1_up_to_32000" -> io2Iops(key, "EBS:VolumeP-IOPS.io2");
            case "io2_iops_tier2_32001_to_64000" -> io2Iops(key, "EBS:VolumeP-IOPS.io2.tier2");
            case "io2_iops_tier3_above_64000" -> io2Iops(key, "EBS:VolumeP-IOPS.io2.tier3");
            default -> Optional.empty();
        };
    }

    private static Optional<Query> io2Iops(PriceKey key, String usageType) {
        return Optional.of(new Query("AmazonEC2", filters(key, "productFamily", "System Operation", "volumeApiName", "io2"),
                Optional.of(usageType), ONE, "provisioned IOPS-month"));
    }

    /** NAT gateways are in EC2's price list; public IPv4 addresses in VPC's, under no product family. */
    private static Optional<Query> vpc(PriceKey key) {
        return switch (key.item()) {
            case "nat_gateway_hour" -> Optional.of(new Query("AmazonEC2", filters(key, "productFamily", "NAT Gateway"),
                    Optional.of("NatGateway-Hours"), ONE, "NAT-gateway-hour"));
            case "public_ipv4_idle" -> Optional.of(new Query("AmazonVPC", filters(key), Optional.of("PublicIPv4:IdleAddress"), ONE, "IP-hour"));
            case "public_ipv4_in_use" -> Optional.of(new Query("AmazonVPC", filters(key), Optional.of("PublicIPv4:InUseAddress"), ONE, "IP-hour"));
            default -> Optional.empty();
        };
    }

    private static Optional<Query> elb(PriceKey key) {
        String family = switch (key.item()) {
            case "alb_hour" -> "Load Balancer-Application";
            case "nlb_hour" -> "Load Balancer-Network";
            case "clb_hour" -> "Load Balancer";
            default -> null;
        };
        return Optional.ofNullable(family).map(productFamily -> new Query("AWSELB", filters(key, "productFamily", productFamily),
                Optional.of("LoadBalancerUsage"), ONE, "load-balancer-hour"));
    }

    /** {@code engine/class/deployment} for instance hours, {@code engine/storage_item/deployment} for storage. */
    private static Optional<Query> rds(PriceKey key) {
        if (key.item().equals("snapshot_storage")) {
            return Optional.of(new Query("AmazonRDS", filters(key, "productFamily", "Storage Snapshot"), Optional.of("RDS:ChargedBackupUsage"),
                    ONE, "GB-month of backup storage"));
        }
        String[] parts = key.item().split("/");
        if (parts.length != 3) {
            return Optional.empty();
        }
        String engine = switch (parts[0]) {
            case "postgresql" -> "PostgreSQL";
            case "mysql" -> "MySQL";
            default -> null;
        };
        String deployment = parts[2].equals("multi-az") ? "Multi-AZ" : "Single-AZ";
        if (engine == null) {
            return Optional.empty();
        }
        if (parts[1].startsWith("db.")) {
            return Optional.of(new Query("AmazonRDS", filters(key, "productFamily", "Database Instance", "instanceType", parts[1],
                    "databaseEngine", engine, "deploymentOption", deployment), Optional.empty(), ONE, "instance-hour"));
        }
        String volumeType = switch (parts[1]) {
            case "gp2_storage" -> "General Purpose";
            case "gp3_storage" -> "General Purpose-GP3";
            case "magnetic_storage" -> "Magnetic";
            case "io1_storage" -> "Provisioned IOPS";
            default -> null;
        };
        return Optional.ofNullable(volumeType).map(type -> new Query("AmazonRDS", filters(key, "productFamily", "Database Storage",
                "volumeType", type, "databaseEngine", engine, "deploymentOption", deployment), Optional.empty(), ONE, "GB-month"));
    }

    private static Map<String, String> filters(PriceKey key, String... namesAndValues) {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("regionCode", key.region());
        for (int i = 0; i < namesAndValues.length; i += 2) {
            filters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return filters;
    }
}
