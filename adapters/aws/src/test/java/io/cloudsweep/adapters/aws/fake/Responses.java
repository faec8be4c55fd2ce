package io.cloudsweep.adapters.aws.fake;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.ElasticIp;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.MachineImage;
import io.cloudsweep.engine.model.NatGateway;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.RdsSnapshot;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.model.Tags;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fake's answers, one method per API action, in AWS's XML. */
final class Responses {

    record Answer(int status, String xml) {
        static Answer ok(String xml) {
            return new Answer(200, xml);
        }
    }

    private static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final String RDS_NS = "http://rds.amazonaws.com/doc/2014-10-31/";
    private static final String ELB_NS = "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/";
    private static final String ELBV2_NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    private static final String AUTOSCALING_NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    private static final String CLOUDWATCH_NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/.+");

    private final FakeAws fake;
    private final Region region;
    /** Who asks: the world's account, or a mirror of it reached through a role. */
    private final Account caller;

    Responses(FakeAws fake, Region region, Account caller) {
        this.fake = fake;
        this.region = region;
        this.caller = caller;
    }

    Answer answer(String service, Map<String, String> params) {
        String action = params.getOrDefault("Action", "");
        return switch (service + ":" + action) {
            case "ec2:DescribeRegions" -> describeRegions();
            case "ec2:DescribeInstances" -> describeInstances(params);
            case "ec2:DescribeVolumes" -> describeVolumes(params);
            case "ec2:DescribeSnapshots" -> describeSnapshots(params);
            case "ec2:DescribeImages" -> describeImages(params);
            case "ec2:DescribeAddresses" -> describeAddresses(params);
            case "ec2:DescribeLaunchTemplateVersions" -> describeLaunchTemplateVersions(params);
            case "autoscaling:DescribeLaunchConfigurations" -> describeLaunchConfigurations(params);
            case "autoscaling:DescribeAutoScalingGroups" -> describeAutoScalingGroups(params);
            case "ec2:DeregisterImage" -> new CleanupAnswers(fake, region).deregisterImage(params);
            case "ec2:DescribeNatGateways" -> describeNatGateways(params);
            case "ec2:DescribeRouteTables" -> describeRouteTables(params);
            case "ec2:DeleteNatGateway" -> new CleanupAnswers(fake, region).deleteNatGateway(params);
            case "ec2:CreateSnapshot" -> new CleanupAnswers(fake, region).createSnapshot(params);
            case "ec2:DeleteVolume" -> new CleanupAnswers(fake, region).deleteVolume(params);
            case "ec2:CreateVolume" -> new CleanupAnswers(fake, region).createVolume(params);
            case "ec2:DetachVolume" -> new CleanupAnswers(fake, region).detachVolume(params);
            case "ec2:AttachVolume" -> new CleanupAnswers(fake, region).attachVolume(params);
            case "ec2:ReleaseAddress" -> new CleanupAnswers(fake, region).releaseAddress(params);
            case "ec2:AllocateAddress" -> new CleanupAnswers(fake, region).allocateAddress(params);
            case "ec2:ModifyVolume" -> new CleanupAnswers(fake, region).modifyVolume(params);
            case "ec2:DeleteSnapshot" -> new CleanupAnswers(fake, region).deleteSnapshot(params);
            case "ec2:StopInstances" -> new CleanupAnswers(fake, region).changeInstance(params, "StopInstancesResponse", Ec2Instance.State.STOPPED);
            case "ec2:StartInstances" -> new CleanupAnswers(fake, region).changeInstance(params, "StartInstancesResponse", Ec2Instance.State.RUNNING);
            case "ec2:TerminateInstances" -> new CleanupAnswers(fake, region)
                    .changeInstance(params, "TerminateInstancesResponse", Ec2Instance.State.TERMINATED);
            case "ec2:ModifyInstanceAttribute" -> new CleanupAnswers(fake, region).modifyInstanceAttribute(params);
            case "ec2:CreateImage" -> new CleanupAnswers(fake, region).createImage(params);
            case "ec2:RunInstances" -> new CleanupAnswers(fake, region).runInstances(params);
            case "rds:StopDBInstance", "rds:StartDBInstance", "rds:DeleteDBInstance", "rds:RestoreDBInstanceFromDBSnapshot" ->
                    new CleanupAnswers(fake, region).changeDatabase(params, action);
            case "elasticloadbalancing:DeleteLoadBalancer" -> new CleanupAnswers(fake, region).deleteLoadBalancer(params);
            case "rds:DescribeDBInstances" -> describeDbInstances(params);
            case "rds:DescribeDBSnapshots" -> describeDbSnapshots(params);
            case "rds:DeleteDBSnapshot" -> new CleanupAnswers(fake, region).deleteDbSnapshot(params);
            case "elasticloadbalancing:DescribeLoadBalancers" -> isClassic(params) ? describeClassic(params) : describeV2(params);
            case "elasticloadbalancing:DescribeInstanceHealth" -> describeInstanceHealth(params);
            case "elasticloadbalancing:DescribeTargetGroups" -> describeTargetGroups(params);
            case "elasticloadbalancing:DescribeTargetHealth" -> describeTargetHealth(params);
            case "elasticloadbalancing:DescribeTags" -> isClassic(params) ? describeClassicTags(params) : describeV2Tags(params);
            case "monitoring:GetMetricData" -> new MetricAnswers(fake, region).getMetricData(params);
            case "sts:GetCallerIdentity" -> getCallerIdentity();
            case "sts:AssumeRole" -> assumeRole(params);
            default -> new Answer(400, queryError("InvalidAction", "the fake does not know " + service + ":" + action, "Sender"));
        };
    }

