package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Confidence;
import io.cloudsweep.engine.model.EbsVolume;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code ebs-unattached}: a volume in state {@code available} for at least {@code minDays} (default 7, as
 * Trusted Advisor and Thrifty's unattached-volume checks) costs its full price and serves nothing.
 *
 * <p>DescribeVolumes does not say when a volume was detached, so the rule uses the best evidence there is,
 * in this order, and says which in the reason: the detach time the inventory learned, a detach-time tag
 * ({@code cloudsweep:detached-at} by default, an ISO date or instant), else the creation time. Example: a
 * 100 GiB gp2 volume created 41 days ago and never seen attached → delete it (after a backup snapshot),
 * saving $10.00 a month in us-east-1.
 */
public record EbsUnattachedRule(Parameters parameters) implements Rule<EbsVolume> {

    public static final String ID = "ebs-unattached";

    public record Parameters(int minDays, List<String> detachedAtTagKeys) {
        public Parameters {
            detachedAtTagKeys = List.copyOf(detachedAtTagKeys);
        }

        public static Parameters from(Settings settings) {
            return new Parameters(
                    settings.integer("rules." + ID + ".min-days", 7, 0, 3650),
                    settings.list("rules." + ID + ".detached-at-tag-keys", List.of("cloudsweep:detached-at")));
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

    @Override
    public Verdict evaluate(EbsVolume volume, RuleContext context) {
        if (volume.state() != EbsVolume.State.AVAILABLE) {
            return Verdict.notWaste();
        }
        Evidence since = unattachedSince(volume);
        long days = Days.between(since.time(), context.now());
        if (days < parameters.minDays()) {
            return Verdict.notWaste();
        }
        String reason = since.direct()
                ? "unattached for " + Days.count(days) + " (detached " + Days.dayOf(since.time()) + ", " + since.source() + ")"
                : "unattached and created " + Days.count(days) + " ago; AWS does not record when a volume was detached,"
                + " so its creation time is the best evidence";
        return context.finding(this, volume)
                .action(Action.DELETE_VOLUME)
                .confidence(since.direct() ? Confidence.HIGH : Confidence.MEDIUM)
                .cost(context.pricer().volumeMonthly(volume))
                .reason(reason)
                .fact("state", "available")
                .fact("volume_type", volume.volumeType().apiName())
                .fact("size_gib", volume.sizeGib())
                .fact("created", Days.dayOf(volume.createdAt()))
                .fact("unattached_since", Days.dayOf(since.time()) + " (" + since.source() + ")")
                .waste();
    }

    private Evidence unattachedSince(EbsVolume volume) {
        if (volume.detachedAt().isPresent()) {
            return new Evidence(volume.detachedAt().get(), "from the inventory", true);
        }
        for (String key : parameters.detachedAtTagKeys()) {
            Optional<Instant> tagged = volume.tags().get(key).flatMap(Days::parseTagTime);
            if (tagged.isPresent()) {
                return new Evidence(tagged.get(), "from its " + key + " tag", true);
            }
        }
        return new Evidence(volume.createdAt(), "creation time", false);
    }

    private record Evidence(Instant time, String source, boolean direct) {
    }
}
