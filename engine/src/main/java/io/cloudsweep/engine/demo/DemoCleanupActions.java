package io.cloudsweep.engine.demo;

import io.cloudsweep.engine.cleanup.ActionExecutor;
import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.cleanup.CleanupPlan;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.ActionParameters;
import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.ElasticIp;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.MachineImage;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.model.VolumeType;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Cleanups in the demo account: every step of a real cleanup (a backup snapshot or AMI, the action, the undo)
 * carried out on the demo's in-memory resources, so the whole loop can be tried without AWS. Thread-safe.
 */
public final class DemoCleanupActions implements CleanupActions {

    /** The tag a backup carries, naming what it backs up. */
    public static final String BACKUP_TAG = "cloudsweep:backup-of";
    /** The tag a backup carries, naming the finding whose cleanup took it. */
    public static final String FINDING_TAG = "cloudsweep:finding";
    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final DemoCloud cloud;
    private final Clock clock;
    private final AtomicInteger ids = new AtomicInteger();
    private final ActionExecutor.Registry executors = executors();

    public DemoCleanupActions(DemoCloud cloud, Clock clock) {
        this.cloud = cloud;
        this.clock = clock;
    }

    @Override
    public synchronized String backUp(Finding finding, String findingLabel, CleanupPlan plan, Consumer<String> progress) {
        Resource resource = live(finding);
        Account account = DemoCloud.ACCOUNT;
        Region region = resource.ref().region();
        Tags backupTags = Tags.of(BACKUP_TAG, resource.ref().id(), FINDING_TAG, findingLabel, "Name", "cloudsweep backup of " + resource.ref().id());
        Optional<String> earlier = cloud.describe(account, region).resources().stream()
                .filter(r -> r instanceof EbsSnapshot || r instanceof MachineImage)
                .filter(r -> r.tags().get(FINDING_TAG).equals(Optional.of(findingLabel)) && r.tags().get(BACKUP_TAG).equals(Optional.of(resource.ref().id())))
                .map(r -> r.ref().id()).findFirst();
        if (earlier.isPresent()) {
            progress.accept("backup " + earlier.get() + " of " + resource.ref().id() + " was taken before; using it");
            return earlier.get();
        }
        return switch (plan.backupKind()) {
            case SNAPSHOT -> {
                EbsVolume volume = (EbsVolume) resource;
                String id = newId("snap");
                cloud.replace(region, list -> add(list, new EbsSnapshot(ResourceRef.ebsSnapshot(account, region, id), backupTags,
                        clock.instant(), volume.ref().id(), volume.sizeGib(), account.id(), EbsSnapshot.State.COMPLETED,
                        "CloudSweep backup of " + volume.ref().id())));
                progress.accept("snapshot " + id + " of " + volume.ref().id() + " completed");
                yield id;
            }
            case MACHINE_IMAGE -> {
                Ec2Instance instance = (Ec2Instance) resource;
                String id = newId("ami");
                cloud.replace(region, list -> add(list, new MachineImage(ResourceRef.ami(account, region, id), backupTags,
                        "cloudsweep-" + instance.ref().id(), clock.instant(), MachineImage.State.AVAILABLE, List.of())));
                progress.accept("AMI " + id + " of " + instance.ref().id() + " available");
                yield id;
            }
            case FINAL_DB_SNAPSHOT -> {
                String id = "cloudsweep-final-" + resource.ref().id();
                progress.accept("final snapshot " + id + " will be taken as the database is deleted");
                yield id;
            }
            case RECORD_ADDRESS -> ((ElasticIp) resource).publicIp();
            case NONE -> "none";
        };
    }

    @Override
    public String act(Finding finding, CleanupPlan plan, String backupId) {
        return executors.act(finding, plan, backupId);
    }

    @Override
    public String undo(Finding finding, CleanupPlan plan, String backupId) {
        return executors.undo(finding, plan, backupId);
    }

