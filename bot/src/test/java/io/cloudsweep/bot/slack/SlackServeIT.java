package io.cloudsweep.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudsweep.bot.server.ServedJar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.cloudsweep.bot.server.ServedJar.eventually;
import static io.cloudsweep.bot.slack.SlackWire.CHANNEL;
import static io.cloudsweep.bot.slack.SlackWire.JSON;
import static io.cloudsweep.bot.slack.SlackWire.actions;
import static io.cloudsweep.bot.slack.SlackWire.blocks;
import static io.cloudsweep.bot.slack.SlackWire.click;
import static io.cloudsweep.bot.slack.SlackWire.event;
import static io.cloudsweep.bot.slack.SlackWire.slashCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --demo} with one Slack workspace, the packaged jar run as a process against a loopback Slack Web
 * API; requests signed exactly as Slack signs them, sent over HTTP.
 */
class SlackServeIT {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    @TempDir
    Path dataDir;

    private FakeSlack slack;
    private ServedJar server;
    private SlackWire wire;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        slack.rateLimitNextPosts(1);
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
    void aSignedScanPostsProgressASummaryAndCardsAndAnApprovalCleansTheCardInPlace() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> ack = wire.post(slashCommand("T0ACME", "U0ANA", "scan"), Instant.now(), SECRET);
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
        assertThat(edits).extracting(call -> call.field("text")).anyMatch(text -> text.startsWith("Scanning: "));
        int found = findingsIn(edits.get(edits.size() - 1));
        List<FakeSlack.Call> cards = slack.calls("chat.postMessage", call -> call.field("thread_ts").equals(progress.ts()));
        assertThat(cards).hasSize(9);
        assertThat(cards.get(8).field("text")).isEqualTo((found - 8) + " more findings");
        assertThat(blocks(cards.get(8)).toString()).contains("\"action_id\":\"show-more\"");

        // This workspace is its own organization: its findings have their own ids, after the console's.
        FakeSlack.Call shared = eventually(() -> slack.calls("files.completeUploadExternal").stream().findFirst().orElse(null),
                Duration.ofSeconds(30), () -> "calls: " + FakeSlack.methods(slack.calls()));
        assertThat(shared.field("channel_id")).isEqualTo(CHANNEL);
        assertThat(shared.field("thread_ts")).isEqualTo(progress.ts());
        assertThat(slack.uploads()).singleElement().asString()
                .contains("finding,rule,resource_type,resource_id,account_id,region,monthly_cost_usd,risk,action,status,reason")
                .contains("ebs-unattached,ebs_volume,vol-0e41b7c2d9a3f0102,123456789012,us-east-1,387.50,medium,delete_volume,open");
        assertThat(slack.uploads().get(0).lines().filter(line -> line.startsWith("F-")).count()).isEqualTo(found);

        FakeSlack.Call volume = cards.stream().filter(call -> call.field("text").contains("vol-0e41b7c2d9a3f0101")).findFirst().orElseThrow();
        JsonNode buttons = actions(volume);
        assertThat(buttons).extracting(button -> button.get("action_id").asText())
                .containsExactly("approve", "snooze-7d", "snooze-30d", "snooze-90d", "reject");
        String approve = buttons.get(0).get("value").asText();
        assertThat(approve).matches("approve F-\\d+").isNotEqualTo("approve F-14");
        assertThat(buttons.get(0).has("confirm")).as("medium risk: no confirmation").isFalse();
        FakeSlack.Call database = cards.stream().filter(call -> call.field("text").contains("analytics-old")).findFirst().orElseThrow();
        assertThat(actions(database).get(0).get("confirm").get("text").get("text").asText()).contains("needs two admins");

        assertThat(wire.post(click("T0ACME", "U0ANA", volume.ts(), "approve", approve), Instant.now(), SECRET).statusCode()).isEqualTo(200);
        List<String> states = eventually(() -> {
            List<String> texts = slack.calls("chat.update", call -> call.field("ts").equals(volume.ts())).stream()
                    .map(call -> call.field("text")).toList();
            return texts.stream().anyMatch(text -> text.contains("status: cleaned") || text.contains(": cleaned (C-1)")) ? texts : null;
        }, Duration.ofSeconds(30), () -> "updates: " + slack.calls("chat.update"));
        assertThat(String.join("\n", states)).containsPattern("cleaned \\(C-1\\) after approval by U0ANA; backup snap-[0-9a-f]+; saves \\$10.00/month");
        FakeSlack.Call cleaned = slack.calls("chat.update", call -> call.field("ts").equals(volume.ts()) && call.field("text").contains("cleaned (C-1)"))
                .get(0);
        assertThat(actions(cleaned)).extracting(button -> button.get("value").asText()).containsExactly("undo C-1");