    // ---- EC2 ----

    private Answer describeRegions() {
        Xml xml = new Xml().openNs("DescribeRegionsResponse", EC2_NS).text("requestId", requestId())
                .list("regionInfo", "item", fake.source.enabledRegions(fake.account), enabled -> new Xml()
                        .text("regionName", enabled.code()).text("regionEndpoint", "ec2." + enabled.code() + ".amazonaws.com")
                        .text("optInStatus", "opt-in-not-required").toString());
        return Answer.ok(xml.close("DescribeRegionsResponse").toString());
    }

    private Answer describeInstances(Map<String, String> params) {
        Page<Ec2Instance> page = page(matching(resources(Ec2Instance.class), params, "InstanceId"), params, "MaxResults", "NextToken", 5, 1000);
        if (page == null) {
            return invalidPageSize();
        }
        Xml xml = new Xml().openNs("DescribeInstancesResponse", EC2_NS).text("requestId", requestId())
                .list("reservationSet", "item", page.items(), instance -> new Xml()
                        .text("reservationId", "r-" + instance.ref().id().substring(2)).text("ownerId", caller.id())
                        .list("instancesSet", "item", List.of(instance), this::instance).toString())
                .text("nextToken", page.next());
        return Answer.ok(xml.close("DescribeInstancesResponse").toString());
    }

    private static final String ROOT_DEVICE = "/dev/xvda";

    /**
     * Where {@code volumeId} is attached on {@code instance}: its root volume at the root device, the others where they
     * were attached (by AttachVolume) or at /dev/sdf, /dev/sdg, ... in the instance's order.
     */
    static String device(FakeAws fake, Ec2Instance instance, String volumeId) {
        if (fake.attachedDevices.containsKey(volumeId)) {
            return fake.attachedDevices.get(volumeId);
        }
        if (instance.rootVolumeId().equals(java.util.Optional.of(volumeId))) {
            return ROOT_DEVICE;
        }
        return "/dev/sd" + (char) ('f' + Math.max(0, instance.volumeIds().indexOf(volumeId)));
    }

    private String instance(Ec2Instance instance) {
        return new Xml().text("instanceId", instance.ref().id()).text("imageId", instance.imageId().orElse("ami-00000000"))
                .open("instanceState").text("code", stateCode(instance.state())).text("name", apiName(instance.state().name())).close("instanceState")
                .text("reason", instance.stateTransitionReason())
                .text("instanceType", instance.instanceType())
                .time("launchTime", instance.launchedAt())
                .open("placement").text("availabilityZone", instance.availabilityZone()).close("placement")
                .text("rootDeviceName", ROOT_DEVICE)
                .list("blockDeviceMapping", "item", instance.volumeIds(), volume -> new Xml().text("deviceName", device(fake, instance, volume))
                        .open("ebs").text("volumeId", volume).text("status", "attached").text("deleteOnTermination", "true").close("ebs").toString())
                .raw(tagSet(instance.tags()))
                .text("platformDetails", instance.platform())
                .toString();
    }

    private Answer describeVolumes(Map<String, String> params) {
        Page<EbsVolume> page = page(matching(resources(EbsVolume.class), params, "VolumeId"), params, "MaxResults", "NextToken", 5, 500);
        if (page == null) {
            return invalidPageSize();
        }
        // the region's instances read once: read for each attachment, they made the fake's own CPU grow with the square
        // of the region's size, and it shares the machine with the scanner it answers
        Map<String, Ec2Instance> instances = new HashMap<>();
        resources(Ec2Instance.class).forEach(instance -> instances.putIfAbsent(instance.ref().id(), instance));
        Xml xml = new Xml().openNs("DescribeVolumesResponse", EC2_NS).text("requestId", requestId())
                .list("volumeSet", "item", page.items(), volume -> new Xml()
                        .text("volumeId", volume.ref().id()).text("size", volume.sizeGib()).text("availabilityZone", volume.availabilityZone())
                        .text("status", apiName(volume.state().name())).time("createTime", volume.createdAt())
                        .list("attachmentSet", "item", volume.attachedInstanceIds(), instance -> new Xml()
                                .text("volumeId", volume.ref().id()).text("instanceId", instance)
                                .text("device", Optional.ofNullable(instances.get(instance))
                                        .map(i -> device(fake, i, volume.ref().id())).orElse("/dev/sdf"))
                                .text("status", "attached").toString())
                        .raw(tagSet(volume.tags()))
                        .text("volumeType", volume.volumeType().apiName())
                        .text("iops", volume.iops() == 0 ? null : volume.iops())
                        .text("throughput", volume.throughputMibps() == 0 ? null : volume.throughputMibps())
                        .text("encrypted", "false").toString())
                .text("nextToken", page.next());
        return Answer.ok(xml.close("DescribeVolumesResponse").toString());
    }

