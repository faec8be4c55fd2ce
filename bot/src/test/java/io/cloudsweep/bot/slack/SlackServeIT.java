package io.cloudsweep.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --demo} with one Slack workspace, the packaged jar run as a process against a loopback Slack Web
 * API; requests signed exactly as Slack signs them, sent over HTTP.
 */
class SlackServeIT {

    private static final Path JAR = Path.of(System.getProperty("cloudsweep.jar", "target/cloudsweep.jar"));
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String CHANNEL = "C0OPS";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeSlack slack;
    private Process server;
    private URI events;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        Path log = dataDir.resolve("serve.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dfile.encoding=UTF-8",
                "-jar", JAR.toString(), "serve", "--demo", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("SLACK_SIGNING_SECRET", SECRET, "SLACK_BOT_TOKEN", "xoxb-test-token",
                "SLACK_API_URL", slack.apiUrl().toString(), "CLOUDSWEEP_ADMINS", "U0ANA,U0BO", "AWS_EC2_METADATA_DISABLED", "true"));
        slack.rateLimitNextPosts(1);
        server = builder.start();
        Pattern serving = Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+)");
        String port = eventually(() -> {
            Matcher matcher = serving.matcher(read(log));
            return matcher.find() ? matcher.group(1) : null;
        }, Duration.ofSeconds(60), () -> "the server did not start:\n" + read(log));
        events = URI.create("http://127.0.0.1:" + port + "/slack/events");
    }

    @AfterEach
    void stop() throws Exception {
        server.destroy();
        boolean stopped = server.waitFor(60, TimeUnit.SECONDS);
        String threads = "";
        if (!stopped) {
            Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(), String.valueOf(server.pid()))
                    .redirectErrorStream(true).start();
            threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            server.destroyForcibly();
        }
        assertThat(stopped).as("the server stops on SIGTERM; its threads:\n" + threads).isTrue();
        slack.close();
    }

    @Test
    void aSignedScanPostsProgressASummaryAndCardsAndAnApprovalCleansTheCardInPlace() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> ack = post(slashCommand("T0ACME", "U0ANA", "scan"), Instant.now(), SECRET);
        long ackMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ackMillis).as("acknowledged within Slack's 3 seconds").isLessThan(3000);
        eventually(() -> slack.calls("chat.postMessage", call -> call.field("thread_ts").length() > 0).size() >= 9 ? true : null,
                Duration.ofSeconds(60), () -> "cards in the thread: " + FakeSlack.methods(slack.calls()));

        FakeSlack.Call progress = slack.calls("chat.postMessage").get(0);
        assertThat(slack.calls()).extracting(FakeSlack.Call::method).contains("chat.postMessage (429)");
        assertThat(progress.field("channel")).isEqualTo(CHANNEL);
        assertThat(progress.field("text")).contains("Scan started by <@U0ANA>");
        List<FakeSlack.Call> edits = slack.calls("chat.update", call -> call.field("ts").equals(progress.ts()));
        assertThat(edits).extracting(call -> call.field("text")).anyMatch(text -> text.startsWith("Scanning: "))
                .last().asString().startsWith("25 findings, $948.49 a month");
        List<FakeSlack.Call> cards = slack.calls("chat.postMessage", call -> call.field("thread_ts").equals(progress.ts()));
        assertThat(cards).hasSize(9);
        assertThat(cards.get(8).field("text")).isEqualTo("17 more findings");
        assertThat(blocks(cards.get(8)).toString()).contains("\"action_id\":\"show-more\"");

        // This workspace is its own organization: its findings have their own ids, after the console's 25.
        FakeSlack.Call shared = eventually(() -> slack.calls("files.completeUploadExternal").stream().findFirst().orElse(null),
                Duration.ofSeconds(30), () -> "calls: " + FakeSlack.methods(slack.calls()));
        assertThat(shared.field("channel_id")).isEqualTo(CHANNEL);
        assertThat(shared.field("thread_ts")).isEqualTo(progress.ts());
        assertThat(slack.uploads()).singleElement().asString()
                .contains("finding,rule,resource_type,resource_id,account_id,region,monthly_cost_usd,risk,action,status,reason")
                .contains("ebs-unattached,ebs_volume,vol-0e41b7c2d9a3f0102,123456789012,us-east-1,387.50,medium,delete_volume,open");
        assertThat(slack.uploads().get(0).lines().filter(line -> line.startsWith("F-")).count()).isEqualTo(25);

        FakeSlack.Call volume = cards.stream().filter(call -> call.field("text").contains("vol-0e41b7c2d9a3f0101")).findFirst().orElseThrow();
        JsonNode buttons = actions(volume);
        assertThat(buttons).extracting(button -> button.get("action_id").asText())
                .containsExactly("approve", "snooze-7d", "snooze-30d", "snooze-90d", "reject");
        String approve = buttons.get(0).get("value").asText();
        assertThat(approve).matches("approve F-\\d+").isNotEqualTo("approve F-14");
        assertThat(buttons.get(0).has("confirm")).as("medium risk: no confirmation").isFalse();
        FakeSlack.Call database = cards.stream().filter(call -> call.field("text").contains("analytics-old")).findFirst().orElseThrow();
        assertThat(actions(database).get(0).get("confirm").get("text").get("text").asText()).contains("needs two admins");

        assertThat(post(click("T0ACME", "U0ANA", volume.ts(), "approve", approve), Instant.now(), SECRET).statusCode()).isEqualTo(200);
        List<String> states = eventually(() -> {
            List<String> texts = slack.calls("chat.update", call -> call.field("ts").equals(volume.ts())).stream()
                    .map(call -> call.field("text")).toList();
            return texts.stream().anyMatch(text -> text.contains("status: cleaned") || text.contains(": cleaned (C-1)")) ? texts : null;
        }, Duration.ofSeconds(30), () -> "updates: " + slack.calls("chat.update"));
        assertThat(String.join("\n", states)).containsPattern("cleaned \\(C-1\\) after approval by U0ANA; backup snap-[0-9a-f]+; saves \\$10.00/month");
        FakeSlack.Call cleaned = slack.calls("chat.update", call -> call.field("ts").equals(volume.ts()) && call.field("text").contains("cleaned (C-1)"))
                .get(0);
        assertThat(actions(cleaned)).extracting(button -> button.get("value").asText()).containsExactly("undo C-1");

        post(click("T0ACME", "U0ANA", volume.ts(), "undo", "undo C-1"), Instant.now(), SECRET);
        eventually(() -> slack.calls("chat.update", call -> call.field("ts").equals(volume.ts()) && call.field("text").contains("was undone"))
                .isEmpty() ? null : true, Duration.ofSeconds(30), () -> "updates: " + slack.calls("chat.update"));
        List<String> sequence = slack.calls("chat.update", call -> call.field("ts").equals(volume.ts())).stream()
                .map(call -> call.field("text")).toList();
        assertThat(sequence.get(0)).endsWith("approved by U0ANA; cleanup C-1 is queued");
        assertThat(String.join("\n", sequence)).containsSubsequence("approved by U0ANA", "cleaned (C-1)", "cleanup C-1 was undone: volume vol-");
        assertThat(sequence).as("each update shows a new state").doesNotHaveDuplicates();
    }

    @Test
    void approveAllLowRiskApprovesEachLowRiskFindingOfItsRuleAsTheClicker() throws Exception {
        post(slashCommand("T0ACME", "U0CY", "scan"), Instant.now(), SECRET);
        FakeSlack.Call summary = eventually(() -> slack.calls("chat.update", call -> call.field("blocks").contains("approve-low-eip-unassociated"))
                .stream().findFirst().orElse(null), Duration.ofSeconds(60), () -> "updates: " + slack.calls("chat.update"));
        JsonNode button = null;
        for (JsonNode element : actions(summary)) {
            if (element.get("action_id").asText().equals("approve-low-eip-unassociated")) {
                button = element;
            }
        }
        assertThat(button).isNotNull();
        assertThat(button.get("text").get("text").asText()).isEqualTo("Approve all 3 low-risk eip-unassociated");
        assertThat(button.get("confirm")).as("asks first").isNotNull();

        post(click("T0ACME", "U0CY", summary.field("ts"), "approve-low-eip-unassociated", button.get("value").asText()), Instant.now(), SECRET);

        FakeSlack.Call answer = eventually(() -> slack.calls("chat.postEphemeral", call -> call.field("text").startsWith("Approved"))
                .stream().findFirst().orElse(null), Duration.ofSeconds(30), () -> "calls: " + FakeSlack.methods(slack.calls()));
        assertThat(answer.field("user")).isEqualTo("U0CY");
        assertThat(answer.field("text")).startsWith("Approved 3 low-risk eip-unassociated findings:").contains("begun");
    }

    @Test
    void badStaleOrMissingSignaturesGet401AndNothingHappens() throws Exception {
        int before = slack.calls().size();

        assertThat(post(slashCommand("T0ACME", "U0ANA", "scan"), Instant.now(), "not-the-secret").statusCode()).isEqualTo(401);
        assertThat(post(slashCommand("T0ACME", "U0ANA", "scan"), Instant.now().minusSeconds(6 * 60), SECRET).statusCode()).isEqualTo(401);
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(events).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(slashCommand("T0ACME", "U0ANA", "scan"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);

        Thread.sleep(1500);
        assertThat(slack.calls().subList(before, slack.calls().size())).isEmpty();
    }

    @Test
    void helpIsPrivateAndAClickFromAnotherWorkspaceFindsNothingOfThisOne() throws Exception {
        HttpResponse<String> help = post(slashCommand("T0ACME", "U0ANA", "help"), Instant.now(), SECRET);
        assertThat(help.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(help.body());
        assertThat(answer.get("response_type").asText()).isEqualTo("ephemeral");
        assertThat(answer.get("text").asText()).contains("approve F-12 | snooze F-12 7d|30d|90d");

        post(click("T0OTHER", "U0EVE", "1764172800.000001", "approve", "approve F-1"), Instant.now(), SECRET);

        FakeSlack.Call refused = eventually(() -> slack.calls("chat.postEphemeral").stream().findFirst().orElse(null), Duration.ofSeconds(20),
                () -> "calls: " + FakeSlack.methods(slack.calls()));
        assertThat(refused.field("user")).isEqualTo("U0EVE");
        assertThat(refused.field("text")).isEqualTo("There is no finding F-1. `findings` lists the open ones.");
        assertThat(slack.calls("chat.update")).isEmpty();
    }

    @Test
    void appHomeShowsTheDashboardOnceEvenWhenSlackRedeliversTheEvent() throws Exception {
        String event = JSON.writeValueAsString(Map.of("token", "legacy", "team_id", "T0ACME", "api_app_id", "A0SWEEP", "type", "event_callback",
                "event_id", "Ev01", "event_time", Instant.now().getEpochSecond(),
                "event", Map.of("type", "app_home_opened", "user", "U0ANA", "channel", "D0HOME", "tab", "home",
                        "event_ts", Instant.now().getEpochSecond() + ".000100")));

        assertThat(post(event, Instant.now(), SECRET, "application/json", Map.of()).statusCode()).isEqualTo(200);
        assertThat(post(event, Instant.now(), SECRET, "application/json", Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"))
                .statusCode()).isEqualTo(200);
        assertThat(post(event, Instant.now(), "not-the-secret", "application/json", Map.of("X-Slack-Retry-Num", "2")).statusCode()).isEqualTo(401);

        FakeSlack.Call home = eventually(() -> slack.calls("views.publish").stream().findFirst().orElse(null), Duration.ofSeconds(20),
                () -> "calls: " + FakeSlack.methods(slack.calls()));
        Thread.sleep(1000);
        assertThat(slack.calls("views.publish")).hasSize(1);
        assertThat(home.field("user_id")).isEqualTo("U0ANA");
        JsonNode view = JSON.readTree(home.field("view"));
        assertThat(view.get("type").asText()).isEqualTo("home");
        assertThat(view.toString()).contains("Open waste", "Saved: *$0.00/month*", "123456789012");
    }

    private HttpResponse<String> post(String body, Instant at, String secret) throws Exception {
        return post(body, at, secret, "application/x-www-form-urlencoded", Map.of());
    }

    private HttpResponse<String> post(String body, Instant at, String secret, String contentType, Map<String, String> headers) throws Exception {
        String timestamp = String.valueOf(at.getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(events).header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", timestamp).header("X-Slack-Signature", signature);
        headers.forEach(request::header);
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String slashCommand(String team, String user, String text) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("token", "legacy");
        fields.put("team_id", team);
        fields.put("team_domain", "acme");
        fields.put("channel_id", CHANNEL);
        fields.put("channel_name", "ops");
        fields.put("user_id", user);
        fields.put("user_name", user.toLowerCase(java.util.Locale.ROOT));
        fields.put("command", "/sweep");
        fields.put("text", text);
        fields.put("response_url", "http://127.0.0.1:9/unused");
        fields.put("trigger_id", "1.2.3");
        fields.put("api_app_id", "A0SWEEP");
        return form(fields);
    }

    private static String click(String team, String user, String messageTs, String actionId, String value) throws Exception {
        Map<String, Object> payload = Map.of("type", "block_actions", "api_app_id", "A0SWEEP", "trigger_id", "1.2.3",
                "team", Map.of("id", team, "domain", "acme"), "user", Map.of("id", user, "team_id", team),
                "container", Map.of("type", "message", "message_ts", messageTs, "channel_id", CHANNEL, "is_ephemeral", false),
                "channel", Map.of("id", CHANNEL), "message", Map.of("ts", messageTs, "type", "message"),
                "response_url", "http://127.0.0.1:9/unused",
                "actions", List.of(Map.of("type", "button", "action_id", actionId, "block_id", "actions", "value", value,
                        "action_ts", String.valueOf(Instant.now().getEpochSecond()))));
        return "payload=" + URLEncoder.encode(JSON.writeValueAsString(payload), StandardCharsets.UTF_8);
    }

    private static String form(Map<String, String> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((key, value) -> pairs.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }

    private static JsonNode blocks(FakeSlack.Call call) throws Exception {
        return JSON.readTree(call.field("blocks"));
    }

    private static JsonNode actions(FakeSlack.Call call) throws Exception {
        for (JsonNode block : blocks(call)) {
            if (block.get("type").asText().equals("actions")) {
                return block.get("elements");
            }
        }
        throw new AssertionError("no actions block in " + call.field("blocks"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T> T eventually(Supplier<T> check, Duration within, Supplier<String> otherwise) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            T value = check.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(otherwise.get());
    }
}
