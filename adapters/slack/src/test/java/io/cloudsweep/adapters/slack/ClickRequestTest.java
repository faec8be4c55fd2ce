package io.cloudsweep.adapters.slack;

import com.google.gson.JsonParser;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.util.SlackRequestParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class ClickRequestTest {

    private static final String SECRET = "click-secret";

    /** Each a click Slack can send, filling the context a different way. */
    @ParameterizedTest
    @ValueSource(strings = {
            // the card's buttons, as Slack sends a press
            """
            {"type":"block_actions","trigger_id":"1.2.3","response_url":"https://hooks.slack.test/r","team":{"id":"T0ACME","domain":"acme"},
             "user":{"id":"U0ANA","team_id":"T0ACME"},"container":{"type":"message","message_ts":"1.000001","channel_id":"C0OPS"},
             "channel":{"id":"C0OPS"},"actions":[{"type":"button","action_id":"snooze-7d","block_id":"actions","value":"snooze F-7 7d"}]}""",
            // an Enterprise Grid org: the enterprise named apart from the team
            """
            {"type":"block_actions","trigger_id":"4.5.6","enterprise":{"id":"E0GRID"},"team":{"id":"T0ACME","enterprise_id":"E0OTHER"},
             "user":{"id":"U0ANA"},"actions":[{"type":"button","action_id":"approve","value":"approve F-1"}]}""",
            // no team of its own, the enterprise only on the team, no trigger but an interactivity pointer, a function's data
            """
            {"type":"block_actions","team":null,"user":{"id":"U0BOB","team_id":"T0USER"},"interactivity":{"interactivity_pointer":"7.8.9"},
             "bot_access_token":"xwfp-1","function_data":{"execution_id":"Fx1"},"actions":[]}""",
            """
            {"type":"block_actions","team":{"enterprise_id":"E0ONLY"},"user":{"id":"U0CAT"}}"""})
    void aClickIsReadAsBoltReadsIt(String payload) {
        RequestHeaders headers = new RequestHeaders(Map.of("Content-Type", List.of("application/x-www-form-urlencoded")));
        String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        BlockActionRequest bolts = new BlockActionRequest(body, payload, headers);
        ClickRequest ours = new ClickRequest(body, JsonParser.parseString(payload).getAsJsonObject(), headers);

        assertThat(ours.getPayload()).isEqualTo(bolts.getPayload());
        assertThat(ours.getResponseUrl()).isEqualTo(bolts.getResponseUrl());
        assertThat(ours.getRequestBodyAsString()).isEqualTo(body);
        assertThat(context(ours.getContext())).isEqualTo(context(bolts.getContext()));
    }

    @Test
    void aSignedClickIsParsedAsBoltsParserWouldAndAnythingElseByTheParser() throws Exception {
        AppConfig config = AppConfig.builder().signingSecret(SECRET).singleTeamBotToken("xoxb-test").build();
        SlackRequestParser parser = new SlackRequestParser(config);
        Clock clock = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
        SlackRequests requests = new SlackRequests(SECRET, parser, clock);
        String payload = """
                {"type":"block_actions","trigger_id":"1.2.3","team":{"id":"T0ACME"},"user":{"id":"U0ANA"},
                 "container":{"type":"message","message_ts":"1.000001","channel_id":"C0OPS"},"actions":[{"action_id":"approve","value":"approve F-1"}]}""";
        SlackBot.HttpRequest click = signed("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8), clock);

        Request<?> read = requests.read(click);
        Request<?> bolts = parser.parse(SlackRequestParser.HttpRequest.builder().requestUri(click.path()).queryString(Map.of("from", List.of("test")))
                .headers(new RequestHeaders(click.headers())).requestBody(click.body()).remoteAddress(click.remoteAddress()).build());

        assertThat(read).isInstanceOf(ClickRequest.class);
        assertThat(((ClickRequest) read).getPayload()).isEqualTo(((BlockActionRequest) bolts).getPayload());
        assertThat(context((ActionContext) read.getContext())).isEqualTo(context((ActionContext) bolts.getContext()));
        assertThat(read.getClientIpAddress()).isEqualTo(bolts.getClientIpAddress()).isEqualTo("203.0.113.9");
        assertThat(read.getQueryString()).isEqualTo(bolts.getQueryString());

        Request<?> command = requests.read(signed("team_id=T0ACME&channel_id=C0OPS&user_id=U0ANA&command=%2Fsweep&text=help", clock));
        assertThat(command).isNotInstanceOf(ClickRequest.class);
        assertThat(command.getContext().getTeamId()).isEqualTo("T0ACME");
    }

    /** Everything Bolt's handlers and middleware read from a click's context. */
    private static Map<String, Object> context(ActionContext context) {
        Map<String, Function<ActionContext, Object>> getters = Map.ofEntries(
                Map.entry("teamId", ActionContext::getTeamId),
                Map.entry("enterpriseId", ActionContext::getEnterpriseId),
                Map.entry("requestUserId", ActionContext::getRequestUserId),
                Map.entry("responseUrl", ActionContext::getResponseUrl),
                Map.entry("triggerId", ActionContext::getTriggerId),
                Map.entry("functionBotAccessToken", ActionContext::getFunctionBotAccessToken),
                Map.entry("functionExecutionId", ActionContext::getFunctionExecutionId),
                Map.entry("botToken", ActionContext::getBotToken),
                Map.entry("slack", c -> c.getSlack() != null),
                Map.entry("toString", ActionContext::toString));
        Map<String, Object> values = new java.util.TreeMap<>();
        getters.forEach((name, getter) -> values.put(name, String.valueOf(getter.apply(context))));
        return values;
    }

    private static SlackBot.HttpRequest signed(String body, Clock clock) throws Exception {
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
        return new SlackBot.HttpRequest("/slack/events", "from=test", Map.of("Content-Type", List.of("application/x-www-form-urlencoded"),
                "X-Slack-Request-Timestamp", List.of(timestamp), "X-Slack-Signature", List.of(signature),
                "X-Forwarded-For", List.of("203.0.113.9")), body, "127.0.0.1");
    }

    @Test
    void thePayloadFieldIsFoundAndDecodedWhereverItIsInTheForm() {
        String json = "{\"type\":\"block_actions\",\"actions\":[{\"value\":\"snooze F-7 7d & more=1%\"}]}";
        String encoded = URLEncoder.encode(json, StandardCharsets.UTF_8);

        assertThat(SlackRequests.payloadField("payload=" + encoded)).isEqualTo(json);
        assertThat(SlackRequests.payloadField("token=x&payload=" + encoded + "&other=y")).isEqualTo(json);
        assertThat(SlackRequests.payloadField("command=%2Fsweep&text=payload%3D1")).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SlackRequests.payloadField("payload=%zz"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
