package io.cloudsweep.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What Slack sends to an app, built and signed exactly as Slack does: slash commands, button clicks, events. */
final class SlackWire {

    static final String CHANNEL = "C0OPS";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.concurrent.atomic.AtomicLong TRIGGERS = new java.util.concurrent.atomic.AtomicLong();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI events;

    SlackWire(URI events) {
        this.events = events;
    }

    HttpResponse<String> post(String body, Instant at, String secret) throws Exception {
        return post(body, at, secret, "application/x-www-form-urlencoded", Map.of());
    }

    /** POSTs {@code body} to /slack/events signed with {@code secret} at {@code at}: v0 HMAC-SHA256 of "v0:timestamp:body". */
    HttpResponse<String> post(String body, Instant at, String secret, String contentType, Map<String, String> headers) throws Exception {
        return http.send(signed(events, body, at, secret, contentType, headers), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of {@code body} to {@code events} signed with {@code secret} at {@code at}: v0 HMAC-SHA256 of "v0:timestamp:body". */
    static HttpRequest signed(URI events, String body, Instant at, String secret, String contentType, Map<String, String> headers) {
        String timestamp = String.valueOf(at.getEpochSecond());
        String signature;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            signature = "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(events).header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", timestamp).header("X-Slack-Signature", signature);
        headers.forEach(request::header);
        return request.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** POSTs {@code body} with no signature at all. */
    HttpResponse<String> postUnsigned(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(events).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Slack's trigger id, as unique as each person's action: a delivery sent again carries the same one. */
    static String triggerId() {
        return TRIGGERS.incrementAndGet() + "." + System.currentTimeMillis() + "." + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    /** The trigger id of an interaction payload ({@code payload=<json>}). */
    static String triggerIdOf(String body) throws Exception {
        return JSON.readTree(java.net.URLDecoder.decode(body.substring("payload=".length()), StandardCharsets.UTF_8)).get("trigger_id").asText();
    }

    static String slashCommand(String team, String user, String text) {
        return slashCommand(team, user, text, "http://127.0.0.1:9/unused");
    }

    static String slashCommand(String team, String user, String text, String responseUrl) {
        return slashCommandIn(team, CHANNEL, user, text, responseUrl);
    }

    /** A slash command typed in {@code channel}. */
    static String slashCommandIn(String team, String channel, String user, String text, String responseUrl) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "legacy");
        fields.put("team_id", team);
        fields.put("team_domain", "acme");
        fields.put("channel_id", channel);
        fields.put("channel_name", "ops");
        fields.put("user_id", user);
        fields.put("user_name", user.toLowerCase(Locale.ROOT));
        fields.put("command", "/sweep");
        fields.put("text", text);
        fields.put("response_url", responseUrl);
        fields.put("trigger_id", triggerId());
        fields.put("api_app_id", "A0SWEEP");
        return form(fields);
    }

    static String click(String team, String user, String messageTs, String actionId, String value) throws Exception {
        return clickIn(team, CHANNEL, user, messageTs, actionId, value);
    }

    /** A button pressed on the message {@code messageTs} of {@code channel}. */
    static String clickIn(String team, String channel, String user, String messageTs, String actionId, String value) throws Exception {
        Map<String, Object> payload = Map.of("type", "block_actions", "api_app_id", "A0SWEEP", "trigger_id", triggerId(),
                "team", Map.of("id", team, "domain", "acme"), "user", Map.of("id", user, "team_id", team),
                "container", Map.of("type", "message", "message_ts", messageTs, "channel_id", channel, "is_ephemeral", false),
                "channel", Map.of("id", channel), "message", Map.of("ts", messageTs, "type", "message"),
                "response_url", "http://127.0.0.1:9/unused",
                "actions", List.of(Map.of("type", "button", "action_id", actionId, "block_id", "actions", "value", value,
                        "action_ts", String.valueOf(Instant.now().getEpochSecond()))));
        return "payload=" + URLEncoder.encode(JSON.writeValueAsString(payload), StandardCharsets.UTF_8);
    }

    /** The submission of a modal as Slack sends it: the view's callback id and private metadata back, and what was typed in it. */
    static String viewSubmission(String team, String user, JsonNode view, String blockId, String actionId, String typed) throws Exception {
        Map<String, Object> state = Map.of("values", Map.of(blockId, Map.of(actionId, Map.of("type", "plain_text_input", "value", typed))));
        Map<String, Object> submitted = new LinkedHashMap<>();
        submitted.put("id", "V0REJECT");
        submitted.put("team_id", team);
        submitted.put("type", "modal");
        submitted.put("callback_id", view.get("callback_id").asText());
        submitted.put("private_metadata", view.get("private_metadata").asText());
        submitted.put("state", state);
        submitted.put("hash", "1764172800.abcdef");
        Map<String, Object> payload = Map.of("type", "view_submission", "api_app_id", "A0SWEEP", "trigger_id", triggerId(),
                "team", Map.of("id", team, "domain", "acme"), "user", Map.of("id", user, "team_id", team), "view", submitted);
        return "payload=" + URLEncoder.encode(JSON.writeValueAsString(payload), StandardCharsets.UTF_8);
    }

    /** An Events API callback of {@code event} in {@code team}. */
    static String event(String team, String eventId, Map<String, Object> event) throws Exception {
        return JSON.writeValueAsString(Map.of("token", "legacy", "team_id", team, "api_app_id", "A0SWEEP", "type", "event_callback",
                "event_id", eventId, "event_time", Instant.now().getEpochSecond(), "event", event));
    }

    static String form(Map<String, String> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((key, value) -> pairs.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }

    static JsonNode blocks(FakeSlack.Call call) throws Exception {
        return JSON.readTree(call.field("blocks"));
    }

    static JsonNode actions(FakeSlack.Call call) throws Exception {
        for (JsonNode block : blocks(call)) {
            if (block.get("type").asText().equals("actions")) {
                return block.get("elements");
            }
        }
        throw new AssertionError("no actions block in " + call.field("blocks"));
    }
}
