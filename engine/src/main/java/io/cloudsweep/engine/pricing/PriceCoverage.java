package io.cloudsweep.engine.pricing;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.model.VolumeType;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The prices the rules can ask for, whatever the resource, found by asking a {@link Pricer} to price one resource of
 * each priced kind (every volume type with every extra, snapshots, addresses, NAT gateways, DB snapshots, each kind of
 * load balancer): so a rule that prices something new is counted at once. EC2 and RDS instance hours depend on the type
 * met and are not listed. Pure.
 */
public final class PriceCoverage {

    /** The regions every AWS account has enabled by default. */
    public static final List<Region> DEFAULT_REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
            "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2",
            "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "sa-east-1").stream().map(Region::of).toList();

    private static final Account ANY = new Account("000000000000", "coverage");

    private PriceCoverage() {
    }

    /** Every price key the rules can ask for in {@code region}, found in {@code book} or not. */
    public static Set<PriceKey> keysRulesAskFor(PriceBook book, Region region) {
        Set<PriceKey> asked = new TreeSet<>(Comparator.comparing(PriceKey::service).thenComparing(PriceKey::item).thenComparing(PriceKey::region));
        Pricer pricer = new Pricer(book).recording(asked::add);
        Consumer<Cost> missing = cost -> {
            if (cost instanceof Cost.Unknown unknown) {
                asked.addAll(unknown.missing());
            }
        };
        for (VolumeType type : VolumeType.values()) {
            // IOPS into io2's top tier and throughput above gp3's free 125 MiB/s: every line item of every type
            missing.accept(pricer.volumeMonthly(new EbsVolume(ResourceRef.ebsVolume(ANY, region, "vol-0"), Tags.NONE, Instant.EPOCH, type,
                    100, 70_000, 500, EbsVolume.State.AVAILABLE, region + "a", List.of(), Optional.empty())));
        }
        missing.accept(pricer.snapshotMonthly(region, 100));
        missing.accept(pricer.publicIpv4Monthly(region));
        missing.accept(pricer.natGatewayMonthly(region));
        missing.accept(pricer.dbSnapshotMonthly(region, 100));
        for (LoadBalancer.Kind kind : LoadBalancer.Kind.values()) {
            missing.accept(pricer.loadBalancerMonthly(new LoadBalancer(ResourceRef.loadBalancer(ANY, region, "lb", "app/lb/0"), Tags.NONE,
                    kind, Instant.EPOCH, 0, 0)));
        }
        return asked;
    }
}
