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
 * {@code ebs-gp2-to-gp3}: an attached gp2 volume costs more than a gp3 volume that performs at least as well,
 * and the change is made in place, without downtime (Compute Optimizer recommends the same).
 *
 * <p>The gp3 target keeps the size and at least the gp2 baseline: IOPS = 3 per GiB (at least 100, at most
 * 16,000), never under gp3's free 3,000; throughput = the baseline IOPS at gp2's 256 KiB I/O size (at most
 * 250 MiB/s), never under gp3's free 125 MiB/s. The saving is the gp2 price minus the gp3 price, counting any
 * IOPS and throughput above gp3's free baseline. Example: 500 GiB gp2 in us-east-1 costs $50.00; gp3 with
 * 3,000 IOPS and 250 MiB/s costs $45.00 ($40.00 storage, $5.00 for 125 MiB/s above the free 125); saving
 * $5.00 a month.
 *
 * <p>Unattached gp2 volumes are left to {@code ebs-unattached}, volumes of a stopped instance to the instance's own
 * findings, and volumes without I/O to {@code ebs-low-io} ({@code unused}), so one volume's saving is not counted twice.
 */
public record EbsGp2ToGp3Rule(Parameters parameters, EbsLowIoRule unused) implements Rule<EbsVolume> {

    public static final String ID = "ebs-gp2-to-gp3";

    private static final int GP2_IOPS_PER_GIB = 3;
    private static final int GP2_MIN_IOPS = 100;
    private static final int GP2_MAX_IOPS = 16_000;
    private static final int GP2_IO_SIZE_KIB = 256;
    private static final int GP2_MAX_THROUGHPUT = 250;

    /** @param minMonthlySavingUsd flag only when the saving is more than this */
    public record Parameters(BigDecimal minMonthlySavingUsd) {
        public static Parameters from(Settings settings) {
            return new Parameters(settings.decimal("rules." + ID + ".min-monthly-saving-usd", BigDecimal.ZERO));
        }
    }

    /** With {@code ebs-low-io}'s default thresholds. */
    public EbsGp2ToGp3Rule(Parameters parameters) {
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
        if (volume.volumeType() != VolumeType.GP2 || volume.state() != EbsVolume.State.IN_USE || context.attachedToAStoppedInstance(volume)) {
            return Verdict.notWaste();
        }
        if (unused.findsUnused(volume, context)) {
            return Verdict.notWaste(); // ebs-low-io deletes it, saving all it costs: a cheaper type would be counted twice
        }
        int size = volume.sizeGib();
        int gp2Iops = Math.min(GP2_MAX_IOPS, Math.max(GP2_MIN_IOPS, GP2_IOPS_PER_GIB * size));
        int gp2Throughput = Math.min(GP2_MAX_THROUGHPUT, (gp2Iops * GP2_IO_SIZE_KIB + 1023) / 1024);
        int targetIops = Math.max(Pricer.GP3_FREE_IOPS, gp2Iops);
        int targetThroughput = Math.max(Pricer.GP3_FREE_THROUGHPUT_MIBPS, gp2Throughput);

        Cost current = context.pricer().volumeMonthly(volume);
        Cost target = context.pricer().gp3Monthly(volume.ref().region(), size, targetIops, targetThroughput);
        Cost saving = current.minus(target);
        Optional<Money> monthlySaving = saving.monthly();
        if (monthlySaving.isPresent() && monthlySaving.get().compareTo(Money.usd(parameters.minMonthlySavingUsd())) <= 0) {
            return Verdict.notWaste();
        }
        String reason = String.format(Locale.ROOT, "gp2 volume; gp3 with the same %,d GiB, %,d IOPS and %,d MiB/s costs ",
                size, targetIops, targetThroughput)
                + monthlySaving.map(money -> money + " less a month").orElse("less (exact saving unknown)");
        return context.finding(this, volume)
                .action(Action.MODIFY_VOLUME_TYPE, ActionParameters.VolumeTypeChange.fromGp2(VolumeType.GP3, targetIops, targetThroughput))
                .cost(saving)
                .reason(reason)
                .fact("volume_type", "gp2")
                .fact("size_gib", size)
                .fact("gp2_baseline_iops", gp2Iops)
                .fact("gp2_baseline_throughput_mibps", gp2Throughput)
                .fact("gp3_iops", targetIops)
                .fact("gp3_throughput_mibps", targetThroughput)
                .fact("gp2_monthly_usd", current.monthly().map(Money::amount).map(Object::toString).orElse("unknown"))
                .fact("gp3_monthly_usd", target.monthly().map(Money::amount).map(Object::toString).orElse("unknown"))
                .waste();
    }
}
