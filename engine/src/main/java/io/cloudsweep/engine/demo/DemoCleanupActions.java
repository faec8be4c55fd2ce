package io.cloudsweep.engine.demo;

import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.cleanup.CleanupPlan;
import io.cloudsweep.engine.model.Account;
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
        Resource resource = live(finding);
        Region region = resource.ref().region();
        switch (finding.action()) {
            case DELETE_VOLUME, DELETE_SNAPSHOT, RELEASE_ADDRESS, DELETE_LOAD_BALANCER, DELETE_DB_INSTANCE ->
                    cloud.replace(region, list -> without(list, resource.ref()));
            case TERMINATE_INSTANCE -> cloud.replace(region, list -> {
                List<Resource> kept = without(list, resource.ref());
                ((Ec2Instance) resource).volumeIds().forEach(volume -> kept.removeIf(other -> other.ref().id().equals(volume)));
                return kept;
            });
            case STOP_INSTANCE -> cloud.replace(region, list -> replaced(list, stopped((Ec2Instance) resource)));
            case STOP_DB_INSTANCE -> cloud.replace(region, list -> replaced(list, withStatus((RdsInstance) resource, "stopped")));
            case MODIFY_VOLUME_TYPE -> cloud.replace(region, list -> replaced(list, retyped((EbsVolume) resource, VolumeType.GP3, finding)));
        }
        return "demo: " + finding.action().id() + " " + resource.ref().id();
    }

    @Override
    public String undo(Finding finding, CleanupPlan plan, String backupId) {
        Region region = finding.resource().region();
        Account account = DemoCloud.ACCOUNT;
        String id = finding.resource().id();
        return switch (finding.action()) {
            case DELETE_VOLUME -> {
                EbsSnapshot snapshot = (EbsSnapshot) cloud.find(ResourceRef.ebsSnapshot(account, region, backupId))
                        .orElseThrow(() -> new IllegalStateException("the backup snapshot " + backupId + " is gone: nothing to restore from"));
                String volume = newId("vol");
                cloud.replace(region, list -> add(list, new EbsVolume(ResourceRef.ebsVolume(account, region, volume), finding.tags(),
                        clock.instant(), VolumeType.fromApiName(fact(finding, "volume_type", "gp2")), snapshot.volumeSizeGib(), 0, 0,
                        EbsVolume.State.AVAILABLE, region + "a", List.of(), Optional.empty())));
                yield "volume " + volume + " created from " + backupId + " (not re-attached)";
            }
            case RELEASE_ADDRESS -> {
                String allocation = newId("eipalloc");
                cloud.replace(region, list -> add(list, new ElasticIp(ResourceRef.elasticIp(account, region, allocation), finding.tags(),
                        backupId, Optional.empty(), Optional.empty(), Optional.empty())));
                yield "address " + backupId + " reclaimed as " + allocation;
            }
            case TERMINATE_INSTANCE -> {
                String instance = newId("i");
                cloud.replace(region, list -> add(list, new Ec2Instance(ResourceRef.ec2Instance(account, region, instance), finding.tags(),
                        fact(finding, "instance_type", "t3.micro"), Ec2Instance.State.RUNNING, clock.instant(), Optional.empty(), "",
                        "Linux/UNIX", region + "a", List.of())));
                yield "instance " + instance + " launched from " + backupId;
            }
            case STOP_INSTANCE -> {
                cloud.replace(region, list -> replaced(list, started((Ec2Instance) live(finding))));
                yield "instance " + id + " started";
            }
            case STOP_DB_INSTANCE -> {
                cloud.replace(region, list -> replaced(list, withStatus((RdsInstance) live(finding), "available")));
                yield "database " + id + " started";
            }
            case MODIFY_VOLUME_TYPE -> {
                cloud.replace(region, list -> replaced(list, retyped((EbsVolume) live(finding), VolumeType.GP2, finding)));
                yield "volume " + id + " changed back to gp2";
            }
            case DELETE_DB_INSTANCE -> "database " + id + " restored from " + backupId;
            case DELETE_SNAPSHOT, DELETE_LOAD_BALANCER -> throw new IllegalStateException(plan.undo());
        };
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
                Optional.of(clock.instant()), reason, instance.platform(), instance.availabilityZone(), instance.volumeIds());
    }

    private Ec2Instance started(Ec2Instance instance) {
        return new Ec2Instance(instance.ref(), instance.tags(), instance.instanceType(), Ec2Instance.State.RUNNING, clock.instant(),
                Optional.empty(), "", instance.platform(), instance.availabilityZone(), instance.volumeIds());
    }

    private static RdsInstance withStatus(RdsInstance database, String status) {
        return new RdsInstance(database.ref(), database.tags(), database.dbInstanceClass(), database.engine(), status, database.createdAt(),
                database.multiAz(), database.allocatedStorageGib(), database.storageType());
    }

    private static EbsVolume retyped(EbsVolume volume, VolumeType type, Finding finding) {
        int iops = type == VolumeType.GP3 ? Integer.parseInt(fact(finding, "gp3_iops", "3000")) : volume.iops();
        int throughput = type == VolumeType.GP3 ? Integer.parseInt(fact(finding, "gp3_throughput_mibps", "125")) : 0;
        return new EbsVolume(volume.ref(), volume.tags(), volume.createdAt(), type, volume.sizeGib(), iops, throughput, volume.state(),
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
