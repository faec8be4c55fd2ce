package io.cloudsweep.bot.slack;

import com.zaxxer.hikari.HikariDataSource;
import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.adapters.aws.fake.Hold;
import io.cloudsweep.bot.server.ServedJar;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.PostgresAuditLog;
import io.cloudsweep.storage.SecretBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cloudsweep.bot.server.ServedJar.eventually;
import static io.cloudsweep.bot.slack.SlackWire.actions;
import static io.cloudsweep.bot.slack.SlackWire.click;
import static io.cloudsweep.bot.slack.SlackWire.slashCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged server killed with SIGKILL at each step of a cleanup (the loopback AWS holds the call of that step until
 * the process is dead), then started again, or left to the other replica on the same PostgreSQL: AWS makes one snapshot
 * and one deletion, the audit has each step once in a chain that verifies, and the card ends "cleaned".
 */
class CleanupCrashIT {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String ROLE = "arn:aws:iam::" + DemoCloud.ACCOUNT.id() + ":role/CloudSweep";
    private static final String VOLUME = "vol-0e41b7c2d9a3f0101";
    private static final Duration TAKEOVER = Duration.ofSeconds(90);

    /** Where the server dies: the AWS call held, whether AWS acted on it first, and what armed the hold. */
    enum CrashPoint {
        BACKUP_REQUESTED("ec2:CreateSnapshot", false, null, "backing_up"),
        BACKUP_DONE("ec2:CreateSnapshot", true, null, "backing_up"),
        DELETE_SENT("ec2:DeleteVolume", false, null, "executing"),
        DELETE_CONFIRMED("ec2:DeleteVolume", true, null, "executing"),
        VERIFY("ec2:DescribeVolumes", false, "ec2:DeleteVolume", "verifying");

        final String action;
        final boolean applied;
        final String armedBy;
        final String stateAtCrash;

        CrashPoint(String action, boolean applied, String armedBy, String stateAtCrash) {
            this.action = action;
            this.applied = applied;
            this.armedBy = armedBy;
            this.stateAtCrash = stateAtCrash;
        }
    }

    private static Path postgresDir;
    private static Database database;
    private static Map<String, String> environment;

