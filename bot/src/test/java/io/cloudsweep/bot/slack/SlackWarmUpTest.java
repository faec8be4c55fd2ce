package io.cloudsweep.bot.slack;

import io.cloudsweep.adapters.slack.SlackBot;
import io.cloudsweep.adapters.slack.SlackSettings;
import io.cloudsweep.bot.DemoSweeper;
import io.cloudsweep.bot.SlackSetup;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.SecretBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Slack route warmed before the server listens: its requests are verified, read and answered as Slack's are,
 * and leave nothing behind (no delivery claimed, no organization made, nothing posted), with one workspace or many.
 */
class SlackWarmUpTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    private static DemoSweeper demo;
    private static FakeSlack slack;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoSweeper.start("cloudsweep-warm-up");
        slack = new FakeSlack();
    }

    @AfterAll
    static void stop() {
        slack.close();
        demo.close();
    }

    @Test
    void oneWorkspaceWarmsTheHelpAndClickPathsAndLeavesNothingBehind() throws Exception {
        warmsAndLeavesNothing(new SlackSettings.One("xoxb-test-token"));
    }

    @Test
    void manyWorkspacesWarmUpToTheInstallLookupAndLeaveNothingBehind() throws Exception {
        warmsAndLeavesNothing(new SlackSettings.Many("1234.5678", "client-secret"));
    }

    private void warmsAndLeavesNothing(SlackSettings.Workspaces workspaces) throws Exception {
        Database database = demo.database();
        try (SlackBot bot = SlackSetup.start(new SlackSettings(SECRET, workspaces, slack.apiUrl().toString(), Duration.ZERO), demo.sweeper(),
                database, SecretBox.fromBase64(SecretBox.newKey()), (organization, user, platformAdmin) -> Role.ADMIN, Clock.systemUTC())) {
            int callsBefore = slack.calls().size();
            long organizationsBefore = count(database, "organizations");

            int requests = bot.warmUp("/slack/events", Duration.ofMillis(200));

            assertThat(requests).isGreaterThanOrEqualTo(2);
            assertThat(bot.runtime().awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(slack.calls().subList(callsBefore, slack.calls().size())).extracting(FakeSlack.Call::method)
                    .as("at most Bolt's own check of the bot token").allMatch("auth.test"::equals);
            assertThat(count(database, "chat_deliveries")).isZero();
            assertThat(count(database, "organizations")).isEqualTo(organizationsBefore);
        }
    }

    private static long count(Database database, String table) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }
}