    private Answer describeSnapshots(Map<String, String> params) {
        boolean self = "self".equals(params.get("Owner.1"));
        List<EbsSnapshot> described = matching(resources(EbsSnapshot.class), params, "SnapshotId");
        new CleanupAnswers(fake, region).completePendingSnapshots();
        List<EbsSnapshot> snapshots = described.stream()
                .filter(snapshot -> !self || snapshot.ownerId().equals(fake.account.id())).toList();
        Page<EbsSnapshot> page = page(snapshots, params, "MaxResults", "NextToken", 5, 1000);
        if (page == null) {
            return invalidPageSize();
        }
        Xml xml = new Xml().openNs("DescribeSnapshotsResponse", EC2_NS).text("requestId", requestId())
                .list("snapshotSet", "item", page.items(), snapshot -> new Xml()
                        .text("snapshotId", snapshot.ref().id()).text("volumeId", snapshot.volumeId())
                        .text("status", apiName(snapshot.state().name())).time("startTime", snapshot.startedAt())
                        .text("progress", "100%").text("ownerId", snapshot.ownerId().equals(fake.account.id()) ? caller.id() : snapshot.ownerId()).text("volumeSize", snapshot.volumeSizeGib())
                        .text("description", snapshot.description()).raw(tagSet(snapshot.tags())).toString())
                .text("nextToken", page.next());
        return Answer.ok(xml.close("DescribeSnapshotsResponse").toString());
    }

    private Answer describeImages(Map<String, String> params) {
        boolean self = "self".equals(params.get("Owner.1"));
        List<MachineImage> images = self || params.containsKey("ImageId.1") ? matching(resources(MachineImage.class), params, "ImageId") : List.of();
        new CleanupAnswers(fake, region).completePendingImages();
        Page<MachineImage> page = page(images, params, "MaxResults", "NextToken", 5, 1000);
        if (page == null) {
            return invalidPageSize();
        }
        Xml xml = new Xml().openNs("DescribeImagesResponse", EC2_NS).text("requestId", requestId())
                .list("imagesSet", "item", page.items(), image -> new Xml()
                        .text("imageId", image.ref().id()).text("imageState", apiName(image.state().name()))
                        .text("imageOwnerId", caller.id()).text("creationDate", image.createdAt().toString()).text("name", image.name())
                        .list("blockDeviceMapping", "item", image.snapshotIds(), snapshot -> new Xml()
                                .text("deviceName", "/dev/xvda").open("ebs").text("snapshotId", snapshot).close("ebs").toString())
                        .raw(tagSet(image.tags())).toString())
                .text("nextToken", page.next());
        return Answer.ok(xml.close("DescribeImagesResponse").toString());
    }

    private Answer describeAddresses(Map<String, String> params) {
        Xml xml = new Xml().openNs("DescribeAddressesResponse", EC2_NS).text("requestId", requestId())
                .list("addressesSet", "item", matching(resources(ElasticIp.class), params, "AllocationId"), address -> new Xml()
                        .text("publicIp", address.publicIp()).text("allocationId", address.ref().id()).text("domain", "vpc")
                        .text("associationId", address.associationId().orElse(null)).text("instanceId", address.instanceId().orElse(null))
                        .text("networkInterfaceId", address.networkInterfaceId().orElse(null)).raw(tagSet(address.tags())).toString());
        return Answer.ok(xml.close("DescribeAddressesResponse").toString());
    }

    private Answer describeNatGateways(Map<String, String> params) {
        Page<NatGateway> page = page(matching(resources(NatGateway.class), params, "NatGatewayId"), params, "MaxResults", "NextToken", 5, 1000);
        if (page == null) {
            return invalidPageSize();
        }
        Xml xml = new Xml().openNs("DescribeNatGatewaysResponse", EC2_NS).text("requestId", requestId())
                .list("natGatewaySet", "item", page.items(), gateway -> new Xml()
                        .text("natGatewayId", gateway.ref().id()).text("subnetId", gateway.subnetId()).text("vpcId", gateway.vpcId())
                        .text("state", "available").time("createTime", gateway.createdAt()).text("connectivityType", "public")
                        .list("natGatewayAddressSet", "item", gateway.allocationIds(), allocation -> new Xml().text("allocationId", allocation)
                                .text("isPrimary", "true").toString())
                        .raw(tagSet(gateway.tags())).toString())
                .text("nextToken", page.next());
        return Answer.ok(xml.close("DescribeNatGatewaysResponse").toString());
    }

