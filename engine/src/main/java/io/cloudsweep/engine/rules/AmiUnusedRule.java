package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.MachineImage;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ami-unused}: an AMI the account owns, at least {@code minAgeDays} old (default 90), that no instance of its
 * region was launched from and no launch template (its latest or default version, or a version an Auto Scaling group is
 * pinned to) or launch configuration launches,
 * and that is not among the {@code keepNewest} (default 2) newest images of its family: the images whose names differ
 * only in a trailing version or date ({@code app-server-2026-01-10}, {@code app-server-2026-06-20}). The newest are kept
 * for a rollback even when nothing uses them.
 *
 * <p>Cost: its snapshots, each priced at its full volume size (the most a snapshot can cost). The action deregisters it
 * and deletes its snapshots in one call; that cannot be undone, unless a Recycle Bin retention rule keeps them. Other
 * launchers (an EC2 Fleet or Spot request naming an older template version) are not seen; the evidence says so. Example: a 330-day-old image backed by a 30 GiB snapshot in
 * us-east-1 → deregister it and delete its snapshot, $1.50 a month.
 */
public record AmiUnusedRule(Parameters parameters) implements Rule<MachineImage> {

    public static final String ID = "ami-unused";

    /** A trailing version or date: separators, an optional v, then digits and the marks dates and versions use. */
    private static final Pattern FAMILY = Pattern.compile("^(.*?)[-_. ]*v?[0-9][0-9._:T-]*$");

    public record Parameters(int minAgeDays, int keepNewest) {
        public static Parameters from(Settings settings) {
            return new Parameters(settings.integer("rules." + ID + ".min-age-days", 90, 0, 3650),
                    settings.integer("rules." + ID + ".keep-newest", 2, 0, 100));
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<MachineImage> resourceClass() {
        return MachineImage.class;
    }

    @Override
    public Verdict evaluate(MachineImage image, RuleContext context) {
        long age = Days.between(image.createdAt(), context.now());
        if (image.state() != MachineImage.State.AVAILABLE || age < parameters.minAgeDays() || !image.launchedBy().isEmpty()
                || context.instanceLaunchedFrom(image.ref().id())) {
            return Verdict.notWaste();
        }
        String family = family(image.name());
        List<MachineImage> newest = context.imagesOfFamily(family, AmiUnusedRule::family).stream().limit(parameters.keepNewest()).toList();
        if (newest.contains(image)) {
            return Verdict.notWaste();
        }
        Cost snapshots = image.snapshotIds().stream()
                .map(id -> context.snapshot(id).map(snapshot -> context.pricer().snapshotMonthly(image.ref().region(), snapshot.volumeSizeGib()))
                        .orElseGet(() -> Cost.unknown("its snapshot " + id + " was not in the inventory")))
                .reduce(Cost::plus)
                .orElseGet(() -> Cost.unknown("it has no EBS snapshot to price"));
        return context.finding(this, image)
                .action(Action.DEREGISTER_IMAGE)
                .cost(snapshots)
                .reason("AMI " + (image.name().isEmpty() ? image.ref().id() : image.name()) + ", " + Days.count(age)
                        + " old, launched by no instance, launch template or launch configuration, and not among the "
                        + parameters.keepNewest() + " newest of its family '" + family + "'")
                .fact("name", image.name())
                .fact("created", Days.dayOf(image.createdAt()))
                .fact("snapshots", image.snapshotIds().isEmpty() ? "none" : String.join(" ", image.snapshotIds()))
                .fact("family", family)
                .fact("kept_newest", String.join(" ", newest.stream().map(kept -> kept.ref().id()).toList()))
                .fact("launchers_checked", "instances; launch templates' latest and default versions and the versions Auto Scaling groups"
                        + " are pinned to; launch configurations (not EC2 Fleet or Spot requests)")
                .waste();
    }

    /** The family an image's name belongs to: the name without a trailing version or date. */
    static String family(String name) {
        Matcher matcher = FAMILY.matcher(name);
        return matcher.matches() && !matcher.group(1).isEmpty() ? matcher.group(1) : name;
    }
}
