package io.cloudsweep.bot;

import io.cloudsweep.adapters.aws.AwsCloud;
import io.cloudsweep.adapters.aws.AwsOptions;
import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.adapters.aws.fake.SyntheticCloud;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.scan.CloudInventory;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.store.FindingStore;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.PostgresFindingStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scans through the real SDK clients against a loopback AWS that misbehaves as AWS does: a share of calls throttled or
 * failing with 500, a region down, a service denied, a region that answers empty. The scan completes with what failed
 * said per region, every injected failure is retried once, and nothing is resolved for want of having been seen.
 */
class AwsFaultsTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Region US_EAST_1 = Region.of("us-east-1");
    private static final Region EU_WEST_1 = Region.of("eu-west-1");

    @TempDir
    static Path dataDir;
    private static Database database;
    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    private final EngineSettings settings = EngineSettings.load(null);
    /** Each scan an hour after the one before, so that what one saw is older than the next one's start. */
    private int scans;
    private FakeAws fake;
    private AwsCloud cloud;
    private Organization organization;

    @BeforeAll
    static void start() {
        database = Database.open(DatabaseSettings.embedded(dataDir));
        database.migrate();
        Metrics.addRegistry(METERS);
    }

    @AfterAll
    static void close() {
        Metrics.removeRegistry(METERS);
        database.close();
    }

    @BeforeEach
    void organization() {
        organization = new Organizations(database).ensure(Organization.Platform.SLACK, "T-FAULTS-" + System.nanoTime(), "Faults");
    }

    @AfterEach
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
        fake.close();
    }

    private AwsCloud serve(CloudInventory source, io.cloudsweep.engine.model.Account account) throws IOException {
        return serve(source, account, AwsOptions.defaults().attemptTimeout());
    }

    private AwsCloud serve(CloudInventory source, io.cloudsweep.engine.model.Account account, Duration attemptTimeout) throws IOException {
        fake = FakeAws.start(source, account, NOW);
        cloud = AwsCloud.connect(AwsOptions.defaults().withEndpoint(fake.endpoint()).withAttemptTimeout(attemptTimeout)
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKEFAULTS", "secret"))));
        return cloud;
    }

    private ScanReport scan(io.cloudsweep.engine.model.Account account, List<Region> regions) {
        Clock clock = Clock.fixed(NOW.plus(Duration.ofHours(scans++)), ZoneOffset.UTC);
        return settings.scanService(cloud, clock).scan(new ScanRequest(List.of(account), java.util.Optional.of(regions),
                io.cloudsweep.engine.model.Money.ZERO, "faults"), ScanListener.NONE);
    }

    private static Set<String> found(ScanReport report) {
        return report.findings().stream().map(finding -> finding.resource().id() + " " + finding.ruleId() + " " + finding.monthlyCost())
                .collect(Collectors.toSet());
    }

    /** Calls the fake answered so far, failed ones included. */
    private int calls() {
        return fake.callsByAction().values().stream().mapToInt(Integer::intValue).sum();
    }

    private static double retries() {
        return METERS.find("cloudsweep_aws_retries").counters().stream().mapToDouble(Counter::count).sum();
    }

    private long openFindings() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM findings WHERE organization_id = :organization"
                + " AND status = 'open'").bind("organization", organization.id()).mapTo(Long.class).one());
    }

    @Test
    void withTenPercentThrottledAndFivePercentServerErrorsTheScanFindsTheSameEachFailureRetriedOnce() throws IOException {
        serve(DemoCloud.at(NOW), DemoCloud.ACCOUNT);
        List<Region> regions = DemoCloud.REGIONS;
        scan(DemoCloud.ACCOUNT, regions);
        int warm = calls();
        ScanReport clean = scan(DemoCloud.ACCOUNT, regions);
        int cleanCalls = calls() - warm;
        double retriesBefore = retries();

        fake.chaos(0.10, 0.05, 20261205L);
        ScanReport faulty = scan(DemoCloud.ACCOUNT, regions);
        int faultyCalls = calls() - warm - cleanCalls;

        assertThat(faulty.failedRegions()).isEmpty();
        assertThat(faulty.gaps()).isEmpty();
        assertThat(found(faulty)).isEqualTo(found(clean)).isNotEmpty();
        assertThat(fake.injected()).as("failures injected").isPositive();
        assertThat(faultyCalls).as("each injected failure cost one more call").isEqualTo(cleanCalls + fake.injected());
        assertThat(retries() - retriesBefore).as("each injected failure counted as one retry").isEqualTo(fake.injected());
    }

    @Test
    void callsThatHangPastTheAttemptTimeoutAreAbandonedAndTriedAgainAndTheScanFindsTheSame() throws IOException {
        serve(DemoCloud.at(NOW), DemoCloud.ACCOUNT, Duration.ofMillis(400));
        ScanReport clean = scan(DemoCloud.ACCOUNT, DemoCloud.REGIONS);
        double retriesBefore = retries();

        fake.chaos(0, 0, 20261205L).stalls(0.10, Duration.ofSeconds(5));
        ScanReport slow = scan(DemoCloud.ACCOUNT, DemoCloud.REGIONS);

        assertThat(slow.failedRegions()).isEmpty();
        assertThat(slow.gaps()).isEmpty();
        assertThat(found(slow)).isEqualTo(found(clean)).isNotEmpty();
        assertThat(fake.stalled()).as("calls left hanging").isPositive();
        assertThat(retries() - retriesBefore).as("each hanging call abandoned and counted as one retry").isEqualTo(fake.stalled());
    }

    @Test
    void aRegionDownAndAServiceDeniedAreSaidPerRegionAndResolveNothingOfWhatWasNotRead() throws IOException {
        serve(DemoCloud.at(NOW), DemoCloud.ACCOUNT);
        PostgresFindingStore store = new PostgresFindingStore(database);
        ScanReport clean = scan(DemoCloud.ACCOUNT, DemoCloud.REGIONS);
        store.save(organization, clean);
        long openBefore = openFindings();

        fake.fail("eu-west-1", "*", 503, "Unavailable");
        fake.deny("rds:DescribeDBInstances");
        ScanReport faulty = scan(DemoCloud.ACCOUNT, DemoCloud.REGIONS);
        FindingStore.SavedScan saved = store.save(organization, faulty);

        assertThat(faulty.failedRegions()).singleElement().satisfies(failed -> {
            assertThat(failed.region()).isEqualTo(EU_WEST_1);
            assertThat(failed.accountId()).isEqualTo(DemoCloud.ACCOUNT.id());
            assertThat(failed.error()).contains("Unavailable");
        });
        assertThat(faulty.gaps()).as("RDS unread in every region that answered").isNotEmpty().allSatisfy(gap -> {
            assertThat(gap.types()).contains(ResourceType.RDS_INSTANCE);
            assertThat(gap.error()).contains("rds:DescribeDBInstances");
        });
        assertThat(faulty.findings()).noneMatch(finding -> finding.resource().region().equals(EU_WEST_1))
                .noneMatch(finding -> finding.resource().type() == ResourceType.RDS_INSTANCE);
        assertThat(saved.resolved()).as("nothing resolved for want of being read").isZero();
        assertThat(openFindings()).isEqualTo(openBefore);
        assertThat(clean.findings()).anyMatch(finding -> finding.resource().region().equals(EU_WEST_1))
                .anyMatch(finding -> finding.resource().type() == ResourceType.RDS_INSTANCE);
    }

    @Test
    void aRegionThatAnswersEmptyWhereHundredsOfResourcesWereResolvesNothingAndTheSummarySaysSo() throws IOException {
        io.cloudsweep.engine.model.Account account = new io.cloudsweep.engine.model.Account("444455556666", "synthetic");
        List<Region> regions = List.of(US_EAST_1, EU_WEST_1);
        serve(new SyntheticCloud(account, regions, 200, NOW, 7L), account);
        PostgresFindingStore store = new PostgresFindingStore(database);
        ScanReport full = scan(account, regions);
        store.save(organization, full);
        long openBefore = openFindings();
        Map<Region, Long> byRegion = full.findings().stream().collect(Collectors.groupingBy(finding -> finding.resource().region(),
                Collectors.counting()));

        fake.emptied("eu-west-1", true);
        ScanReport empty = scan(account, regions);
        FindingStore.SavedScan doubted = store.save(organization, empty);
        long openWhenDoubted = openFindings();
        FindingStore.SavedScan believed = store.save(organization, scan(account, regions));

        assertThat(full.resourcesIn(account.id(), EU_WEST_1)).hasValue(200);
        assertThat(empty.resourcesIn(account.id(), EU_WEST_1)).hasValue(0);
        assertThat(empty.failedRegions()).isEmpty();
        assertThat(doubted.resolved()).isZero();
        assertThat(doubted.held()).singleElement().asString()
                .startsWith(account.id() + " eu-west-1: the inventory came back with 0 resources where the scan before saw 200");
        assertThat(new io.cloudsweep.engine.chat.Cards(Duration.ofDays(7)).summary(empty, doubted, java.util.Map.of()).failedRegions())
                .as("the summary says so").containsExactlyElementsOf(doubted.held());
        assertThat(openWhenDoubted).isEqualTo(openBefore);
        assertThat(believed.resolved()).as("a second scan that agrees is believed").isEqualTo(byRegion.get(EU_WEST_1).intValue());
        assertThat(empty.findings()).map(Finding::resource).noneMatch(resource -> resource.region().equals(EU_WEST_1));
    }
}