    /** The route tables with a route through the NAT gateways the {@code route.nat-gateway-id} filter names. */
    private Answer describeRouteTables(Map<String, String> params) {
        List<String> natIds = new java.util.ArrayList<>();
        for (int i = 1; params.containsKey("Filter." + i + ".Name"); i++) {
            if (params.get("Filter." + i + ".Name").equals("route.nat-gateway-id")) {
                natIds.addAll(members(params, "Filter." + i + ".Value."));
            }
        }
        Map<String, List<NatGateway>> byTable = new java.util.TreeMap<>();
        resources(NatGateway.class).stream().filter(gateway -> natIds.isEmpty() || natIds.contains(gateway.ref().id()))
                .forEach(gateway -> gateway.routeTableIds().forEach(table -> byTable.computeIfAbsent(table, id -> new java.util.ArrayList<>()).add(gateway)));
        Page<Map.Entry<String, List<NatGateway>>> page = page(List.copyOf(byTable.entrySet()), params, "MaxResults", "NextToken", 5, 100);
        if (page == null) {
            return invalidPageSize();
        }
        Xml xml = new Xml().openNs("DescribeRouteTablesResponse", EC2_NS).text("requestId", requestId())
                .list("routeTableSet", "item", page.items(), table -> new Xml()
                        .text("routeTableId", table.getKey()).text("vpcId", table.getValue().get(0).vpcId())
                        .list("routeSet", "item", table.getValue(), gateway -> new Xml().text("destinationCidrBlock", "0.0.0.0/0")
                                .text("natGatewayId", gateway.ref().id()).text("state", "active").text("origin", "CreateRoute").toString())
                        .toString())
                .text("nextToken", page.next());
        return Answer.ok(xml.close("DescribeRouteTablesResponse").toString());
    }

    /**
     * The latest (and default) version of each launch template the images name; or, asked by template and version, the
     * version an Auto Scaling group is pinned to ("launch template NAME version N (Auto Scaling group G)").
     */
    private Answer describeLaunchTemplateVersions(Map<String, String> params) {
        String named = params.getOrDefault("LaunchTemplateName", params.get("LaunchTemplateId"));
        List<Map.Entry<String, String>> templates = named == null ? launchers("launch template ").stream()
                .filter(entry -> !PINNED.matcher("launch template " + entry.getKey()).matches()).toList()
                : launchers("launch template ").stream().filter(entry -> entry.getKey().startsWith(named + " version "
                        + params.get("LaunchTemplateVersion.1") + " ")).map(entry -> Map.entry(named, entry.getValue())).toList();
        Page<Map.Entry<String, String>> page = page(templates, params, "MaxResults", "NextToken", 1, 200);
        if (page == null) {
            return invalidPageSize();
        }
        Xml xml = new Xml().openNs("DescribeLaunchTemplateVersionsResponse", EC2_NS).text("requestId", requestId())
                .list("launchTemplateVersionSet", "item", page.items(), template -> new Xml()
                        .text("launchTemplateId", "lt-0" + Integer.toHexString(template.getKey().hashCode()))
                        .text("launchTemplateName", template.getKey()).text("versionNumber", 1).text("defaultVersion", "true")
                        .open("launchTemplateData").text("imageId", template.getValue()).close("launchTemplateData").toString())
                .text("nextToken", page.next());
        return Answer.ok(xml.close("DescribeLaunchTemplateVersionsResponse").toString());
    }

    private static final java.util.regex.Pattern PINNED =
            java.util.regex.Pattern.compile("launch template (\\S+) version (\\d+) \\(Auto Scaling group (\\S+)\\)");

    /** The Auto Scaling groups pinned to a launch template version, as the images name them. */
    private Answer describeAutoScalingGroups(Map<String, String> params) {
        List<java.util.regex.Matcher> groups = resources(MachineImage.class).stream().flatMap(image -> image.launchedBy().stream())
                .map(PINNED::matcher).filter(java.util.regex.Matcher::matches).toList();
        Page<java.util.regex.Matcher> page = page(groups, params, "MaxRecords", "NextToken", 1, 100);
        if (page == null) {
            return new Answer(400, queryError("ValidationError", "MaxRecords must be 1 to 100", "Sender"));
        }
        Xml xml = new Xml().openNs("DescribeAutoScalingGroupsResponse", AUTOSCALING_NS).open("DescribeAutoScalingGroupsResult")
                .list("AutoScalingGroups", "member", page.items(), group -> new Xml()
                        .text("AutoScalingGroupName", group.group(3)).text("MinSize", 1).text("MaxSize", 4).text("DesiredCapacity", 2)
                        .open("LaunchTemplate").text("LaunchTemplateName", group.group(1)).text("Version", group.group(2)).close("LaunchTemplate")
                        .time("CreatedTime", fake.now).toString())
                .text("NextToken", page.next())
                .close("DescribeAutoScalingGroupsResult");
        return Answer.ok(xml.raw(responseMetadata()).close("DescribeAutoScalingGroupsResponse").toString());
    }