    /** Each action's act and undo on the demo account's resources. */
    private ActionExecutor.Registry executors() {
        Map<Action, ActionExecutor> executors = new EnumMap<>(Action.class);
        executors.put(Action.DELETE_VOLUME, new ActionExecutor(this::remove, this::restoreVolume));
        executors.put(Action.DETACH_AND_DELETE_VOLUME, new ActionExecutor(this::detachAndRemove, this::restoreAndAttach));
        executors.put(Action.DELETE_SNAPSHOT, ActionExecutor.irreversible(this::remove));
        executors.put(Action.RELEASE_ADDRESS, new ActionExecutor(this::remove, this::reclaimAddress));
        executors.put(Action.DELETE_LOAD_BALANCER, ActionExecutor.irreversible(this::remove));
        executors.put(Action.DELETE_NAT_GATEWAY, ActionExecutor.irreversible(this::remove));
        executors.put(Action.DELETE_DB_SNAPSHOT, ActionExecutor.irreversible(this::remove));
        executors.put(Action.DEREGISTER_IMAGE, ActionExecutor.irreversible(this::deregister));
        executors.put(Action.DELETE_DB_INSTANCE, new ActionExecutor(this::remove,
                (finding, plan, backupId) -> "database " + finding.resource().id() + " restored from " + backupId));
        executors.put(Action.TERMINATE_INSTANCE, new ActionExecutor(this::terminate, this::relaunch));
        executors.put(Action.STOP_INSTANCE, new ActionExecutor(
                (finding, plan, backupId) -> change(finding, stopped((Ec2Instance) live(finding))),
                (finding, plan, backupId) -> change(finding, started((Ec2Instance) live(finding)), "instance " + finding.resource().id() + " started")));
        executors.put(Action.MODIFY_INSTANCE_TYPE, new ActionExecutor(
                (finding, plan, backupId) -> change(finding, retyped((Ec2Instance) live(finding), instanceTypeChange(plan).to())),
                (finding, plan, backupId) -> change(finding, retyped((Ec2Instance) live(finding), instanceTypeChange(plan).from()),
                        "instance " + finding.resource().id() + " is " + instanceTypeChange(plan).from() + " again")));
        executors.put(Action.STOP_DB_INSTANCE, new ActionExecutor(
                (finding, plan, backupId) -> change(finding, withStatus((RdsInstance) live(finding), "stopped")),
                (finding, plan, backupId) -> change(finding, withStatus((RdsInstance) live(finding), "available"),
                        "database " + finding.resource().id() + " started")));
        executors.put(Action.MODIFY_VOLUME_TYPE, new ActionExecutor(
                (finding, plan, backupId) -> change(finding, retyped((EbsVolume) live(finding), plan.parameters())),
                (finding, plan, backupId) -> change(finding, retypedBack((EbsVolume) live(finding), plan.parameters()), "volume "
                        + finding.resource().id() + " changed back to " + ((ActionParameters.VolumeTypeChange) plan.parameters()).from().apiName())));
        return ActionExecutor.Registry.of(executors);
    }

    private String remove(Finding finding, CleanupPlan plan, String backupId) {
        Resource resource = live(finding);
        cloud.replace(resource.ref().region(), list -> without(list, resource.ref()));
        return receipt(finding);
    }

    /** Deletes the volume and takes it off its instance's list, as AWS's detach does. */
    private String detachAndRemove(Finding finding, CleanupPlan plan, String backupId) {
        EbsVolume volume = (EbsVolume) live(finding);
        cloud.replace(volume.ref().region(), list -> {
            List<Resource> kept = without(list, volume.ref());
            kept.replaceAll(resource -> resource instanceof Ec2Instance instance && volume.attachedInstanceIds().contains(instance.ref().id())
                    ? withVolumes(instance, instance.volumeIds().stream().filter(id -> !id.equals(volume.ref().id())).toList())
                    : resource);
            return kept;
        });
        return receipt(finding);
    }

    /** A new volume from the backup, attached to the instance the finding saw it on, which must still be there. */
    private String restoreAndAttach(Finding finding, CleanupPlan plan, String backupId) {
        String instanceId = fact(finding, "attached_to", "");
        Region region = finding.resource().region();
        Ec2Instance instance = (Ec2Instance) cloud.find(ResourceRef.ec2Instance(DemoCloud.ACCOUNT, region, instanceId))
                .orElseThrow(() -> new IllegalStateException("instance " + instanceId + " is gone: there is nothing to attach the volume to"));
        String volumeId = newVolumeFrom(finding, backupId, List.of(instanceId));
        List<String> volumes = new ArrayList<>(instance.volumeIds());
        volumes.add(volumeId);
        cloud.replace(region, list -> replaced(list, withVolumes(instance, volumes)));
        return "volume " + volumeId + " created from " + backupId + " and attached to " + instanceId;
    }