        wire.post(click("T0ACME", "U0ANA", volume.ts(), "undo", "undo C-1"), Instant.now(), SECRET);
        eventually(() -> slack.calls("chat.update", call -> call.field("ts").equals(volume.ts()) && call.field("text").contains("was undone"))
                .isEmpty() ? null : true, Duration.ofSeconds(30), () -> "updates: " + slack.calls("chat.update"));
        List<String> sequence = slack.calls("chat.update", call -> call.field("ts").equals(volume.ts())).stream()
                .map(call -> call.field("text")).toList();
        assertThat(sequence.get(0)).endsWith("approved by U0ANA; cleanup C-1 is queued");
        assertThat(String.join("\n", sequence)).containsSubsequence("approved by U0ANA", "cleaned (C-1)", "cleanup C-1 was undone: volume vol-");
        assertThat(sequence).as("each update shows a new state").doesNotHaveDuplicates();
    }

    @Test
    void rejectingThroughTheDialogRejectsWithItsReasonTheNextScanLeavesItOutAndApproveAllLowRiskApprovesEach() throws Exception {
        wire.post(slashCommand("T0ACME", "U0CY", "scan"), Instant.now(), SECRET);
        FakeSlack.Call volume = eventually(() -> slack.calls("chat.postMessage", call -> call.field("text").contains("vol-0e41b7c2d9a3f0101"))
                .stream().findFirst().orElse(null), Duration.ofSeconds(60), () -> "calls: " + FakeSlack.methods(slack.calls()));
        FakeSlack.Call first = eventually(() -> slack.calls("chat.update", call -> call.field("text").contains(" seen again")).stream()
                .findFirst().orElse(null), Duration.ofSeconds(60), () -> "updates: " + slack.calls("chat.update"));
        int found = findingsIn(first);
        JsonNode reject = null;
        for (JsonNode button : actions(volume)) {
            if (button.get("action_id").asText().equals("reject")) {
                reject = button;
            }
        }
        assertThat(reject).isNotNull();

        String rejecting = click("T0ACME", "U0CY", volume.ts(), "reject", reject.get("value").asText());
        wire.post(rejecting, Instant.now(), SECRET);
        FakeSlack.Call opened = eventually(() -> slack.calls("views.open").stream().findFirst().orElse(null), Duration.ofSeconds(20),
                () -> "calls: " + FakeSlack.methods(slack.calls()));
        assertThat(opened.field("trigger_id")).as("the click's").isEqualTo(SlackWire.triggerIdOf(rejecting));
        JsonNode dialog = JSON.readTree(opened.field("view"));
        assertThat(dialog.get("title").get("text").asText()).startsWith("Reject F-");
        assertThat(slack.calls("chat.update", call -> call.field("ts").equals(volume.ts()))).as("nothing rejected before the dialog's answer").isEmpty();

        String input = dialog.get("blocks").get(1).get("block_id").asText();
        String field = dialog.get("blocks").get(1).get("element").get("action_id").asText();
        assertThat(wire.post(SlackWire.viewSubmission("T0ACME", "U0CY", dialog, input, field, "kept for the  quarterly audit"), Instant.now(), SECRET)
                .statusCode()).isEqualTo(200);

        FakeSlack.Call rejected = eventually(() -> slack.calls("chat.update", call -> call.field("ts").equals(volume.ts())).stream()
                .findFirst().orElse(null), Duration.ofSeconds(20), () -> "calls: " + FakeSlack.methods(slack.calls()));
        assertThat(rejected.field("text")).endsWith("rejected by U0CY: kept for the quarterly audit");
        assertThat(rejected.field("blocks")).as("a rejected card has no buttons").doesNotContain("\"action_id\"");

        // The next scan counts what is waste now: the rejected volume ($10.00 a month) is left out, as `findings` leaves it out.
        BigDecimal monthly = monthlyIn(first);
        wire.post(slashCommand("T0ACME", "U0CY", "scan"), Instant.now(), SECRET);
        FakeSlack.Call summary = eventually(() -> slack.calls("chat.update", call -> call.field("text").contains("1 excluded")).stream()
                .findFirst().orElse(null), Duration.ofSeconds(60), () -> "updates: " + slack.calls("chat.update"));
        assertThat(findingsIn(summary)).isEqualTo(found - 1);
        assertThat(monthlyIn(summary)).isEqualByComparingTo(monthly.subtract(new BigDecimal("10.00")));
        assertThat(summary.field("text")).contains("0 new, " + (found - 1) + " seen again, 0 resolved, 1 excluded");

        JsonNode button = null;
        for (JsonNode element : actions(summary)) {
            if (element.get("action_id").asText().equals("approve-low-eip-unassociated")) {
                button = element;
            }
        }
        assertThat(button).isNotNull();
        assertThat(button.get("text").get("text").asText()).isEqualTo("Approve all 3 low-risk eip-unassociated");
        assertThat(button.get("confirm")).as("asks first").isNotNull();
        wire.post(click("T0ACME", "U0CY", summary.field("ts"), "approve-low-eip-unassociated", button.get("value").asText()), Instant.now(), SECRET);
        FakeSlack.Call answer = eventually(() -> slack.calls("chat.postEphemeral", call -> call.field("text").startsWith("Approved"))
                .stream().findFirst().orElse(null), Duration.ofSeconds(30), () -> "calls: " + FakeSlack.methods(slack.calls()));
        assertThat(answer.field("user")).isEqualTo("U0CY");
        assertThat(answer.field("text")).startsWith("Approved 3 low-risk eip-unassociated findings:").contains("begun");
    }

    @Test
    void badStaleOrMissingSignaturesGet401AndNothingHappens() throws Exception {
        int before = slack.calls().size();

        assertThat(wire.post(slashCommand("T0ACME", "U0ANA", "scan"), Instant.now(), "not-the-secret").statusCode()).isEqualTo(401);
        assertThat(wire.post(slashCommand("T0ACME", "U0ANA", "scan"), Instant.now().minusSeconds(6 * 60), SECRET).statusCode()).isEqualTo(401);
        assertThat(wire.postUnsigned(slashCommand("T0ACME", "U0ANA", "scan")).statusCode()).isEqualTo(401);

        // A signed request after them is answered: had a forged one been let in, its work would be queued before this one's.
        wire.post(slashCommand("T0ACME", "U0ANA", "savings"), Instant.now(), SECRET);
        eventually(() -> slack.calls("chat.postMessage", call -> call.field("text").startsWith("Nothing saved yet")).isEmpty() ? null : true,
                Duration.ofSeconds(20), () -> "the signed request was not answered: " + FakeSlack.methods(slack.calls()));
        assertThat(slack.calls().subList(before, slack.calls().size())).filteredOn(call -> call.method().matches("chat\\.[A-Za-z]+"))
                .extracting(call -> call.field("text")).singleElement().asString().startsWith("Nothing saved yet");
    }

    @Test
    void helpIsPrivateRoleChangesWhomSlackNamesAndAClickFromAnotherWorkspaceFindsNothingOfThisOne() throws Exception {
        HttpResponse<String> help = wire.post(slashCommand("T0ACME", "U0ANA", "help"), Instant.now(), SECRET);
        assertThat(help.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(help.body());
        assertThat(answer.get("response_type").asText()).isEqualTo("ephemeral");
        assertThat(answer.get("text").asText()).contains("approve F-12 | snooze F-12 7d|30d|90d");

        wire.post(click("T0OTHER", "U0EVE", "1764172800.000001", "approve", "approve F-1"), Instant.now(), SECRET);

        FakeSlack.Call refused = eventually(() -> slack.calls("chat.postEphemeral").stream().findFirst().orElse(null), Duration.ofSeconds(20),
                () -> "calls: " + FakeSlack.methods(slack.calls()));
        assertThat(refused.field("user")).isEqualTo("U0EVE");
        assertThat(refused.field("text")).isEqualTo("There is no finding F-1. `findings` lists the open ones.");
        assertThat(slack.calls("chat.update")).isEmpty();

        // role takes a plain @name, as Slack sends it with no escaping, or an escaped mention; it changes no one it cannot find.
        wire.post(slashCommand("T0ACME", "U0ANA", "role @bo viewer"), Instant.now(), SECRET);
        eventually(() -> slack.calls("chat.postMessage", call -> call.field("text").equals("U0BO is now a viewer.")).stream().findFirst()
                .orElse(null), Duration.ofSeconds(20), () -> "calls: " + FakeSlack.methods(slack.calls()));

        wire.post(slashCommand("T0ACME", "U0ANA", "role <@U0CY|cy> viewer"), Instant.now(), SECRET);
        eventually(() -> slack.calls("chat.postMessage", call -> call.field("text").equals("U0CY is now a viewer.")).stream().findFirst()
                .orElse(null), Duration.ofSeconds(20), () -> "calls: " + FakeSlack.methods(slack.calls()));

        wire.post(slashCommand("T0ACME", "U0ANA", "role @nobody admin"), Instant.now(), SECRET);
        wire.post(slashCommand("T0ACME", "U0ANA", "role <@U0GHOST|ghost> admin"), Instant.now(), SECRET);
        List<FakeSlack.Call> unknown = eventually(() -> {
            List<FakeSlack.Call> found = slack.calls("chat.postEphemeral", call -> call.field("text").startsWith("I cannot find"));
            return found.size() == 2 ? found : null;
        }, Duration.ofSeconds(20), () -> "calls: " + FakeSlack.methods(slack.calls()));
        assertThat(unknown).extracting(call -> call.field("text")).anySatisfy(text -> assertThat(text).startsWith("I cannot find @nobody here"))
                .anySatisfy(text -> assertThat(text).startsWith("I cannot find <@U0GHOST|ghost> here"));
        assertThat(unknown).allSatisfy(call -> assertThat(call.field("user")).isEqualTo("U0ANA"));

        // The role landed on the person meant: bo may not scan any more.
        wire.post(slashCommand("T0ACME", "U0BO", "scan"), Instant.now(), SECRET);
        FakeSlack.Call denied = eventually(() -> slack.calls("chat.postEphemeral", call -> call.field("user").equals("U0BO")).stream()
                .findFirst().orElse(null), Duration.ofSeconds(20), () -> "calls: " + FakeSlack.methods(slack.calls()));
        assertThat(denied.field("text")).isEqualTo("Viewers cannot start scans; ask an admin to make you a member.");
        assertThat(slack.calls("chat.postMessage", call -> call.field("text").contains("GHOST") || call.field("text").contains("nobody"))).isEmpty();
    }

    @Test
    void appHomeShowsTheDashboardOnceEvenWhenSlackRedeliversTheEvent() throws Exception {
        String event = event("T0ACME", "Ev01", Map.of("type", "app_home_opened", "user", "U0ANA", "channel", "D0HOME", "tab", "home",
                "event_ts", Instant.now().getEpochSecond() + ".000100"));

        assertThat(wire.post(event, Instant.now(), SECRET, "application/json", Map.of()).statusCode()).isEqualTo(200);
        assertThat(wire.post(event, Instant.now(), SECRET, "application/json", Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"))
                .statusCode()).isEqualTo(200);
        assertThat(wire.post(event, Instant.now(), "not-the-secret", "application/json", Map.of("X-Slack-Retry-Num", "2")).statusCode()).isEqualTo(401);

        FakeSlack.Call home = eventually(() -> slack.calls("views.publish").stream().findFirst().orElse(null), Duration.ofSeconds(20),
                () -> "calls: " + FakeSlack.methods(slack.calls()));
        // A second, new event is answered after the redeliveries: had one of them been handled, its views.publish would be there too.
        wire.post(event("T0ACME", "Ev02", Map.of("type", "app_home_opened", "user", "U0BO", "channel", "D0HOME2", "tab", "home",
                "event_ts", Instant.now().getEpochSecond() + ".000200")), Instant.now(), SECRET, "application/json", Map.of());
        eventually(() -> slack.calls("views.publish", call -> call.field("user_id").equals("U0BO")).isEmpty() ? null : true,
                Duration.ofSeconds(20), () -> "calls: " + FakeSlack.methods(slack.calls()));
        assertThat(slack.calls("views.publish", call -> call.field("user_id").equals("U0ANA"))).hasSize(1);
        assertThat(home.field("user_id")).isEqualTo("U0ANA");
        JsonNode view = JSON.readTree(home.field("view"));
        assertThat(view.get("type").asText()).isEqualTo("home");
        assertThat(view.toString()).contains("Open waste", "Saved (realised): *$0.00* in total, $0.00 this month",
                "Run rate: *$0.00/month* now saved by 0 cleanups", "Last scan: none yet", "123456789012");
    }

    @Test
    void digestNowPostsOneMessageWithItsChartUploadedAndTheFiveCostliestCardsInItsThread() throws Exception {
        wire.post(slashCommand("T0ACME", "U0ANA", "scan"), Instant.now(), SECRET);
        eventually(() -> slack.calls("files.completeUploadExternal").isEmpty() ? null : true, Duration.ofSeconds(60),
                () -> "calls: " + FakeSlack.methods(slack.calls()));
        int before = slack.calls("chat.postMessage").size();

        assertThat(wire.post(slashCommand("T0ACME", "U0CY", "digest now"), Instant.now(), SECRET).statusCode()).isEqualTo(200);

        FakeSlack.Call chart = eventually(() -> slack.calls("files.completeUploadExternal").size() < 2 ? null
                : slack.calls("files.completeUploadExternal").get(1), Duration.ofSeconds(30), () -> "calls: " + FakeSlack.methods(slack.calls()));
        List<FakeSlack.Call> posted = slack.calls("chat.postMessage").subList(before, slack.calls("chat.postMessage").size());
        FakeSlack.Call digest = posted.get(0);
        assertThat(blocks(digest).get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks(digest).get(0).get("text").get("text").asText()).startsWith("CloudSweep weekly digest · ");
        assertThat(digest.field("text")).contains("Open waste: $1,584.79/month in 32 findings").contains("Needs attention: nothing");
        assertThat(chart.field("channel_id")).isEqualTo(CHANNEL);
        assertThat(chart.field("thread_ts")).as("the chart goes with the digest").isEqualTo(digest.ts());
        assertThat(chart.field("files")).contains("cloudsweep-trend.png");
        byte[] upload = slack.uploadedBytes().get(1);
        int png = indexOf(upload, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(upload, png, upload.length - png));
        assertThat(image.getWidth()).isEqualTo(640);
        eventually(() -> slack.calls("chat.postMessage").size() >= before + 6 ? true : null, Duration.ofSeconds(30),
                () -> "calls: " + FakeSlack.methods(slack.calls()));
        List<FakeSlack.Call> thread = slack.calls("chat.postMessage", call -> call.field("thread_ts").equals(digest.ts()));
        assertThat(thread).hasSize(5).allSatisfy(card -> assertThat(actions(card)).extracting(button -> button.get("action_id").asText())
                .startsWith("approve"));
    }

    @Test
    void aWebhookAddedInSlackGetsItsSecretPrivatelyAndTheNextScanIsDeliveredToItSigned() throws Exception {
        java.util.List<String[]> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            try (exchange) {
                received.add(new String[] {exchange.getRequestHeaders().getFirst("CloudSweep-Signature"),
                        new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)});
                exchange.sendResponseHeaders(204, -1);
            }
        });
        hook.start();
        try {
            String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
            wire.post(slashCommand("T0ACME", "U0ANA", "notify add webhook " + url + " scan.finished"), Instant.now(), SECRET);

            FakeSlack.Call secret = eventually(() -> slack.calls("chat.postEphemeral", call -> call.field("text").contains("whsec_")).stream()
                    .findFirst().orElse(null), Duration.ofSeconds(20), () -> "calls: " + FakeSlack.methods(slack.calls()));
            assertThat(secret.field("user")).isEqualTo("U0ANA");
            assertThat(slack.calls("chat.postMessage", call -> call.field("text").contains("whsec_"))).as("never in the channel").isEmpty();
            String whsec = secret.field("text").replaceAll("(?s).*(whsec_[A-Za-z0-9_-]+).*", "$1");

            wire.post(slashCommand("T0ACME", "U0ANA", "scan"), Instant.now(), SECRET);
            String[] delivered = eventually(() -> received.isEmpty() ? null : received.get(0), Duration.ofSeconds(60),
                    () -> "calls: " + FakeSlack.methods(slack.calls()));
            long t = Long.parseLong(delivered[0].replaceAll("^t=(\\d+),v1=.*$", "$1"));
            String v1 = delivered[0].replaceAll("^t=\\d+,v1=([0-9a-f]+)$", "$1");
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(whsec.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(java.util.HexFormat.of().formatHex(mac.doFinal((t + "." + delivered[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                    .as("signed with the secret given once").isEqualTo(v1);
            assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(300);
            JsonNode event = JSON.readTree(delivered[1]);
            assertThat(event.get("event").asText()).isEqualTo("scan.finished");
            assertThat(event.get("data").get("findings").asInt()).isEqualTo(32);
        } finally {
            hook.stop(0);
        }
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int at = 0; at + part.length <= bytes.length; at++) {
            if (java.util.Arrays.equals(bytes, at, at + part.length, part, 0, part.length)) {
                return at;
            }
        }
        throw new AssertionError("no PNG in the upload");
    }

    /** How many findings a scan summary's text counts ("24 findings, $938.49 a month ..."). */
    private static int findingsIn(FakeSlack.Call summary) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("^(\\d+) findings, ").matcher(summary.field("text"));
        assertThat(matcher.find()).as("a summary: " + summary.field("text")).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static BigDecimal monthlyIn(FakeSlack.Call summary) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("^\\d+ findings, \\$([\\d,.]+) a month").matcher(summary.field("text"));
        assertThat(matcher.find()).as("a summary: " + summary.field("text")).isTrue();
        return new BigDecimal(matcher.group(1).replace(",", ""));
    }
}