    private Answer describeLaunchConfigurations(Map<String, String> params) {
        List<Map.Entry<String, String>> configurations = launchers("launch configuration ");
        Page<Map.Entry<String, String>> page = page(configurations, params, "MaxRecords", "NextToken", 1, 100);
        if (page == null) {
            return new Answer(400, queryError("ValidationError", "MaxRecords must be 1 to 100", "Sender"));
        }
        Xml xml = new Xml().openNs("DescribeLaunchConfigurationsResponse", AUTOSCALING_NS).open("DescribeLaunchConfigurationsResult")
                .list("LaunchConfigurations", "member", page.items(), configuration -> new Xml()
                        .text("LaunchConfigurationName", configuration.getKey()).text("ImageId", configuration.getValue())
                        .text("InstanceType", "t3.micro").time("CreatedTime", fake.now).toString())
                .text("NextToken", page.next())
                .close("DescribeLaunchConfigurationsResult");
        return Answer.ok(xml.raw(responseMetadata()).close("DescribeLaunchConfigurationsResponse").toString());
    }

    /** Each launcher the images of the region name with {@code prefix} ("launch template "), with the image it launches. */
    private List<Map.Entry<String, String>> launchers(String prefix) {
        Map<String, String> launchers = new java.util.TreeMap<>();
        resources(MachineImage.class).forEach(image -> image.launchedBy().stream().filter(name -> name.startsWith(prefix))
                .forEach(name -> launchers.put(name.substring(prefix.length()), image.ref().id())));
        return List.copyOf(launchers.entrySet());
    }

    // ---- RDS ----

    private Answer describeDbSnapshots(Map<String, String> params) {
        List<RdsSnapshot> snapshots = resources(RdsSnapshot.class).stream()
                .filter(snapshot -> !params.containsKey("DBSnapshotIdentifier") || snapshot.ref().id().equals(params.get("DBSnapshotIdentifier")))
                .filter(snapshot -> !params.containsKey("SnapshotType") || params.get("SnapshotType").equals("manual"))
                .toList();
        Page<RdsSnapshot> page = page(snapshots, params, "MaxRecords", "Marker", 20, 100);
        if (page == null) {
            return new Answer(400, queryError("InvalidParameterValue", "MaxRecords must be 20 to 100", "Sender"));
        }
        Xml xml = new Xml().openNs("DescribeDBSnapshotsResponse", RDS_NS).open("DescribeDBSnapshotsResult")
                .list("DBSnapshots", "DBSnapshot", page.items(), snapshot -> new Xml()
                        .text("DBSnapshotIdentifier", snapshot.ref().id()).text("DBInstanceIdentifier", snapshot.dbInstanceIdentifier())
                        .time("SnapshotCreateTime", snapshot.createdAt()).text("Engine", snapshot.engine())
                        .text("AllocatedStorage", snapshot.allocatedStorageGib()).text("Status", snapshot.status())
                        .text("SnapshotType", "manual").text("DBSnapshotArn", snapshot.ref().arn())
                        .list("TagList", "Tag", List.copyOf(snapshot.tags().values().entrySet()), tag -> new Xml()
                                .text("Key", tag.getKey()).text("Value", tag.getValue()).toString()).toString())
                .text("Marker", page.next())
                .close("DescribeDBSnapshotsResult");
        return Answer.ok(xml.raw(responseMetadata()).close("DescribeDBSnapshotsResponse").toString());
    }

    private Answer describeDbInstances(Map<String, String> params) {
        List<RdsInstance> databases = resources(RdsInstance.class).stream()
                .filter(database -> !params.containsKey("DBInstanceIdentifier") || database.ref().id().equals(params.get("DBInstanceIdentifier")))
                .toList();
        Page<RdsInstance> page = page(databases, params, "MaxRecords", "Marker", 20, 100);
        if (page == null) {
            return new Answer(400, queryError("InvalidParameterValue", "MaxRecords must be 20 to 100", "Sender"));
        }
        Xml xml = new Xml().openNs("DescribeDBInstancesResponse", RDS_NS).open("DescribeDBInstancesResult")
                .list("DBInstances", "DBInstance", page.items(), database -> new Xml()
                        .text("DBInstanceIdentifier", database.ref().id()).text("DBInstanceClass", database.dbInstanceClass())
                        .text("Engine", database.engine()).text("DBInstanceStatus", database.status())
                        .time("InstanceCreateTime", database.createdAt()).text("MultiAZ", database.multiAz())
                        .text("AllocatedStorage", database.allocatedStorageGib()).text("StorageType", database.storageType())
                        .text("DBInstanceArn", database.ref().arn())
                        .list("TagList", "Tag", List.copyOf(database.tags().values().entrySet()), tag -> new Xml()
                                .text("Key", tag.getKey()).text("Value", tag.getValue()).toString()).toString())
                .text("Marker", page.next())
                .close("DescribeDBInstancesResult");
        return Answer.ok(xml.raw(responseMetadata()).close("DescribeDBInstancesResponse").toString());
    }

