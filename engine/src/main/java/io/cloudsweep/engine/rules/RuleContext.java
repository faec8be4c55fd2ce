package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.ActionParameters;
import io.cloudsweep.engine.model.Confidence;
import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.ElasticIp;
import io.cloudsweep.engine.model.Fact;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.MachineImage;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.pricing.Pricer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What rules may know beyond the resource they judge, gathered before they run: the time of the scan, the
 * other resources of the same region (to tell which instance an address points at, which snapshots back an
 * image), the metrics that were fetched, the prices, and the risk policy that grades findings. Immutable.
 */
public final class RuleContext {

    private final Instant now;
    private final Neighbours region;
    private final MetricData metrics;
    private final Pricer pricer;
    private final RiskPolicy riskPolicy;

    public RuleContext(Instant now, RegionInventory inventory, MetricData metrics, Pricer pricer, RiskPolicy riskPolicy) {
        this(now, new Neighbours(inventory), metrics, pricer, riskPolicy);
    }

    private RuleContext(Instant now, Neighbours region, MetricData metrics, Pricer pricer, RiskPolicy riskPolicy) {
        this.now = Objects.requireNonNull(now, "now");
        this.region = region;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.pricer = Objects.requireNonNull(pricer, "pricer");
        this.riskPolicy = Objects.requireNonNull(riskPolicy, "riskPolicy");
    }

    /** The same region, with these metrics and prices: the region's resources are indexed once however often it is judged. */
    public RuleContext with(MetricData fetched, Pricer prices) {
        return new RuleContext(now, region, fetched, prices, riskPolicy);
    }

    /** The region's resources, indexed for the lookups rules make. Immutable once built. */
    private static final class Neighbours {
        private final Map<String, Ec2Instance> instances = new HashMap<>();
        private final Map<String, EbsVolume> volumes = new HashMap<>();
        private final Set<String> snapshotsBackingImages = new HashSet<>();
        private final Map<String, List<ElasticIp>> addressesByInstance = new HashMap<>();
        private final Set<String> databases = new HashSet<>();
        private final Set<String> imagesLaunched = new HashSet<>();
        private final Map<String, EbsSnapshot> snapshots = new HashMap<>();
        private final List<MachineImage> images = new ArrayList<>();

        Neighbours(RegionInventory inventory) {
            for (Resource resource : inventory.resources()) {
                if (resource instanceof Ec2Instance instance) {
                    instances.put(instance.ref().id(), instance);
                    instance.imageId().ifPresent(imagesLaunched::add);
                } else if (resource instanceof EbsSnapshot snapshot) {
                    snapshots.put(snapshot.ref().id(), snapshot);
                } else if (resource instanceof EbsVolume volume) {
                    volumes.put(volume.ref().id(), volume);
                } else if (resource instanceof RdsInstance database) {
                    databases.add(database.ref().id());
                } else if (resource instanceof ElasticIp address && address.instanceId().isPresent()) {
                    addressesByInstance.computeIfAbsent(address.instanceId().get(), id -> new ArrayList<>()).add(address);
                } else if (resource instanceof MachineImage image && image.isRegistered()) {
                    snapshotsBackingImages.addAll(image.snapshotIds());
                    images.add(image);
                }
            }
        }
    }

    public Instant now() {
        return now;
    }

