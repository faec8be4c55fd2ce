package io.cloudsweep.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudsweep.bot.server.ServedJar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cloudsweep.bot.server.ServedJar.eventually;
import static io.cloudsweep.bot.slack.SlackWire.JSON;
import static io.cloudsweep.bot.slack.SlackWire.actions;
import static io.cloudsweep.bot.slack.SlackWire.click;
import static io.cloudsweep.bot.slack.SlackWire.slashCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API of the packaged jar running {@code serve --demo} with a Slack workspace on a loopback Slack Web API:
 * keys made by an admin in Slack, the API's answers to no key, a revoked key, a viewer's and a member's; an approval
 * through the API shown on the card in Slack, and a high-risk one approved first through the API, then by a second
 * admin's click in Slack; a scan started through the API and followed; the idempotency key; bad bodies; the 429.
 */
class SlackApiServeIT {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final Pattern KEY = Pattern.compile("shown this once: `(csk_[^`]+)`");

    @TempDir
    Path dataDir;

    private FakeSlack slack;
    private ServedJar server;
    private SlackWire wire;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        server = ServedJar.start(dataDir, Map.of("SLACK_SIGNING_SECRET", SECRET, "SLACK_BOT_TOKEN", "xoxb-test-token",
                "SLACK_API_URL", slack.apiUrl().toString(), "CLOUDSWEEP_ADMINS", "U0ANA,U0BO"));
        wire = new SlackWire(server.uri("/slack/events"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        slack.close();
    }

    @Test
    void keysMadeInSlackReadApproveAndScanThroughTheApiAndTheCardsInSlackFollow() throws Exception {
        String member = key("apikey create ci member");
        String admin = key("apikey create ops admin");
        String viewer = key("apikey create jira");
        String revoked = key("apikey create old");
        slashed("U0ANA", "apikey revoke old");
        eventually(() -> slack.calls("chat.postEphemeral", call -> call.field("text").contains("revoked")).isEmpty() ? null : true,
                Duration.ofSeconds(20), () -> "calls: " + FakeSlack.methods(slack.calls()));

        HttpResponse<String> none = get("/api/v1/findings", null);
        HttpResponse<String> gone = get("/api/v1/findings", revoked);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"cloudsweep\"");
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(gone.statusCode()).isEqualTo(401);

        // a scan typed in Slack (its CSV comes last), then one rule's findings listed, their cards in the listing's thread
        slashed("U0ANA", "scan");
        eventually(() -> slack.calls("files.completeUploadExternal").isEmpty() ? null : true, Duration.ofSeconds(60),
                () -> "calls: " + FakeSlack.methods(slack.calls()));
        slashed("U0ANA", "findings ebs-snapshot-old");
        FakeSlack.Call card = eventually(() -> slack.calls("chat.postMessage", call -> call.field("text").contains("snap-")
                && call.field("thread_ts").length() > 0).stream().findFirst().orElse(null), Duration.ofSeconds(60),
                () -> "calls: " + FakeSlack.methods(slack.calls()));
        String lowRisk = actions(card).get(0).get("value").asText().substring("approve ".length());
        JsonNode listed = JSON.readTree(get("/api/v1/findings?status=open&limit=200", viewer).body());
        assertThat(listed.get("findings")).extracting(finding -> finding.get("id").asText()).contains(lowRisk);
        assertThat(JSON.readTree(get("/api/v1/findings/" + lowRisk, viewer).body()).get("risk").asText()).isEqualTo("low");

        assertThat(post("/api/v1/findings/" + lowRisk + "/approve", viewer, "", null).statusCode()).isEqualTo(403);
        HttpResponse<String> approved = post("/api/v1/findings/" + lowRisk + "/approve", member, "", null);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        eventually(() -> slack.calls("chat.update", call -> call.field("ts").equals(card.ts()) && call.field("text").contains("cleaned ("))
                .isEmpty() ? null : true, Duration.ofSeconds(60), () -> "updates of the card: " + slack.calls("chat.update"));

        // high risk: an admin's key, then a second admin's click in Slack
        slashed("U0ANA", "findings rds-idle");
        FakeSlack.Call database = eventually(() -> slack.calls("chat.postMessage", call -> call.field("text").contains("analytics-old")
                && call.field("thread_ts").length() > 0).stream().findFirst().orElse(null), Duration.ofSeconds(60),
                () -> "calls: " + FakeSlack.methods(slack.calls()));
        String approve = actions(database).get(0).get("value").asText();
        String highRisk = approve.substring("approve ".length());
        HttpResponse<String> first = post("/api/v1/findings/" + highRisk + "/approve", admin, "", null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(JSON.readTree(first.body()).get("result").asText()).isEqualTo("awaiting_second_admin");
        eventually(() -> slack.calls("chat.update", call -> call.field("ts").equals(database.ts()) && call.field("text").contains("awaiting"))
                .isEmpty() ? null : true, Duration.ofSeconds(30), () -> "updates of the card: " + slack.calls("chat.update"));
        assertThat(wire.post(click("T0ACME", "U0BO", database.ts(), "approve", approve), Instant.now(), SECRET).statusCode()).isEqualTo(200);
        eventually(() -> slack.calls("chat.update", call -> call.field("ts").equals(database.ts()) && call.field("text").contains("cleaned ("))
                .isEmpty() ? null : true, Duration.ofSeconds(60), () -> "updates of the card: " + slack.calls("chat.update"));
        JsonNode decided = JSON.readTree(get("/api/v1/findings/" + highRisk, viewer).body());
        assertThat(decided.get("decisions")).extracting(decision -> decision.get("by").asText()).contains("U0ANA", "U0BO");
        JsonNode steps = JSON.readTree(get("/api/v1/cleanups/" + decided.get("cleanup").get("id").asText(), viewer).body());
        assertThat(steps.get("steps")).extracting(step -> step.get("state").asText()).contains("approved", "backing_up", "done");

        // a scan started through the API, followed to its result
        HttpResponse<String> scan = post("/api/v1/scans", member, "{\"regions\": [\"eu-west-1\"]}", "deploy-4711");
        HttpResponse<String> retried = post("/api/v1/scans", member, "{\"regions\": [\"eu-west-1\"]}", "deploy-4711");
        assertThat(scan.statusCode()).as(scan.body()).isEqualTo(202);
        assertThat(retried.body()).as("the first answer again, not a second scan").isEqualTo(scan.body());
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        String url = scan.headers().firstValue("Location").orElseThrow();
        JsonNode ended = eventually(() -> {
            JsonNode now = json(get(url, viewer));
            return List.of("completed", "failed").contains(now.get("status").asText()) ? now : null;
        }, Duration.ofSeconds(60), () -> "the scan did not end: " + server.log());
        assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("completed");
        assertThat(ended.get("result").get("findings").asInt()).isPositive();

        // bodies too big or not JSON, and a key over its limit
        assertThat(post("/api/v1/findings/" + highRisk + "/snooze", member, "{\"days\": \"" + "7".repeat(5000) + "\"}", null).statusCode())
                .isEqualTo(400);
        HttpResponse<String> malformed = post("/api/v1/findings/" + highRisk + "/snooze", member, "{\"days\": ", null);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).get("detail").asText()).contains("not JSON");
        HttpResponse<String> over = null;
        for (int i = 0; i < 40 && over == null; i++) {
            HttpResponse<String> response = get("/api/v1/savings", viewer);
            over = response.statusCode() == 429 ? response : null;
        }
        assertThat(over).as("a burst of 20 per key").isNotNull();
        assertThat(over.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
    }

    /** Makes a key by typing {@code command} in Slack as an admin; the key comes back to them alone. */
    private String key(String command) throws Exception {
        int before = slack.calls("chat.postEphemeral").size();
        slashed("U0ANA", command);
        String text = eventually(() -> {
            List<FakeSlack.Call> ephemeral = slack.calls("chat.postEphemeral");
            return ephemeral.size() > before ? ephemeral.get(before).field("text") : null;
        }, Duration.ofSeconds(20), () -> "calls: " + FakeSlack.methods(slack.calls()));
        Matcher matcher = KEY.matcher(text);
        assertThat(matcher.find()).as(text).isTrue();
        return matcher.group(1);
    }

    private void slashed(String user, String text) throws Exception {
        assertThat(wire.post(slashCommand("T0ACME", user, text), Instant.now(), SECRET).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request);
    }

    private HttpResponse<String> post(String path, String key, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }
}
