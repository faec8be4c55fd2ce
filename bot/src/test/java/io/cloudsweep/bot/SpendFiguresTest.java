package io.cloudsweep.bot;

import io.cloudsweep.adapters.aws.AwsOptions;
import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.report.SpendReader;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.engine.testing.MovingClock;
import io.cloudsweep.storage.AwsAccounts;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.PostgresPriceCache;
import io.cloudsweep.storage.SpendCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** AWS's spend figures are read from Cost Explorer at most once a week an account (each call is billed), a refusal too. */
class SpendFiguresTest {

    private static final Instant NOW = Instant.parse("2026-12-04T09:00:00Z");
    private static final LocalDate FIRST_CLEANUP = LocalDate.of(2026, 11, 20);

    @TempDir
    Path dataDir;
    private final MovingClock clock = new MovingClock(NOW);
    private FakeAws fake;
    private Database database;
    private Clouds clouds;
    private SpendReader figures;
    private Organization acme;

    @BeforeEach
    void start() throws IOException {
        fake = FakeAws.start(DemoCloud.at(NOW), DemoCloud.ACCOUNT, NOW).dailyCost("EC2 - Other", LocalDate.of(2026, 1, 1), "3.00");
        database = Database.open(DatabaseSettings.embedded(dataDir));
        database.migrate();
        acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T0ACME", "Acme");
        AwsAccounts accounts = new AwsAccounts(database, clock);
        accounts.connect(acme.id(), DemoCloud.ACCOUNT.id(), "prod", Optional.empty(), Optional.empty(), true);
        clouds = new Clouds(AwsOptions.defaults().withEndpoint(fake.endpoint())
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKESPEND", "secret"))),
                Optional.empty(), accounts, new PostgresPriceCache(database), clock);
        figures = clouds.spendFigures(new SpendCache(database));
    }

    @AfterEach
    void stop() {
        clouds.close();
        database.close();
        fake.close();
    }

    private SpendReader.Answer read(LocalDate first) {
        return figures.spend(acme.id(), DemoCloud.ACCOUNT.id(), Set.of(ResourceType.EBS_VOLUME), first);
    }

    @Test
    void figuresAreReadOnceAWeekAndAgainWhenTheFirstCleanupChanges() {
        SpendReader.Answer first = read(FIRST_CLEANUP);
        SpendReader.Answer again = read(FIRST_CLEANUP);

        assertThat(first).isInstanceOfSatisfying(SpendReader.Answer.Read.class, read -> {
            assertThat(read.spend().before().amount()).isEqualTo(Money.usd("90.00"));
            assertThat(read.spend().since().amount()).as("14 days since the 20th").isEqualTo(Money.usd("42.00"));
        });
        assertThat(again).as("kept").isEqualTo(first);
        assertThat(fake.calls("ce:GetCostAndUsage")).isEqualTo(2);

        clock.advance(Duration.ofDays(6));
        read(FIRST_CLEANUP);
        assertThat(fake.calls("ce:GetCostAndUsage")).as("within the week").isEqualTo(2);
        clock.advance(Duration.ofDays(2));
        read(FIRST_CLEANUP);
        assertThat(fake.calls("ce:GetCostAndUsage")).as("a week on").isEqualTo(4);
        read(FIRST_CLEANUP.minusDays(3));
        assertThat(fake.calls("ce:GetCostAndUsage")).as("an earlier first cleanup").isEqualTo(6);
    }

    @Test
    void anAccountThatRefusesCostExplorerIsNotAskedAgainForAWeek() {
        fake.deny("ce:GetCostAndUsage");

        SpendReader.Answer refused = read(FIRST_CLEANUP);
        read(FIRST_CLEANUP);

        assertThat(refused).isInstanceOfSatisfying(SpendReader.Answer.Unavailable.class, none ->
                assertThat(none.why()).startsWith("access denied to ce:GetCostAndUsage"));
        assertThat(fake.calls("ce:GetCostAndUsage")).isEqualTo(1);
    }
}