    private static Ec2Instance withVolumes(Ec2Instance instance, List<String> volumeIds) {
        return new Ec2Instance(instance.ref(), instance.tags(), instance.instanceType(), instance.state(), instance.launchedAt(),
                instance.stateChangedAt(), instance.stateTransitionReason(), instance.platform(), instance.availabilityZone(), volumeIds,
                instance.rootVolumeId(), instance.imageId());
    }

    /** The image gone, and its snapshots with it, as DeregisterImage with DeleteAssociatedSnapshots leaves them. */
    private String deregister(Finding finding, CleanupPlan plan, String backupId) {
        MachineImage image = (MachineImage) live(finding);
        cloud.replace(image.ref().region(), list -> {
            List<Resource> kept = without(list, image.ref());
            kept.removeIf(resource -> resource instanceof EbsSnapshot snapshot && image.snapshotIds().contains(snapshot.ref().id()));
            return kept;
        });
        return receipt(finding) + " and its snapshots " + String.join(", ", image.snapshotIds());
    }

    private String terminate(Finding finding, CleanupPlan plan, String backupId) {
        Ec2Instance instance = (Ec2Instance) live(finding);
        cloud.replace(instance.ref().region(), list -> {
            List<Resource> kept = without(list, instance.ref());
            instance.volumeIds().forEach(volume -> kept.removeIf(other -> other.ref().id().equals(volume)));
            return kept;
        });
        return receipt(finding);
    }

    private String change(Finding finding, Resource changed) {
        return change(finding, changed, receipt(finding));
    }

    private String change(Finding finding, Resource changed, String receipt) {
        cloud.replace(changed.ref().region(), list -> replaced(list, changed));
        return receipt;
    }

    private static String receipt(Finding finding) {
        return "demo: " + finding.action().id() + " " + finding.resource().id();
    }

    private String restoreVolume(Finding finding, CleanupPlan plan, String backupId) {
        return "volume " + newVolumeFrom(finding, backupId, List.of()) + " created from " + backupId + " (not re-attached)";
    }

    /** A new volume from the snapshot {@code backupId}, attached to {@code instanceIds} (none: available); returns its id. */
    private String newVolumeFrom(Finding finding, String backupId, List<String> instanceIds) {
        Region region = finding.resource().region();
        Account account = DemoCloud.ACCOUNT;
        EbsSnapshot snapshot = (EbsSnapshot) cloud.find(ResourceRef.ebsSnapshot(account, region, backupId))
                .orElseThrow(() -> new IllegalStateException("the backup snapshot " + backupId + " is gone: nothing to restore from"));
        String volume = newId("vol");
        cloud.replace(region, list -> add(list, new EbsVolume(ResourceRef.ebsVolume(account, region, volume), finding.tags(),
                clock.instant(), VolumeType.fromApiName(fact(finding, "volume_type", "gp2")), snapshot.volumeSizeGib(), 0, 0,
                instanceIds.isEmpty() ? EbsVolume.State.AVAILABLE : EbsVolume.State.IN_USE, region + "a", instanceIds, Optional.empty())));
        return volume;
    }

    private String reclaimAddress(Finding finding, CleanupPlan plan, String backupId) {
        Region region = finding.resource().region();
        String allocation = newId("eipalloc");
        cloud.replace(region, list -> add(list, new ElasticIp(ResourceRef.elasticIp(DemoCloud.ACCOUNT, region, allocation), finding.tags(),
                backupId, Optional.empty(), Optional.empty(), Optional.empty())));
        return "address " + backupId + " reclaimed as " + allocation;
    }

    private String relaunch(Finding finding, CleanupPlan plan, String backupId) {
        Region region = finding.resource().region();
        String instance = newId("i");
        cloud.replace(region, list -> add(list, new Ec2Instance(ResourceRef.ec2Instance(DemoCloud.ACCOUNT, region, instance), finding.tags(),
                fact(finding, "instance_type", "t3.micro"), Ec2Instance.State.RUNNING, clock.instant(), Optional.empty(), "",
                "Linux/UNIX", region + "a", List.of())));
        return "instance " + instance + " launched from " + backupId;
    }