    // ---- Elastic Load Balancing ----

    private static boolean isClassic(Map<String, String> params) {
        return "2012-06-01".equals(params.get("Version"));
    }

    private List<LoadBalancer> loadBalancers(boolean classic) {
        return resources(LoadBalancer.class).stream()
                .filter(balancer -> (balancer.kind() == LoadBalancer.Kind.CLASSIC) == classic).toList();
    }

    private Answer describeClassic(Map<String, String> params) {
        Page<LoadBalancer> page = page(loadBalancers(true), params, "PageSize", "Marker", 1, 400);
        if (page == null) {
            return new Answer(400, queryError("ValidationError", "PageSize must be 1 to 400", "Sender"));
        }
        Xml xml = new Xml().openNs("DescribeLoadBalancersResponse", ELB_NS).open("DescribeLoadBalancersResult")
                .list("LoadBalancerDescriptions", "member", page.items(), balancer -> new Xml()
                        .text("LoadBalancerName", balancer.ref().id()).time("CreatedTime", balancer.createdAt())
                        .text("DNSName", balancer.ref().id() + ".elb.amazonaws.com")
                        .list("Instances", "member", targets(balancer), target -> new Xml().text("InstanceId", target).toString()).toString())
                .text("NextMarker", page.next())
                .close("DescribeLoadBalancersResult");
        return Answer.ok(xml.raw(responseMetadata()).close("DescribeLoadBalancersResponse").toString());
    }

    private Answer describeInstanceHealth(Map<String, String> params) {
        LoadBalancer balancer = loadBalancers(true).stream().filter(lb -> lb.ref().id().equals(params.get("LoadBalancerName")))
                .findFirst().orElse(null);
        if (balancer == null) {
            return new Answer(400, queryError("LoadBalancerNotFound", "no such load balancer", "Sender"));
        }
        List<String> targets = targets(balancer);
        Xml xml = new Xml().openNs("DescribeInstanceHealthResponse", ELB_NS).open("DescribeInstanceHealthResult")
                .list("InstanceStates", "member", targets, target -> new Xml().text("InstanceId", target)
                        .text("State", targets.indexOf(target) < balancer.healthyTargets() ? "InService" : "OutOfService").toString())
                .close("DescribeInstanceHealthResult");
        return Answer.ok(xml.raw(responseMetadata()).close("DescribeInstanceHealthResponse").toString());
    }

    private Answer describeClassicTags(Map<String, String> params) {
        List<String> names = members(params, "LoadBalancerNames.member.");
        if (names.size() > 20) {
            return new Answer(400, queryError("ValidationError", "at most 20 load balancer names", "Sender"));
        }
        List<LoadBalancer> matching = loadBalancers(true).stream().filter(lb -> names.contains(lb.ref().id())).toList();
        Xml xml = new Xml().openNs("DescribeTagsResponse", ELB_NS).open("DescribeTagsResult")
                .list("TagDescriptions", "member", matching, balancer -> new Xml().text("LoadBalancerName", balancer.ref().id())
                        .raw(memberTags(balancer.tags())).toString())
                .close("DescribeTagsResult");
        return Answer.ok(xml.raw(responseMetadata()).close("DescribeTagsResponse").toString());
    }

    private Answer describeV2(Map<String, String> params) {
        Page<LoadBalancer> page = page(loadBalancers(false), params, "PageSize", "Marker", 1, 400);
        if (page == null) {
            return new Answer(400, queryError("ValidationError", "PageSize must be 1 to 400", "Sender"));
        }
        Xml xml = new Xml().openNs("DescribeLoadBalancersResponse", ELBV2_NS).open("DescribeLoadBalancersResult")
                .list("LoadBalancers", "member", page.items(), balancer -> new Xml()
                        .text("LoadBalancerArn", balancer.ref().arn()).text("LoadBalancerName", balancer.ref().id())
                        .text("Type", balancer.kind() == LoadBalancer.Kind.NETWORK ? "network" : "application")
                        .time("CreatedTime", balancer.createdAt()).open("State").text("Code", "active").close("State").toString())
                .text("NextMarker", page.next())
                .close("DescribeLoadBalancersResult");
        return Answer.ok(xml.raw(responseMetadata()).close("DescribeLoadBalancersResponse").toString());
    }

