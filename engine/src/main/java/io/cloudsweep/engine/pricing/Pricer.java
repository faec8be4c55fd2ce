package io.cloudsweep.engine.pricing;

import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.Region;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Turns resources into monthly on-demand costs with a {@link PriceBook}. Pure and thread-safe. Every
 * method answers {@link Cost.Unknown} with the missing price named when the book lacks one; none answers
 * zero for "not known".
 */
public final class Pricer {

    /** gp3 includes 3,000 IOPS and 125 MiB/s in its storage price. */
    public static final int GP3_FREE_IOPS = 3_000;
    public static final int GP3_FREE_THROUGHPUT_MIBPS = 125;
    private static final int IO2_TIER_1_LIMIT = 32_000;
    private static final int IO2_TIER_2_LIMIT = 64_000;

    private final PriceBook book;
    private final Consumer<PriceKey> found;

    public Pricer(PriceBook book) {
        this(book, key -> { });
    }

    private Pricer(PriceBook book, Consumer<PriceKey> found) {
        this.book = Objects.requireNonNull(book, "book");
        this.found = Objects.requireNonNull(found, "found");
    }

    /** This pricer, telling {@code found} the key of every price it finds in its book: the prices a scan's costs rest on. */
    public Pricer recording(Consumer<PriceKey> found) {
        return new Pricer(book, found);
    }

    public PriceBook book() {
        return book;
    }

    /** What the volume costs a month as it is: storage, plus provisioned IOPS and throughput where billed. */
    public Cost volumeMonthly(EbsVolume volume) {
        Bill bill = new Bill(volume.ref().region());
        int size = volume.sizeGib();
        return switch (volume.volumeType()) {
            case GP2 -> bill.perMonth("ebs", "gp2_storage", size, "EBS gp2 storage").cost();
            case GP3 -> gp3Monthly(volume.ref().region(), size, volume.iops(), volume.throughputMibps());
            case IO1 -> bill.perMonth("ebs", "io1_storage", size, "EBS io1 storage")
                    .perMonth("ebs", "io1_iops", volume.iops(), "EBS io1 IOPS").cost();
            case IO2 -> io2Monthly(volume.ref().region(), size, volume.iops());
            case ST1 -> bill.perMonth("ebs", "st1_storage", size, "EBS st1 storage").cost();
            case SC1 -> bill.perMonth("ebs", "sc1_storage", size, "EBS sc1 storage").cost();
            case STANDARD -> bill.perMonth("ebs", "standard_magnetic_storage", size, "EBS magnetic storage").cost();
        };
    }

    /** What a gp3 volume of this size, IOPS and throughput costs a month. */
    public Cost gp3Monthly(Region region, int sizeGib, int iops, int throughputMibps) {
        return new Bill(region)
                .perMonth("ebs", "gp3_storage", sizeGib, "EBS gp3 storage")
                .perMonth("ebs", "gp3_iops_above_3000", Math.max(0, iops - GP3_FREE_IOPS), "EBS gp3 IOPS")
                .perMonth("ebs", "gp3_throughput_above_125", Math.max(0, throughputMibps - GP3_FREE_THROUGHPUT_MIBPS),
                        "EBS gp3 throughput")
                .cost();
    }

    /** What an io2 volume of this size and IOPS costs a month. */
    public Cost io2Monthly(Region region, int sizeGib, int iops) {
        return io2Iops(new Bill(region).perMonth("ebs", "io2_storage", sizeGib, "EBS io2 storage"), iops).cost();
    }

    /** The most a snapshot of a volume this size can cost a month (standard tier, every block stored). */
    public Cost snapshotMonthly(Region region, int volumeSizeGib) {
        return new Bill(region).perMonth("ebs", "snapshot_standard", volumeSizeGib, "EBS snapshot storage").cost();
    }

    /**
     * A manual RDS snapshot of a database that no longer exists: every GiB is billed as backup storage (the free allowance
     * is that of the region's running databases, which other backups use first), at most the database's allocated size.
     */
    public Cost dbSnapshotMonthly(Region region, int allocatedStorageGib) {
        return new Bill(region).perMonth("rds", "snapshot_storage", allocatedStorageGib, "RDS backup storage").cost();
    }

    /** One public IPv4 address held all month. */
    public Cost publicIpv4Monthly(Region region) {
        return new Bill(region).perHour("vpc", "public_ipv4_idle", "public IPv4 addresses").cost();
    }

    /** An instance running all month, on demand. Only Linux prices are embedded. */
    public Cost instanceMonthly(Ec2Instance instance) {
        if (!instance.isLinux()) {
            return Cost.unknown("no price for " + instance.platform() + " instances in the price book (it holds Linux prices)");
        }
        return instanceTypeMonthly(instance.ref().region(), instance.instanceType());
    }

