package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.ActionParameters;
import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.VolumeType;
import io.cloudsweep.engine.pricing.Pricer;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ebs-io1-to-gp3}: a provisioned-IOPS volume (io1 or io2) whose IOPS gp3 can give (at most 16,000, with up to
 * 1,000 MiB/s) costs more than gp3 with the same IOPS and throughput; above gp3's limits, an io1 volume costs more
 * than io2 with the same IOPS wherever io2's cheaper tiers apply (above 32,000 IOPS). Both are changed in place,
 * without downtime, as Compute Optimizer recommends.
 *
 * <p>The throughput kept is what the io1 or io2 volume can reach: 0.25 MiB/s per provisioned IOPS (256 KiB I/O), at
 * most 1,000 MiB/s, never under gp3's free 125 MiB/s. The saving is the current price minus the target's, both from
 * the price book; an io1-to-io2 change is recommended only where it is known to be cheaper. Example: a 400 GiB io1
 * volume with 6,000 IOPS in us-east-1 costs $440.00; gp3 with 6,000 IOPS and 1,000 MiB/s costs $82.00; saving
 * $358.00 a month.
 *
 * <p>Unattached volumes are left to {@code ebs-unattached}, volumes of a stopped instance to the instance's own findings,
 * and volumes without I/O to {@code ebs-low-io} ({@code unused}), so one volume's saving is not counted twice.
 */
public record EbsIo1ToGp3Rule(Parameters parameters, EbsLowIoRule unused) implements Rule<EbsVolume> {

    public static final String ID = "ebs-io1-to-gp3";

    /** gp3's limits, as AWS documents them for the volumes this rule moves. */
    static final int GP3_MAX_IOPS = 16_000;
    static final int GP3_MAX_THROUGHPUT_MIBPS = 1_000;
    private static final int IOPS_PER_MIBPS = 4;

    /** @param minMonthlySavingUsd flag only when the saving is more than this */
    public record Parameters(BigDecimal minMonthlySavingUsd) {
        public static Parameters from(Settings settings) {
            return new Parameters(settings.decimal("rules." + ID + ".min-monthly-saving-usd", BigDecimal.ZERO));
        }
    }

    /** With {@code ebs-low-io}'s default thresholds. */
    public EbsIo1ToGp3Rule(Parameters parameters) {
        this(parameters, new EbsLowIoRule(EbsLowIoRule.Parameters.from(Settings.empty())));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<EbsVolume> resourceClass() {
        return EbsVolume.class;
    }

    @Override
    public Verdict evaluate(EbsVolume volume, RuleContext context) {
        boolean provisioned = volume.volumeType() == VolumeType.IO1 || volume.volumeType() == VolumeType.IO2;
        if (!provisioned || volume.state() != EbsVolume.State.IN_USE || context.attachedToAStoppedInstance(volume) || volume.iops() <= 0) {
            return Verdict.notWaste();
        }
        if (unused.findsUnused(volume, context)) {
            return Verdict.notWaste(); // ebs-low-io deletes it, saving all it costs: a cheaper type would be counted twice
        }
        int iops = volume.iops();
        Cost current = context.pricer().volumeMonthly(volume);
        ActionParameters.VolumeTypeChange change;
        Cost target;
        if (iops <= GP3_MAX_IOPS) {
            int throughput = Math.min(GP3_MAX_THROUGHPUT_MIBPS, Math.max(Pricer.GP3_FREE_THROUGHPUT_MIBPS, (iops + IOPS_PER_MIBPS - 1) / IOPS_PER_MIBPS));
            change = new ActionParameters.VolumeTypeChange(VolumeType.GP3, Math.max(Pricer.GP3_FREE_IOPS, iops), throughput,
                    volume.volumeType(), iops, 0);
            target = context.pricer().gp3Monthly(volume.ref().region(), volume.sizeGib(), change.iops(), throughput);
        } else if (volume.volumeType() == VolumeType.IO1) {
            change = new ActionParameters.VolumeTypeChange(VolumeType.IO2, iops, 0, VolumeType.IO1, iops, 0);
            target = context.pricer().io2Monthly(volume.ref().region(), volume.sizeGib(), iops);
        } else {
            return Verdict.notWaste();
        }
        Cost saving = current.minus(target);
        Optional<Money> monthlySaving = saving.monthly();
        if (monthlySaving.isEmpty() && change.to() == VolumeType.IO2
                || monthlySaving.isPresent() && monthlySaving.get().compareTo(Money.usd(parameters.minMonthlySavingUsd())) <= 0) {
            return Verdict.notWaste();
        }
        String reason = change.to() == VolumeType.GP3
                ? String.format(Locale.ROOT, "%s volume with %,d IOPS, within gp3's limits; gp3 with the same %,d GiB, %,d IOPS and %,d MiB/s"
                        + " costs ", volume.volumeType().apiName(), iops, volume.sizeGib(), change.iops(), change.throughputMibps())
                : String.format(Locale.ROOT, "io1 volume with %,d IOPS, above gp3's limits; io2 with the same %,d GiB and IOPS costs ",
                        iops, volume.sizeGib());
        return context.finding(this, volume)
                .action(Action.MODIFY_VOLUME_TYPE, change)
                .cost(saving)
                .reason(reason + monthlySaving.map(money -> money + " less a month").orElse("less (exact saving unknown)"))
                .fact("volume_type", volume.volumeType().apiName())
                .fact("size_gib", volume.sizeGib())
                .fact("iops", iops)
                .fact("target_type", change.to().apiName())
                .fact("target_iops", change.iops())
                .fact("target_throughput_mibps", change.throughputMibps())
                .fact("current_monthly_usd", current.monthly().map(Money::amount).map(Object::toString).orElse("unknown"))
                .fact("target_monthly_usd", target.monthly().map(Money::amount).map(Object::toString).orElse("unknown"))
                .waste();
    }
}