    private Answer describeTargetGroups(Map<String, String> params) {
        List<LoadBalancer> withTargets = loadBalancers(false).stream().filter(lb -> lb.registeredTargets() > 0).toList();
        Page<LoadBalancer> page = page(withTargets, params, "PageSize", "Marker", 1, 400);
        if (page == null) {
            return new Answer(400, queryError("ValidationError", "PageSize must be 1 to 400", "Sender"));
        }
        Xml xml = new Xml().openNs("DescribeTargetGroupsResponse", ELBV2_NS).open("DescribeTargetGroupsResult")
                .list("TargetGroups", "member", page.items(), balancer -> new Xml()
                        .text("TargetGroupArn", targetGroupArn(balancer)).text("TargetGroupName", "tg-" + balancer.ref().id())
                        .list("LoadBalancerArns", "member", List.of(balancer.ref().arn()), arn -> Xml.escape(arn)).toString())
                .text("NextMarker", page.next())
                .close("DescribeTargetGroupsResult");
        return Answer.ok(xml.raw(responseMetadata()).close("DescribeTargetGroupsResponse").toString());
    }

    private Answer describeTargetHealth(Map<String, String> params) {
        LoadBalancer balancer = loadBalancers(false).stream().filter(lb -> targetGroupArn(lb).equals(params.get("TargetGroupArn")))
                .findFirst().orElse(null);
        if (balancer == null) {
            return new Answer(400, queryError("TargetGroupNotFound", "no such target group", "Sender"));
        }
        List<String> targets = targets(balancer);
        Xml xml = new Xml().openNs("DescribeTargetHealthResponse", ELBV2_NS).open("DescribeTargetHealthResult")
                .list("TargetHealthDescriptions", "member", targets, target -> new Xml()
                        .open("Target").text("Id", target).text("Port", 80).close("Target")
                        .open("TargetHealth").text("State", targets.indexOf(target) < balancer.healthyTargets() ? "healthy" : "unhealthy")
                        .close("TargetHealth").toString())
                .close("DescribeTargetHealthResult");
        return Answer.ok(xml.raw(responseMetadata()).close("DescribeTargetHealthResponse").toString());
    }

    private Answer describeV2Tags(Map<String, String> params) {
        List<String> arns = members(params, "ResourceArns.member.");
        if (arns.size() > 20) {
            return new Answer(400, queryError("ValidationError", "at most 20 resource ARNs", "Sender"));
        }
        List<LoadBalancer> matching = loadBalancers(false).stream().filter(lb -> arns.contains(lb.ref().arn())).toList();
        Xml xml = new Xml().openNs("DescribeTagsResponse", ELBV2_NS).open("DescribeTagsResult")
                .list("TagDescriptions", "member", matching, balancer -> new Xml().text("ResourceArn", balancer.ref().arn())
                        .raw(memberTags(balancer.tags())).toString())
                .close("DescribeTagsResult");
        return Answer.ok(xml.raw(responseMetadata()).close("DescribeTagsResponse").toString());
    }