    /** The UTC day of the scan; metric lookbacks end the day before it. */
    public LocalDate today() {
        return now.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    public Pricer pricer() {
        return pricer;
    }

    public Optional<Ec2Instance> instance(String instanceId) {
        return Optional.ofNullable(region.instances.get(instanceId));
    }

    public Optional<EbsVolume> volume(String volumeId) {
        return Optional.ofNullable(region.volumes.get(volumeId));
    }

    /** Whether an instance of this region was launched from the image. */
    public boolean instanceLaunchedFrom(String imageId) {
        return region.imagesLaunched.contains(imageId);
    }

    /** The EBS snapshot of this region with this id. */
    public Optional<EbsSnapshot> snapshot(String snapshotId) {
        return Optional.ofNullable(region.snapshots.get(snapshotId));
    }

    /** The registered images of this region whose names {@code familyOf} maps to {@code family}, newest first. */
    public List<MachineImage> imagesOfFamily(String family, java.util.function.UnaryOperator<String> familyOf) {
        return region.images.stream().filter(image -> familyOf.apply(image.name()).equals(family))
                .sorted(java.util.Comparator.comparing(MachineImage::createdAt).reversed().thenComparing(image -> image.ref().id()))
                .toList();
    }

    /** Whether the region holds an RDS database of this identifier. */
    public boolean databaseExists(String dbInstanceIdentifier) {
        return region.databases.contains(dbInstanceIdentifier);
    }

    /** The Elastic IPs associated with the instance. */
    public List<ElasticIp> addressesOf(String instanceId) {
        return region.addressesByInstance.getOrDefault(instanceId, List.of());
    }

    /** Whether the volume is attached to a stopped instance of this region, whose own findings count its volumes. */
    public boolean attachedToAStoppedInstance(EbsVolume volume) {
        return volume.attachedInstanceIds().stream()
                .flatMap(id -> instance(id).stream())
                .anyMatch(instance -> instance.state() == Ec2Instance.State.STOPPED);
    }

    /** Whether a registered AMI in this region is backed by the snapshot. */
    public boolean backsAnImage(String snapshotId) {
        return region.snapshotsBackingImages.contains(snapshotId);
    }

    /**
     * The daily values of {@code query} for its {@code days} complete days before today, oldest first; empty
     * when the series was not fetched or misses a day the metric cannot read as zero.
     */
    public Optional<List<Double>> dailyValues(MetricQuery query) {
        return metrics.get(query).flatMap(series -> series.lastDays(today(), query.days()));
    }

    /**
     * The largest daily sum of two series over the same days (reads and writes, bytes in and out); the verdict saying
     * which is missing when either is.
     */
    public Optional<Double> busiestDay(MetricQuery first, MetricQuery second) {
        Optional<List<Double>> one = dailyValues(first);
        Optional<List<Double>> other = dailyValues(second);
        if (one.isEmpty() || other.isEmpty()) {
            return Optional.empty();
        }
        double busiest = 0;
        for (int day = 0; day < Math.min(one.get().size(), other.get().size()); day++) {
            busiest = Math.max(busiest, one.get().get(day) + other.get().get(day));
        }
        return Optional.of(busiest);
    }

    /** Why {@link #busiestDay} came back empty: the first of the two series that is missing. */
    public String missingData(MetricQuery first, MetricQuery second) {
        return missingData(dailyValues(first).isEmpty() ? first : second);
    }

    /** Why {@link #dailyValues} came back empty, for the scan's diagnostics. */
    public String missingData(MetricQuery query) {
        long days = metrics.get(query).map(series -> series.daysWithData(today(), query.days())).orElse(0L);
        return "insufficient data: " + query.metric().metricName() + " has datapoints for " + days + " of the last "
                + query.days() + " days";
    }

    /** Starts a finding of {@code rule} about {@code resource}; its risk comes from the risk policy. */
    public FindingDraft finding(Rule<?> rule, Resource resource) {
        return new FindingDraft(rule.id(), resource);
    }

    /** A finding under construction. Every part but the evidence is required. */
    public final class FindingDraft {
        private final String ruleId;
        private final Resource resource;
        private final List<Fact> evidence = new ArrayList<>();
        private Action action;
        private ActionParameters parameters = ActionParameters.NONE;
        private Confidence confidence = Confidence.HIGH;
        private Cost cost;
        private String reason;

        private FindingDraft(String ruleId, Resource resource) {
            this.ruleId = ruleId;
            this.resource = resource;
        }

        public FindingDraft action(Action recommended) {
            this.action = recommended;
            return this;
        }

        /** The action, with what exactly it is to do. */
        public FindingDraft action(Action recommended, ActionParameters exactly) {
            this.action = recommended;
            this.parameters = Objects.requireNonNull(exactly, "exactly");
            return this;
        }

        public FindingDraft confidence(Confidence level) {
            this.confidence = level;
            return this;
        }

        public FindingDraft cost(Cost monthly) {
            this.cost = monthly;
            return this;
        }

        public FindingDraft reason(String sentence) {
            this.reason = sentence;
            return this;
        }

        public FindingDraft fact(String name, Object value) {
            evidence.add(Fact.of(name, value));
            return this;
        }

        public Verdict waste() {
            Objects.requireNonNull(action, "a finding needs an action");
            return Verdict.waste(new Finding(ruleId, resource.ref(), resource.tags(), action, parameters,
                    riskPolicy.riskOf(action, resource.tags()), confidence, cost, reason, evidence));
        }
    }
}