    /** An instance of {@code instanceType} running all month on demand, on Linux. */
    public Cost instanceTypeMonthly(Region region, String instanceType) {
        return new Bill(region).perHour("ec2", instanceType, "EC2 " + instanceType + " (Linux)").cost();
    }

    /** A database running all month: instance hours plus its allocated storage. */
    public Cost databaseMonthly(RdsInstance database) {
        String engine = priceBookEngine(database.engine());
        if (engine == null) {
            return Cost.unknown("no price for the RDS " + database.engine() + " engine in the price book (it holds PostgreSQL and MySQL)");
        }
        String deployment = database.multiAz() ? "multi-az" : "single-az";
        String storageItem = switch (database.storageType().toLowerCase(Locale.ROOT)) {
            case "standard" -> "magnetic_storage";
            default -> database.storageType().toLowerCase(Locale.ROOT) + "_storage";
        };
        return new Bill(database.ref().region())
                .perHour("rds", engine + "/" + database.dbInstanceClass() + "/" + deployment,
                        "RDS " + database.dbInstanceClass() + " " + engine + " " + deployment)
                .perMonth("rds", engine + "/" + storageItem + "/" + deployment, database.allocatedStorageGib(),
                        "RDS " + database.storageType() + " storage " + deployment)
                .cost();
    }

    /** A load balancer's hourly charge for a month (capacity units, which an idle one hardly uses, excluded). */
    public Cost loadBalancerMonthly(LoadBalancer loadBalancer) {
        Bill bill = new Bill(loadBalancer.ref().region());
        return switch (loadBalancer.kind()) {
            case APPLICATION -> bill.perHour("elb", "alb_hour", "Application Load Balancer hours").cost();
            case NETWORK -> bill.perHour("elb", "nlb_hour", "Network Load Balancer hours").cost();
            case CLASSIC -> bill.perHour("elb", "clb_hour", "Classic Load Balancer hours").cost();
        };
    }

    /** A NAT gateway's hourly charge for a month (data processed, which an idle one has none of, excluded). */
    public Cost natGatewayMonthly(Region region) {
        return new Bill(region).perHour("vpc", "nat_gateway_hour", "NAT gateway hours").cost();
    }

    /** io2 IOPS are billed in three tiers: up to 32,000, up to 64,000, and above. */
    private static Bill io2Iops(Bill bill, int iops) {
        int tier1 = Math.min(iops, IO2_TIER_1_LIMIT);
        int tier2 = Math.max(0, Math.min(iops, IO2_TIER_2_LIMIT) - IO2_TIER_1_LIMIT);
        int tier3 = Math.max(0, iops - IO2_TIER_2_LIMIT);
        return bill.perMonth("ebs", "io2_iops_tier1_up_to_32000", tier1, "EBS io2 IOPS")
                .perMonth("ebs", "io2_iops_tier2_32001_to_64000", tier2, "EBS io2 IOPS above 32,000")
                .perMonth("ebs", "io2_iops_tier3_above_64000", tier3, "EBS io2 IOPS above 64,000");
    }

    /** The engine names the price book uses, or null for engines it does not price. */
    private static String priceBookEngine(String rdsEngine) {
        return switch (rdsEngine.toLowerCase(Locale.ROOT)) {
            case "postgres", "postgresql" -> "postgresql";
            case "mysql" -> "mysql";
            default -> null;
        };
    }

    /**
     * The line items of one monthly cost in one region. A line with zero quantity costs nothing and needs
     * no price; a line whose price is missing makes the whole cost unknown, naming every missing price.
     */
    private final class Bill {
        private final Region region;
        private final List<String> missing = new ArrayList<>();
        private final List<PriceKey> missingKeys = new ArrayList<>();
        private Money total = Money.ZERO;
        private PriceSource source;

        Bill(Region region) {
            this.region = region;
        }

        Bill perMonth(String service, String item, long quantity, String label) {
            if (quantity > 0) {
                add(service, item, label, price -> price.multiply(BigDecimal.valueOf(quantity)));
            }
            return this;
        }

        Bill perHour(String service, String item, String label) {
            add(service, item, label, price -> price.multiply(Money.HOURS_PER_MONTH));
            return this;
        }

        private void add(String service, String item, String label, UnaryOperator<BigDecimal> monthly) {
            Optional<PriceBook.Price> price = book.find(service, region, item);
            if (price.isEmpty()) {
                missing.add(label);
                missingKeys.add(new PriceKey(service, region.code(), item));
                return;
            }
            found.accept(new PriceKey(service, region.code(), item));
            total = total.plus(Money.usd(monthly.apply(price.get().usd())));
            source = source == null ? price.get().source() : source.combine(price.get().source());
        }

        Cost cost() {
            if (!missing.isEmpty()) {
                return Cost.missingPrices("no price for " + String.join(", ", missing) + " in " + region + " in the price book",
                        missingKeys);
            }
            if (source == null) {
                throw new IllegalStateException("a bill with no line items has no cost");
            }
            return Cost.known(total, source);
        }
    }
}
