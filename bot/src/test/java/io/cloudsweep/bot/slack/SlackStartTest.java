package io.cloudsweep.bot.slack;

import io.cloudsweep.bot.cli.Cli;
import io.cloudsweep.bot.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `serve` with Slack tells a Slack it cannot reach from a token Slack refuses, at start, and keeps the token out of both. */
class SlackStartTest {

    @TempDir
    Path dataDir;

    private record Run(int code, String err) {
    }

    private Run serve(Map<String, String> environment) {
        StringWriter err = new StringWriter();
        int code = Cli.create(Clock.systemUTC(), environment, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
                .execute("serve", "--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir.toString());
        return new Run(code, err.toString());
    }

    @Test
    void anUnreachableSlackIsNotCalledABadToken() {
        Run run = serve(Map.of("SLACK_SIGNING_SECRET", "s3cr3t-signing", "SLACK_BOT_TOKEN", "xoxb-111-222-secretvalue",
                "SLACK_API_URL", "http://127.0.0.1:9/api/"));

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).startsWith("cloudsweep: cannot start: cannot reach Slack at http://127.0.0.1:9/api/")
                .doesNotContain("invalid", "xoxb-111-222-secretvalue");
    }

    @Test
    void aTokenSlackRefusesIsSaidSo() throws Exception {
        try (FakeSlack slack = new FakeSlack()) {
            Run run = serve(Map.of("SLACK_SIGNING_SECRET", "s3cr3t-signing", "SLACK_BOT_TOKEN", "xoxb-111-222-notknown",
                    "SLACK_API_URL", slack.apiUrl().toString()));

            assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.err()).contains("Slack refused SLACK_BOT_TOKEN (invalid_auth)").doesNotContain("xoxb-111-222-notknown");
        }
    }
}