    private static List<String> targets(LoadBalancer balancer) {
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < balancer.registeredTargets(); i++) {
            targets.add("i-target" + Math.abs(balancer.ref().id().hashCode()) + "x" + i);
        }
        return targets;
    }

    private static String targetGroupArn(LoadBalancer balancer) {
        return balancer.ref().arn().replace(":loadbalancer/", ":targetgroup/").replace("/app/", "/").replace("/net/", "/");
    }

    // ---- STS ----

    private Answer getCallerIdentity() {
        Xml xml = new Xml().openNs("GetCallerIdentityResponse", STS_NS).open("GetCallerIdentityResult")
                .text("Arn", "arn:aws:iam::" + caller.id() + ":user/tester").text("UserId", "AIDAFAKE")
                .text("Account", caller.id()).close("GetCallerIdentityResult");
        return Answer.ok(xml.raw(responseMetadata()).close("GetCallerIdentityResponse").toString());
    }

    /** A role's session key: one naming the role's account where the fake mirrors accounts, else the one session key. */
    private String sessionKey(String roleArn) {
        Matcher role = ROLE_ARN.matcher(String.valueOf(roleArn));
        return fake.mirrorsAccounts() && role.matches() ? FakeAws.MIRROR_KEY_PREFIX + role.group(1) : "ASIAFAKESESSION";
    }

    private Answer assumeRole(Map<String, String> params) {
        String roleArn = params.get("RoleArn");
        String required = fake.externalIdFor(roleArn);
        if (required != null && !required.equals(params.get("ExternalId"))) {
            return new Answer(403, queryError("AccessDenied", "User is not authorized to perform: sts:AssumeRole on resource: " + roleArn, "Sender"));
        }
        Instant expiry = Instant.now().plus(Duration.ofSeconds(Long.parseLong(params.getOrDefault("DurationSeconds", "3600"))));
        Xml xml = new Xml().openNs("AssumeRoleResponse", STS_NS).open("AssumeRoleResult")
                .open("Credentials").text("AccessKeyId", sessionKey(roleArn)).text("SecretAccessKey", "fake-secret")
                .text("SessionToken", "fake-session-token").time("Expiration", expiry).close("Credentials")
                .open("AssumedRoleUser").text("AssumedRoleId", "AROAFAKE:" + params.get("RoleSessionName"))
                .text("Arn", roleArn + "/" + params.get("RoleSessionName")).close("AssumedRoleUser")
                .close("AssumeRoleResult");
        return Answer.ok(xml.raw(responseMetadata()).close("AssumeRoleResponse").toString());
    }

    // ---- shared ----

    /** One page of {@code items}, or null when the requested page size is outside what the API allows. */
    static <T> Page<T> page(List<T> items, Map<String, String> params, String sizeParam, String tokenParam, int min, int max) {
        String requested = params.get(sizeParam);
        int size = requested == null ? max : Integer.parseInt(requested);
        if (size < min || size > max) {
            return null;
        }
        int start = params.containsKey(tokenParam) ? Integer.parseInt(params.get(tokenParam).substring("page-".length())) : 0;
        int end = Math.min(items.size(), start + size);
        return new Page<>(items.subList(Math.min(start, end), end), end < items.size() ? "page-" + end : null);
    }

    record Page<T>(List<T> items, String next) {
    }

    private <R extends Resource> List<R> resources(Class<R> type) {
        return fake.live(region).stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The resources a Describe call asks for: by {@code idParam.N} ids when given, and by {@code Filter.N} tag filters. */
    private static <R extends Resource> List<R> matching(List<R> resources, Map<String, String> params, String idParam) {
        List<String> ids = members(params, idParam + ".");
        return resources.stream().filter(r -> ids.isEmpty() || ids.contains(r.ref().id())).filter(r -> {
            for (int i = 1; params.containsKey("Filter." + i + ".Name"); i++) {
                String name = params.get("Filter." + i + ".Name");
                List<String> values = members(params, "Filter." + i + ".Value.");
                if (name.startsWith("tag:") && !r.tags().get(name.substring(4)).map(values::contains).orElse(false)) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    static List<String> members(Map<String, String> params, String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 1; params.containsKey(prefix + i); i++) {
            values.add(params.get(prefix + i));
        }
        return values;
    }

    private static String tagSet(Tags tags) {
        return new Xml().list("tagSet", "item", List.copyOf(tags.values().entrySet()), tag -> new Xml()
                .text("key", tag.getKey()).text("value", tag.getValue()).toString()).toString();
    }

    private static String memberTags(Tags tags) {
        return new Xml().list("Tags", "member", List.copyOf(tags.values().entrySet()), tag -> new Xml()
                .text("Key", tag.getKey()).text("Value", tag.getValue()).toString()).toString();
    }

    private static int stateCode(Ec2Instance.State state) {
        return switch (state) {
            case PENDING -> 0;
            case RUNNING -> 16;
            case SHUTTING_DOWN -> 32;
            case TERMINATED -> 48;
            case STOPPING -> 64;
            case STOPPED -> 80;
        };
    }

    private static String apiName(String enumName) {
        return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private Answer invalidPageSize() {
        return new Answer(400, ec2Error("InvalidParameterValue", "MaxResults is outside the allowed range"));
    }

    static String responseMetadata() {
        return new Xml().open("ResponseMetadata").text("RequestId", requestId()).close("ResponseMetadata").toString();
    }

    static String requestId() {
        return UUID.randomUUID().toString();
    }

    static String ec2Error(String code, String message) {
        return new Xml().open("Response").open("Errors").open("Error").text("Code", code).text("Message", message)
                .close("Error").close("Errors").text("RequestID", requestId()).close("Response").toString();
    }

    static String queryError(String code, String message, String type) {
        return new Xml().open("ErrorResponse").open("Error").text("Type", type).text("Code", code).text("Message", message)
                .close("Error").text("RequestId", requestId()).close("ErrorResponse").toString();
    }

    static Optional<Metric> metric(String namespace, String name) {
        for (Metric metric : Metric.values()) {
            if (metric.namespace().equals(namespace) && metric.metricName().equals(name)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }

    static final Map<String, ResourceType> DIMENSION_TYPES = Map.of(
            "InstanceId", ResourceType.EC2_INSTANCE, "DBInstanceIdentifier", ResourceType.RDS_INSTANCE,
            "VolumeId", ResourceType.EBS_VOLUME, "LoadBalancer", ResourceType.LOAD_BALANCER,
            "LoadBalancerName", ResourceType.LOAD_BALANCER, "NatGatewayId", ResourceType.NAT_GATEWAY);
}
