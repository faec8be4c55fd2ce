package io.cloudsweep.engine.demo;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.MetricSeries;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.scan.CloudInventory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The demo account: a fixed, documented set of resources in {@code us-east-1}, {@code eu-west-1} and
 * {@code ap-southeast-2}, held in memory, with the CloudWatch history each one would have. Every rule finds
 * something in it, and beside each finding stands a resource that looks alike but is not waste (an attached
 * volume, a volume detached two days ago, a snapshot backing an AMI, a busy instance, a protected one, a load
 * balancer with traffic). The README lists what it finds and why.
 *
 * <p>Times are relative to the moment it is created ("stopped 45 days ago"), so the same findings come out
 * whenever it runs. Cleanups change it ({@link DemoCleanupActions}); that state lives in memory only.
 * Thread-safe.
 */
public final class DemoCloud implements CloudInventory {

    public static final Account ACCOUNT = new Account("123456789012", "demo");
    public static final List<Region> REGIONS = List.of(Region.of("us-east-1"), Region.of("eu-west-1"), Region.of("ap-southeast-2"));

    /** Changed only by cleanups through {@link #replace}; each region's list is immutable, swapped whole. */
    private final Map<Region, List<Resource>> resources;
    private final Map<ResourceRef, Map<Metric, DemoMetrics.Profile>> profiles;

    private DemoCloud(Map<Region, List<Resource>> resources,
                      Map<ResourceRef, Map<Metric, DemoMetrics.Profile>> profiles) {
        this.resources = new java.util.concurrent.ConcurrentHashMap<>(resources);
        this.profiles = profiles;
    }

    /** The demo account as it stands at {@code now}. */
    public static DemoCloud at(Instant now) {
        DemoAccountBuilder builder = new DemoAccountBuilder(ACCOUNT, now);
        DemoResources.populate(builder);
        return new DemoCloud(builder.resourcesByRegion(), builder.profiles());
    }

    @Override
    public List<Region> enabledRegions(Account account) {
        requireDemo(account);
        return REGIONS;
    }

    @Override
    public RegionInventory describe(Account account, Region region) {
        requireDemo(account);
        return new RegionInventory(account, region, resources.getOrDefault(region, List.of()));
    }

    @Override
    public MetricData metrics(Account account, Region region, List<MetricQuery> queries, Instant now) {
        requireDemo(account);
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        List<MetricSeries> series = new ArrayList<>();
        for (MetricQuery query : queries) {
            DemoMetrics.Profile profile = profiles.getOrDefault(query.resource(), Map.of()).get(query.metric());
            if (profile == null) {
                continue;
            }
            Map<LocalDate, Double> daily = new HashMap<>();
            for (int daysAgo = 1; daysAgo <= query.days(); daysAgo++) {
                Double value = profile.valueDaysAgo(daysAgo);
                if (value != null) {
                    daily.put(today.minusDays(daysAgo), value);
                }
            }
            series.add(new MetricSeries(query, daily));
        }
        return MetricData.of(series);
    }

    /** The resource {@code ref} names, as it is now. */
    public Optional<Resource> find(ResourceRef ref) {
        return resources.getOrDefault(ref.region(), List.of()).stream().filter(resource -> resource.ref().equals(ref)).findFirst();
    }

    /**
     * Changes one region atomically: {@code change} gets the region's resources and returns them as they
     * should be. Cleanups and their undos go through here, so concurrent cleanups never lose each other's work.
     */
    synchronized void replace(Region region, UnaryOperator<List<Resource>> change) {
        resources.put(region, List.copyOf(change.apply(new ArrayList<>(resources.getOrDefault(region, List.of())))));
    }

    /** Every resource of the demo, in all regions. */
    public List<Resource> allResources() {
        return REGIONS.stream().flatMap(region -> resources.getOrDefault(region, List.of()).stream()).toList();
    }

    private static void requireDemo(Account account) {
        if (!Objects.equals(account, ACCOUNT)) {
            throw new IllegalArgumentException("the demo cloud holds only the demo account " + ACCOUNT.id());
        }
    }
}
