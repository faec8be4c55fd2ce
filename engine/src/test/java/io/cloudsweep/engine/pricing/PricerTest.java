package io.cloudsweep.engine.pricing;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.model.VolumeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PricerTest {

    private static final Pricer PRICER = new Pricer(PriceBook.embedded());
    private static final Account ACCOUNT = new Account("111122223333", "test");

    @ParameterizedTest(name = "{0}: {1} GiB, {2} IOPS, {3} MiB/s = {4}")
    @CsvSource({
            // us-east-1: $0.08/GB, $0.005 per IOPS above 3,000, $0.04 per MiB/s above 125
            "us-east-1,      100, 3000, 125,  8.00",
            "us-east-1,      100, 4000, 125,  13.00",
            "us-east-1,      100, 3000, 250,  13.00",
            "us-east-1,      100, 16000, 1000, 108.00",
            // ap-southeast-2: $0.096/GB, $0.006 per IOPS, $0.048 per MiB/s
            "ap-southeast-2, 100, 6000, 500,  45.60"})
    void gp3ChargesOnlyTheIopsAndThroughputAboveItsFreeBaseline(String region, int size, int iops, int throughput, String monthly) {
        assertThat(PRICER.gp3Monthly(Region.of(region), size, iops, throughput).monthly()).contains(Money.usd(monthly));
    }

    @ParameterizedTest(name = "io2 {0} IOPS = {1}")
    @CsvSource({
            "1000,  77.50",     // 100 GiB x 0.125 + 1,000 x 0.065
            "32000, 2092.50",   // all of tier 1
            "40000, 2456.50",   // + 8,000 x 0.0455
            "70000, 3739.60"})  // + 32,000 x 0.0455 + 6,000 x 0.03185
    void io2IopsAreBilledInTiers(int iops, String monthly) {
        assertThat(PRICER.volumeMonthly(volume("us-east-1", VolumeType.IO2, 100, iops, 0)).monthly()).contains(Money.usd(monthly));
    }

    @Test
    void pricesEachVolumeTypeByItsOwnItems() {
        assertThat(PRICER.volumeMonthly(volume("eu-west-1", VolumeType.ST1, 500, 0, 0)).monthly()).contains(Money.usd("25.00"));
        assertThat(PRICER.volumeMonthly(volume("eu-west-1", VolumeType.SC1, 1000, 0, 0)).monthly()).contains(Money.usd("16.80"));
        assertThat(PRICER.volumeMonthly(volume("us-east-1", VolumeType.STANDARD, 100, 0, 0)).monthly()).contains(Money.usd("5.00"));
        assertThat(PRICER.volumeMonthly(volume("us-east-1", VolumeType.GP2, 100, 300, 0)).monthly()).contains(Money.usd("10.00"));
    }

    @Test
    void aMissingPriceGivesAnUnknownCostNamingItNeverZero() {
        Cost cost = PRICER.volumeMonthly(volume("sa-east-1", VolumeType.GP2, 100, 300, 0));

        assertThat(cost).isInstanceOf(Cost.Unknown.class);
        assertThat(((Cost.Unknown) cost).reason()).isEqualTo("no price for EBS gp2 storage in sa-east-1 in the price book");
    }

    @Test
    void eu3HasNoIo2Prices() {
        assertThat(PRICER.volumeMonthly(volume("eu-west-3", VolumeType.IO2, 100, 1000, 0))).isInstanceOf(Cost.Unknown.class);
    }

    @Test
    void databaseCostsInstanceHoursPlusStorageOfItsDeployment() {
        RdsInstance single = database("mysql", "db.t4g.micro", false, 20);
        RdsInstance multi = database("mysql", "db.t4g.micro", true, 20);
        RdsInstance oracle = database("oracle-se2", "db.m5.large", false, 20);

        // $0.016/h x 730 + 20 GiB x $0.115; Multi-AZ: $0.032/h x 730 + 20 x $0.23
        assertThat(PRICER.databaseMonthly(single).monthly()).contains(Money.usd("13.98"));
        assertThat(PRICER.databaseMonthly(multi).monthly()).contains(Money.usd("27.96"));
        assertThat(PRICER.databaseMonthly(oracle)).isInstanceOf(Cost.Unknown.class);
    }

    @Test
    void loadBalancerKindsHaveTheirOwnHourlyRates() {
        assertThat(PRICER.loadBalancerMonthly(loadBalancer("us-east-1", LoadBalancer.Kind.NETWORK)).monthly()).contains(Money.usd("16.43"));
        assertThat(PRICER.loadBalancerMonthly(loadBalancer("eu-west-2", LoadBalancer.Kind.CLASSIC)).monthly()).isPresent();
        assertThat(PRICER.loadBalancerMonthly(loadBalancer("eu-west-1", LoadBalancer.Kind.NETWORK))).isInstanceOf(Cost.Unknown.class);
    }

    @Test
    void combinedCostsKeepTheOlderDateOfTheirParts() {
        Cost cost = PRICER.databaseMonthly(database("postgres", "db.m5.large", false, 100));

        Cost.Known known = (Cost.Known) cost;
        // Instance price from 2021 data, storage from the 2026 Price List.
        assertThat(known.source().effective()).hasValueSatisfying(date -> assertThat(date.getYear()).isEqualTo(2021));
    }

    private static EbsVolume volume(String region, VolumeType type, int size, int iops, int throughput) {
        return new EbsVolume(ResourceRef.ebsVolume(ACCOUNT, Region.of(region), "vol-1"), Tags.NONE, Instant.EPOCH, type, size, iops,
                throughput, EbsVolume.State.AVAILABLE, region + "a", List.of(), Optional.empty());
    }

    private static RdsInstance database(String engine, String instanceClass, boolean multiAz, int storage) {
        return new RdsInstance(ResourceRef.rdsInstance(ACCOUNT, Region.of("us-east-1"), "db"), Tags.NONE, instanceClass, engine,
                "available", Instant.EPOCH, multiAz, storage, "gp2");
    }

    private static LoadBalancer loadBalancer(String region, LoadBalancer.Kind kind) {
        return new LoadBalancer(ResourceRef.loadBalancer(ACCOUNT, Region.of(region), "lb", "net/lb/1"), Tags.NONE, kind, Instant.EPOCH, 0, 0);
    }
}
