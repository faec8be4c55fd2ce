package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.ElasticIp;
import io.cloudsweep.engine.model.MachineImage;
import io.cloudsweep.engine.model.NatGateway;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.StateTransitionReasons;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.model.VolumeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads EC2's resources of one region into engine records, paging with the largest page each API allows
 * (instances and snapshots 1,000, volumes 500, images 1,000, own snapshots and images only).
 */
final class Ec2Reader {

    static final int INSTANCES_PAGE = 1000;
    static final int VOLUMES_PAGE = 500;
    static final int SNAPSHOTS_PAGE = 1000;
    static final int IMAGES_PAGE = 1000;
    static final int NAT_GATEWAYS_PAGE = 1000;
    static final int ROUTE_TABLES_PAGE = 100;
    static final int LAUNCH_TEMPLATES_PAGE = 200;

    private final Ec2Client ec2;
    private final Account account;
    private final Region region;

    Ec2Reader(Ec2Client ec2, Account account, Region region) {
        this.ec2 = ec2;
        this.account = account;
        this.region = region;
    }

    List<Ec2Instance> instances() {
        return Iam.call(Iam.EC2_DESCRIBE_INSTANCES, () -> ec2.describeInstancesPaginator(request -> request.maxResults(INSTANCES_PAGE))
                .reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .filter(instance -> instance.state() != null && !"terminated".equals(instance.state().nameAsString()))
                .map(this::instance)
                .toList());
    }

    List<EbsVolume> volumes() {
        return Iam.call(Iam.EC2_DESCRIBE_VOLUMES, () -> ec2.describeVolumesPaginator(request -> request.maxResults(VOLUMES_PAGE))
                .volumes().stream()
                .map(this::volume)
                .flatMap(Optional::stream)
                .toList());
    }

    List<EbsSnapshot> snapshots() {
        return Iam.call(Iam.EC2_DESCRIBE_SNAPSHOTS, () -> ec2.describeSnapshotsPaginator(request -> request
                        .ownerIds("self").maxResults(SNAPSHOTS_PAGE))
                .snapshots().stream()
                .map(this::snapshot)
                .toList());
    }

    /** Own images, each with the launch templates and configurations that launch it ({@code launchers}, by image id). */
    List<MachineImage> images(Map<String, List<String>> launchers) {
        return Iam.call(Iam.EC2_DESCRIBE_IMAGES, () -> ec2.describeImagesPaginator(request -> request
                        .owners("self").maxResults(IMAGES_PAGE).includeDeprecated(true).includeDisabled(true))
                .images().stream()
                .map(image -> image(image, launchers.getOrDefault(image.imageId(), List.of())))
                .toList());
    }

    /**
     * The AMIs the region's launch templates launch, by image id: the latest and the default version of every template
     * (an Auto Scaling group pinned to another version is not seen).
     */
    Map<String, List<String>> launchTemplateImages() {
        Map<String, List<String>> images = new HashMap<>();
        Iam.call(Iam.EC2_DESCRIBE_LAUNCH_TEMPLATE_VERSIONS, () -> {
            ec2.describeLaunchTemplateVersionsPaginator(request -> request.versions("$Latest", "$Default").maxResults(LAUNCH_TEMPLATES_PAGE))
                    .launchTemplateVersions().forEach(version -> Optional.ofNullable(version.launchTemplateData())
                            .map(data -> data.imageId()).filter(Objects::nonNull)
                            .ifPresent(image -> add(images, image, "launch template " + version.launchTemplateName())));
            return null;
        });
        return images;
    }

    /** The image one version of a launch template launches, and the template's name, by its id or name. */
    Optional<TemplateImage> launchTemplateVersionImage(String templateId, String templateName, String version) {
        return Iam.call(Iam.EC2_DESCRIBE_LAUNCH_TEMPLATE_VERSIONS, () -> ec2.describeLaunchTemplateVersions(request -> {
                    if (templateId != null) {
                        request.launchTemplateId(templateId);
                    } else {
                        request.launchTemplateName(templateName);
                    }
                    request.versions(version);
                }).launchTemplateVersions().stream()
                .filter(found -> found.launchTemplateData() != null && found.launchTemplateData().imageId() != null)
                .map(found -> new TemplateImage(found.launchTemplateData().imageId(), found.launchTemplateName()))
                .findFirst());
    }

    record TemplateImage(String imageId, String templateName) {
    }

    static void add(Map<String, List<String>> images, String imageId, String launcher) {
        List<String> launchers = images.computeIfAbsent(imageId, id -> new ArrayList<>());
        if (!launchers.contains(launcher)) {
            launchers.add(launcher);
        }
    }

    /** DescribeAddresses has no pagination; an account holds at most a few dozen addresses per region. */
    List<ElasticIp> addresses() {
        return Iam.call(Iam.EC2_DESCRIBE_ADDRESSES, () -> ec2.describeAddresses(request -> request.filters(
                        Filter.builder().name("domain").values("vpc").build()))
                .addresses().stream()
                .filter(address -> address.allocationId() != null)
                .map(this::address)
                .toList());
    }

