package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Confidence;
import io.cloudsweep.engine.model.EbsSnapshot;

/**
 * {@code ebs-snapshot-old}: a completed snapshot this account owns, older than {@code minAgeDays} (default
 * 90, as Thrifty's old-snapshot check), that backs no registered AMI. When its source volume no longer exists
 * the snapshot is more likely forgotten, and the finding's confidence is high; otherwise medium.
 *
 * <p>Cost: the source volume's size at the standard snapshot price. Snapshots are incremental, so the real
 * figure may be lower; the reason says so. Example: a 200 GiB volume's snapshot, 212 days old, volume gone →
 * delete it, up to $10.00 a month in us-east-1.
 */
public record EbsSnapshotOldRule(Parameters parameters) implements Rule<EbsSnapshot> {

    public static final String ID = "ebs-snapshot-old";

    /** The id AWS gives the source volume of a copied snapshot. */
    private static final String NO_SOURCE_VOLUME = "vol-ffffffff";

    public record Parameters(int minAgeDays) {
        public static Parameters from(Settings settings) {
            return new Parameters(settings.integer("rules." + ID + ".min-age-days", 90, 1, 3650));
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<EbsSnapshot> resourceClass() {
        return EbsSnapshot.class;
    }

    @Override
    public Verdict evaluate(EbsSnapshot snapshot, RuleContext context) {
        boolean own = snapshot.ownerId().equals(snapshot.ref().accountId());
        long age = Days.between(snapshot.startedAt(), context.now());
        if (!own || snapshot.state() != EbsSnapshot.State.COMPLETED || age < parameters.minAgeDays()
                || context.backsAnImage(snapshot.ref().id())) {
            return Verdict.notWaste();
        }
        boolean volumeGone = snapshot.volumeId().isEmpty() || snapshot.volumeId().equals(NO_SOURCE_VOLUME)
                || context.volume(snapshot.volumeId()).isEmpty();
        String volume = snapshot.volumeId().isEmpty() || snapshot.volumeId().equals(NO_SOURCE_VOLUME)
                ? "it has no source volume" : "its source volume " + snapshot.volumeId() + (volumeGone ? " no longer exists" : " still exists");
        return context.finding(this, snapshot)
                .action(Action.DELETE_SNAPSHOT)
                .confidence(volumeGone ? Confidence.HIGH : Confidence.MEDIUM)
                .cost(context.pricer().snapshotMonthly(snapshot.ref().region(), snapshot.volumeSizeGib()))
                .reason("snapshot " + Days.count(age) + " old that backs no registered AMI; " + volume
                        + "; priced at the full " + snapshot.volumeSizeGib() + " GiB, incremental storage may make the real figure lower")
                .fact("age_days", age)
                .fact("started", Days.dayOf(snapshot.startedAt()))
                .fact("backs_ami", false)
                .fact("source_volume", snapshot.volumeId().isEmpty() ? "none" : snapshot.volumeId())
                .fact("source_volume_exists", !volumeGone)
                .fact("volume_size_gib", snapshot.volumeSizeGib())
                .waste();
    }
}