    private Resource live(Finding finding) {
        return cloud.find(finding.resource())
                .orElseThrow(() -> new IllegalStateException(finding.resource().id() + " no longer exists in the demo account"));
    }

    private String newId(String prefix) {
        return prefix + "-0c5d" + String.format("%013x", ids.incrementAndGet());
    }

    private Ec2Instance stopped(Ec2Instance instance) {
        String reason = "User initiated (" + REASON_TIME.format(clock.instant().atOffset(ZoneOffset.UTC)) + " GMT)";
        return new Ec2Instance(instance.ref(), instance.tags(), instance.instanceType(), Ec2Instance.State.STOPPED, instance.launchedAt(),
                Optional.of(clock.instant()), reason, instance.platform(), instance.availabilityZone(), instance.volumeIds(), instance.rootVolumeId(), instance.imageId());
    }

    private Ec2Instance started(Ec2Instance instance) {
        return new Ec2Instance(instance.ref(), instance.tags(), instance.instanceType(), Ec2Instance.State.RUNNING, clock.instant(),
                Optional.empty(), "", instance.platform(), instance.availabilityZone(), instance.volumeIds(), instance.rootVolumeId(), instance.imageId());
    }

    private static ActionParameters.InstanceTypeChange instanceTypeChange(CleanupPlan plan) {
        if (!(plan.parameters() instanceof ActionParameters.InstanceTypeChange change)) {
            throw new IllegalStateException("the finding does not say what type to change the instance to; scan again");
        }
        return change;
    }

    /** The instance stopped, given {@code type}, and started again, as the stop-modify-start plan leaves it. */
    private Ec2Instance retyped(Ec2Instance instance, String type) {
        return new Ec2Instance(instance.ref(), instance.tags(), type, Ec2Instance.State.RUNNING, clock.instant(), Optional.empty(), "",
                instance.platform(), instance.availabilityZone(), instance.volumeIds(), instance.rootVolumeId(), instance.imageId());
    }

    private static RdsInstance withStatus(RdsInstance database, String status) {
        return new RdsInstance(database.ref(), database.tags(), database.dbInstanceClass(), database.engine(), status, database.createdAt(),
                database.multiAz(), database.allocatedStorageGib(), database.storageType());
    }

    /** The volume with the type, IOPS and throughput the finding's parameters ask for. */
    private static EbsVolume retyped(EbsVolume volume, ActionParameters parameters) {
        if (!(parameters instanceof ActionParameters.VolumeTypeChange change)) {
            throw new IllegalStateException("the finding does not say what to change " + volume.ref().id() + " to; scan again");
        }
        return new EbsVolume(volume.ref(), volume.tags(), volume.createdAt(), change.to(), volume.sizeGib(), change.iops(), change.throughputMibps(),
                volume.state(), volume.availabilityZone(), volume.attachedInstanceIds(), volume.detachedAt());
    }

    /** The volume with the type, IOPS and throughput it had before the change. */
    private static EbsVolume retypedBack(EbsVolume volume, ActionParameters parameters) {
        ActionParameters.VolumeTypeChange change = (ActionParameters.VolumeTypeChange) parameters;
        return new EbsVolume(volume.ref(), volume.tags(), volume.createdAt(), change.from(), volume.sizeGib(),
                change.fromIops() == 0 ? volume.iops() : change.fromIops(), change.fromThroughputMibps(), volume.state(),
                volume.availabilityZone(), volume.attachedInstanceIds(), volume.detachedAt());
    }

    private static String fact(Finding finding, String name, String otherwise) {
        Map<String, String> facts = new TreeMap<>();
        finding.evidence().forEach(fact -> facts.put(fact.name(), fact.value()));
        return facts.getOrDefault(name, otherwise);
    }

    private static List<Resource> add(List<Resource> list, Resource resource) {
        list.add(resource);
        return list;
    }

    private static List<Resource> without(List<Resource> list, ResourceRef ref) {
        list.removeIf(resource -> resource.ref().equals(ref));
        return list;
    }

    private static List<Resource> replaced(List<Resource> list, Resource resource) {
        list.replaceAll(existing -> existing.ref().equals(resource.ref()) ? resource : existing);
        return list;
    }
}