    @TempDir
    Path dir;
    private FakeSlack slack;
    private FakeAws aws;
    private final List<ServedJar> servers = new java.util.ArrayList<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgresDir = Files.createTempDirectory("cloudsweep-crash-pg");
        database = Database.open(DatabaseSettings.embedded(postgresDir));
        String url = ((HikariDataSource) database.dataSource()).getJdbcUrl();
        environment = Map.of("CLOUDSWEEP_DB_URL", url, "CLOUDSWEEP_DB_USER", "postgres", "CLOUDSWEEP_SECRET_KEY", SecretBox.newKey());
    }

    @AfterAll
    static void stopPostgres() {
        database.close();
    }

    @BeforeEach
    void start() throws Exception {
        database.jdbi().useHandle(handle -> handle.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public"));
        slack = new FakeSlack();
        aws = FakeAws.start(DemoCloud.at(Instant.now()), DemoCloud.ACCOUNT, Instant.now());
    }

    @AfterEach
    void stop() throws Exception {
        for (ServedJar server : servers) {
            server.close();
        }
        aws.close();
        slack.close();
    }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    void killedAndStartedAgainTheServerFinishesTheCleanupOnce(CrashPoint point) throws Exception {
        ServedJar first = replica("a");
        String card = approveAndKill(first, point);
        ServedJar again = replica("a");
        awaitCleaned(card, again);
        assertOneCleanup(point);
    }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    void killedWhileAnotherReplicaRunsTheOtherFinishesTheCleanupOnce(CrashPoint point) throws Exception {
        ServedJar first = replica("a");
        ServedJar other = replica("b");
        String card = approveAndKill(first, point);
        awaitCleaned(card, other);
        assertOneCleanup(point);
    }

    private ServedJar replica(String name) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.putAll(Map.of("SLACK_SIGNING_SECRET", SECRET, "SLACK_BOT_TOKEN", "xoxb-test-token", "SLACK_API_URL", slack.apiUrl().toString(),
                "CLOUDSWEEP_ADMINS", "U0ANA", "AWS_ENDPOINT_URL", aws.endpoint().toString(), "AWS_ACCESS_KEY_ID", "AKIAFAKECRASH",
                "AWS_SECRET_ACCESS_KEY", "fake-secret", "AWS_REGION", "us-east-1"));
        Path home = Files.createDirectories(dir.resolve(name));
        ServedJar server = ServedJar.start(home, env, false);
        servers.add(server);
        return server;
    }

    /** Connects the account, turns cleanups on, approves the volume and kills {@code server} at {@code point}; the card's ts. */
    private String approveAndKill(ServedJar server, CrashPoint point) throws Exception {
        SlackWire wire = new SlackWire(server.uri("/slack/events"));
        wire.post(slashCommand("T0ACME", "U0ANA", "connect"), Instant.now(), SECRET);
        Matcher externalId = Pattern.compile("ExternalId: (cs-[0-9a-f]{32})").matcher(posted("ExternalId: cs-", server).field("text"));
        assertThat(externalId.find()).isTrue();
        aws.requireExternalId(ROLE, externalId.group(1));
        wire.post(slashCommand("T0ACME", "U0ANA", "connect " + ROLE), Instant.now(), SECRET);
        FakeSlack.Call volume = posted(VOLUME, server);
        wire.post(slashCommand("T0ACME", "U0ANA", "policy set cleanup on " + DemoCloud.ACCOUNT.id()), Instant.now(), SECRET);
        posted("are now on", server);

        Hold hold = aws.hold(point.action, point.applied, point.armedBy);
        wire.post(click("T0ACME", "U0ANA", volume.ts(), "approve", actions(volume).get(0).get("value").asText()), Instant.now(), SECRET);
        assertThat(hold.awaitReached(Duration.ofSeconds(60))).as(point + " reached; log:\n" + server.log()).isTrue();
        assertThat(state()).isEqualTo(point.stateAtCrash);
        server.kill();
        hold.release();
        return volume.ts();
    }

    private void awaitCleaned(String card, ServedJar survivor) throws InterruptedException {
        eventually(() -> slack.calls("chat.update", call -> call.field("ts").equals(card) && call.field("text").contains("cleaned (C-1)"))
                .isEmpty() ? null : true, TAKEOVER, () -> "cleanup C-1 is " + state() + "; updates: " + slack.calls("chat.update")
                + "\nlog: " + survivor.log());
    }

    private void assertOneCleanup(CrashPoint point) {
        assertThat(state()).isEqualTo("done");
        assertThat(aws.succeeded("ec2:CreateSnapshot")).as("snapshots AWS made").isEqualTo(1);
        assertThat(aws.succeeded("ec2:DeleteVolume")).as("deletions AWS made").isEqualTo(1);
        assertThat(aws.live(Region.of("us-east-1"))).noneMatch(resource -> resource.ref().id().equals(VOLUME))
                .filteredOn(resource -> resource.ref().type() == ResourceType.EBS_SNAPSHOT && resource.tags().get("cloudsweep:backup-of").isPresent())
                .hasSize(1);
        List<String> audited = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT action FROM audit_log WHERE subject = 'cleanup/1' ORDER BY id").mapTo(String.class).list());
        assertThat(audited).as("after a crash at " + point)
                .containsExactly("cleanup.validating", "cleanup.backing_up", "cleanup.executing", "cleanup.verifying", "cleanup.done");
        assertThat(new PostgresAuditLog(database).verify()).as("the audit chain").isEmpty();
    }

    private String state() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT state FROM cleanups WHERE id = 1").mapTo(String.class)
                .findOne().orElse("(none)"));
    }

    private FakeSlack.Call posted(String containing, ServedJar server) throws InterruptedException {
        return eventually(() -> slack.calls("chat.postMessage", call -> call.field("text").contains(containing)).stream().findFirst()
                .orElse(null), Duration.ofSeconds(60), () -> "no post with '" + containing + "': " + slack.calls("chat.postMessage")
                + "\nlog: " + server.log());
    }
}
