package io.cloudsweep.bot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slack's variables make one workspace or OAuth installs, Teams' the bot's identity in its tenant; otherwise serve says
 * what is missing and stops before starting anything.
 */
class ServeChatSettingsTest {

    @TempDir
    Path dataDir;

    static Stream<Arguments> incompleteOrMixed() {
        return Stream.of(
                Arguments.of(Map.of("SLACK_BOT_TOKEN", "xoxb-1"), "Slack needs SLACK_SIGNING_SECRET"),
                Arguments.of(Map.of("SLACK_SIGNING_SECRET", "s"), "Slack needs, besides SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN for one workspace"),
                Arguments.of(Map.of("SLACK_SIGNING_SECRET", "s", "SLACK_CLIENT_ID", "1.2"),
                        "need both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET; only SLACK_CLIENT_ID is set"),
                Arguments.of(Map.of("SLACK_SIGNING_SECRET", "s", "SLACK_BOT_TOKEN", "xoxb-1", "SLACK_CLIENT_ID", "1.2", "SLACK_CLIENT_SECRET", "c"),
                        "not both"),
                Arguments.of(Map.of("SLACK_SIGNING_SECRET", " ", "SLACK_BOT_TOKEN", "xoxb-1"), "Slack needs SLACK_SIGNING_SECRET"),
                Arguments.of(Map.of("MICROSOFT_APP_ID", "00000000-1111-2222-3333-444444444444"),
                        "Teams needs, with MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID"),
                Arguments.of(Map.of("MICROSOFT_APP_ID", "00000000-1111-2222-3333-444444444444", "MICROSOFT_APP_PASSWORD", "xoxb-1"),
                        "Teams needs, with MICROSOFT_APP_ID, MICROSOFT_APP_TENANT_ID"));
    }

    @ParameterizedTest
    @MethodSource("incompleteOrMixed")
    void incompleteOrMixedSlackSettingsAreAUsageError(Map<String, String> environment, String message) {
        CliRun run = CliRun.withEnvironment(environment, "serve", "--demo", "--port", "0", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("cloudsweep: ").contains(message).doesNotContain("xoxb-1");
    }

    @Test
    void aBusyPortIsSaidAtOnceNamingItBeforeAnythingStarts() throws java.io.IOException {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("serve", "--demo", "--host", "127.0.0.1", "--port", String.valueOf(busy.getLocalPort()),
                    "--data-dir", dataDir.toString());

            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.err()).startsWith("cloudsweep: cannot start: port " + busy.getLocalPort() + " on 127.0.0.1 is in use")
                    .doesNotContain("demo scan");
            assertThat(dataDir.resolve("postgres")).as("no database started").doesNotExist();
        }
    }
}
