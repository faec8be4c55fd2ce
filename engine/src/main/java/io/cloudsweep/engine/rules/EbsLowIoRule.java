package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Confidence;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.MetricQuery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code ebs-low-io}: an attached volume that is not its instance's root volume, at least {@code lookbackDays} old
 * (default 7), with fewer than {@code minDailyOperations} (default 1) reads and writes together on each of the last
 * {@code lookbackDays} days: Trusted Advisor's underutilized-volume criterion. It is billed in full and serves
 * nothing; it is detached and deleted after a backup snapshot, and Undo attaches a new volume from the snapshot again.
 *
 * <p>CloudWatch publishes no datapoint for a day without I/O, so such days count as zero operations. Volumes of an
 * instance that is not running are left to the instance's own findings (a stopped instance does no I/O), and so are
 * volumes attached to several instances (Multi-Attach), which one detach cannot free. Example: a 200 GiB gp3 data
 * volume with no I/O for a week in us-east-1 → detach and delete it, $16.00 a month.
 */
public record EbsLowIoRule(Parameters parameters) implements Rule<EbsVolume> {

    public static final String ID = "ebs-low-io";

    /**
     * @param lookbackDays       the days judged, each of which must be quiet
     * @param minDailyOperations a day with at least this many reads and writes together counts as used
     */
    public record Parameters(int lookbackDays, long minDailyOperations) {
        public static Parameters from(Settings settings) {
            return new Parameters(settings.integer("rules." + ID + ".lookback-days", 7, 1, 455),
                    settings.integer("rules." + ID + ".min-daily-operations", 1, 1, Integer.MAX_VALUE));
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<EbsVolume> resourceClass() {
        return EbsVolume.class;
    }

    /** Reads and writes only of the volumes its cheap checks leave: no root volume, none of an instance not running. */
    @Override
    public List<MetricQuery> metricQueries(EbsVolume volume, RuleContext region) {
        return candidate(volume, region).isPresent() ? List.of(reads(volume), writes(volume)) : List.of();
    }

    @Override
    public Verdict evaluate(EbsVolume volume, RuleContext context) {
        Optional<Ec2Instance> instance = candidate(volume, context);
        if (instance.isEmpty()) {
            return Verdict.notWaste();
        }
        Optional<Double> busiestDay = context.busiestDay(reads(volume), writes(volume));
        if (busiestDay.isEmpty()) {
            return Verdict.insufficientData(context.missingData(reads(volume), writes(volume)));
        }
        double busiest = busiestDay.get();
        if (busiest >= parameters.minDailyOperations()) {
            return Verdict.notWaste();
        }
        String instanceId = instance.get().ref().id();
        return context.finding(this, volume)
                .action(Action.DETACH_AND_DELETE_VOLUME)
                .confidence(busiest == 0 ? Confidence.HIGH : Confidence.MEDIUM)
                .cost(context.pricer().volumeMonthly(volume))
                .reason("attached to " + instanceId + " (not its root volume), with at most " + Math.round(busiest) + " reads and writes"
                        + " a day on each of the last " + Days.count(parameters.lookbackDays()) + " (under " + parameters.minDailyOperations()
                        + " counts as unused)")
                .fact("attached_to", instanceId)
                .fact("volume_type", volume.volumeType().apiName())
                .fact("size_gib", volume.sizeGib())
                .fact("max_daily_operations", Math.round(busiest))
                .fact("lookback_days", parameters.lookbackDays())
                .waste();
    }

    /**
     * Whether this rule finds the volume unused (its verdict would be waste), without pricing a finding: the type-change
     * rules leave such a volume to it.
     */
    boolean findsUnused(EbsVolume volume, RuleContext context) {
        return candidate(volume, context).isPresent()
                && context.busiestDay(reads(volume), writes(volume)).filter(busiest -> busiest < parameters.minDailyOperations()).isPresent();
    }

    /** The running instance the volume is a data volume of, when the volume is old enough to judge. */
    private Optional<Ec2Instance> candidate(EbsVolume volume, RuleContext region) {
        if (volume.state() != EbsVolume.State.IN_USE || volume.attachedInstanceIds().size() != 1 || !isOldEnough(volume, region.now())) {
            return Optional.empty();
        }
        return region.instance(volume.attachedInstanceIds().get(0))
                .filter(instance -> instance.state() == Ec2Instance.State.RUNNING && !instance.mayBootFrom(volume.ref().id()));
    }

    private boolean isOldEnough(EbsVolume volume, Instant now) {
        return Days.between(volume.createdAt(), now) >= parameters.lookbackDays();
    }

    private MetricQuery reads(EbsVolume volume) {
        return new MetricQuery(volume.ref(), Metric.EBS_VOLUME_READ_OPS, Metric.Statistic.SUM, parameters.lookbackDays());
    }

    private MetricQuery writes(EbsVolume volume) {
        return new MetricQuery(volume.ref(), Metric.EBS_VOLUME_WRITE_OPS, Metric.Statistic.SUM, parameters.lookbackDays());
    }
}