    /** Available NAT gateways (deleted and failed ones cost nothing), each with the route tables that route through it. */
    List<NatGateway> natGateways() {
        List<software.amazon.awssdk.services.ec2.model.NatGateway> gateways = Iam.call(Iam.EC2_DESCRIBE_NAT_GATEWAYS,
                () -> ec2.describeNatGatewaysPaginator(request -> request.maxResults(NAT_GATEWAYS_PAGE)
                                .filter(Filter.builder().name("state").values("available").build()))
                        .natGateways().stream().toList());
        if (gateways.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> routeTables = new HashMap<>();
        Iam.call(Iam.EC2_DESCRIBE_ROUTE_TABLES, () -> {
            ec2.describeRouteTablesPaginator(request -> request.maxResults(ROUTE_TABLES_PAGE)
                            .filters(Filter.builder().name("route.nat-gateway-id").values(gateways.stream()
                                    .map(software.amazon.awssdk.services.ec2.model.NatGateway::natGatewayId).toList()).build()))
                    .routeTables().forEach(table -> table.routes().stream()
                            .map(Route::natGatewayId).filter(Objects::nonNull).distinct()
                            .forEach(nat -> routeTables.computeIfAbsent(nat, id -> new ArrayList<>()).add(table.routeTableId())));
            return null;
        });
        return gateways.stream().map(gateway -> new NatGateway(ResourceRef.natGateway(account, region, gateway.natGatewayId()),
                tags(gateway.tags()), gateway.createTime(), Optional.ofNullable(gateway.vpcId()).orElse(""),
                Optional.ofNullable(gateway.subnetId()).orElse(""),
                gateway.natGatewayAddresses().stream().map(NatGatewayAddress::allocationId).filter(Objects::nonNull).toList(),
                routeTables.getOrDefault(gateway.natGatewayId(), List.of()))).toList();
    }

    private Ec2Instance instance(Instance instance) {
        String reason = instance.stateTransitionReason();
        Ec2Instance.State state = Ec2Instance.State.valueOf(instance.state().nameAsString().toUpperCase(Locale.ROOT).replace('-', '_'));
        Optional<Instant> changedAt = state == Ec2Instance.State.STOPPED ? StateTransitionReasons.timeOf(reason) : Optional.empty();
        List<String> volumes = instance.blockDeviceMappings().stream()
                .map(InstanceBlockDeviceMapping::ebs)
                .filter(Objects::nonNull)
                .map(ebs -> ebs.volumeId())
                .filter(Objects::nonNull)
                .toList();
        Optional<String> root = instance.blockDeviceMappings().stream()
                .filter(mapping -> mapping.ebs() != null && mapping.deviceName() != null && mapping.deviceName().equals(instance.rootDeviceName()))
                .map(mapping -> mapping.ebs().volumeId())
                .filter(Objects::nonNull)
                .findFirst();
        return new Ec2Instance(ResourceRef.ec2Instance(account, region, instance.instanceId()), tags(instance.tags()),
                instance.instanceTypeAsString(), state, instance.launchTime(), changedAt, reason,
                instance.platformDetails(), instance.placement() == null ? "" : instance.placement().availabilityZone(), volumes, root,
                Optional.ofNullable(instance.imageId()));
    }

    /** A volume of a type this version does not know (a new one AWS adds) is left out rather than mispriced. */
    private Optional<EbsVolume> volume(Volume volume) {
        VolumeType type;
        try {
            type = VolumeType.fromApiName(volume.volumeTypeAsString());
        } catch (IllegalArgumentException unknownType) {
            return Optional.empty();
        }
        return Optional.of(new EbsVolume(ResourceRef.ebsVolume(account, region, volume.volumeId()), tags(volume.tags()),
                volume.createTime(), type, volume.size(), orZero(volume.iops()), orZero(volume.throughput()),
                EbsVolume.State.valueOf(volume.stateAsString().toUpperCase(Locale.ROOT).replace('-', '_')),
                volume.availabilityZone(),
                volume.attachments().stream().map(VolumeAttachment::instanceId).filter(Objects::nonNull).toList(),
                Optional.empty()));
    }

    private EbsSnapshot snapshot(Snapshot snapshot) {
        return new EbsSnapshot(ResourceRef.ebsSnapshot(account, region, snapshot.snapshotId()), tags(snapshot.tags()),
                snapshot.startTime(), snapshot.volumeId(), Math.max(1, orZero(snapshot.volumeSize())), snapshot.ownerId(),
                EbsSnapshot.State.valueOf(snapshot.stateAsString().toUpperCase(Locale.ROOT)), snapshot.description());
    }

    private MachineImage image(Image image, List<String> launchedBy) {
        List<String> snapshots = image.blockDeviceMappings().stream()
                .map(BlockDeviceMapping::ebs)
                .filter(Objects::nonNull)
                .map(ebs -> ebs.snapshotId())
                .filter(Objects::nonNull)
                .toList();
        Instant created = image.creationDate() == null ? Instant.EPOCH : Instant.parse(image.creationDate());
        return new MachineImage(ResourceRef.ami(account, region, image.imageId()), tags(image.tags()), image.name(), created,
                MachineImage.State.valueOf(image.stateAsString().toUpperCase(Locale.ROOT)), snapshots, launchedBy);
    }

    private ElasticIp address(Address address) {
        return new ElasticIp(ResourceRef.elasticIp(account, region, address.allocationId()), tags(address.tags()),
                address.publicIp(), Optional.ofNullable(address.associationId()), Optional.ofNullable(address.instanceId()),
                Optional.ofNullable(address.networkInterfaceId()));
    }

    private static Tags tags(List<Tag> tags) {
        return SdkTags.of(tags, Tag::key, Tag::value);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
