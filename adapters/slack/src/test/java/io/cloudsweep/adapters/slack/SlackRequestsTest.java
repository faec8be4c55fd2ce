package io.cloudsweep.adapters.slack;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlackRequestsTest {

    private static final String SECRET = "requests-secret";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
    private static final AppConfig CONFIG = AppConfig.builder().signingSecret(SECRET).singleTeamBotToken("xoxb-test").build();

    private final SlackRequestParser bolt = new SlackRequestParser(CONFIG);
    private final SlackRequests requests = new SlackRequests(SECRET, bolt, CLOCK);

    /** Each a body Slack sends for {@code /sweep}, or one it could: every field read as Bolt's parser reads it. */
    @ParameterizedTest
    @ValueSource(strings = {
            "token=t0&team_id=T0ACME&team_domain=acme&channel_id=C0OPS&channel_name=ops&user_id=U0ANA&user_name=ana&command=%2Fsweep"
                    + "&text=findings+--min+100&api_app_id=A0SWEEP&response_url=https%3A%2F%2Fhooks.slack.test%2Fc%2F1&trigger_id=1.2.3",
            // an Enterprise Grid org, and text with every character that needs escaping somewhere
            "enterprise_id=E0GRID&enterprise_name=Grid&team_id=T0ACME&channel_id=C0OPS&user_id=U0ANA&command=%2Fsweep"
                    + "&text=reject+F-1+%22because%22+%3C%26%3E+%E2%9C%93%0Aok&trigger_id=4.5.6",
            // no text, a field twice (the last wins), a field Slack may add later, a value with a bare '=' (skipped), a blank pair
            "team_id=T0ACME&channel_id=C0OPS&user_id=U0ANA&command=%2Fsweep&text=&user_id=U0BOB&is_enterprise_install=false&x=a=b&&trigger_id=7",
            // names with spaces and newlines around them, as Bolt trims them
            " team_id =T0ACME&\nchannel_id=C0OPS&user_id\n=U0ANA&command=%2Fsweep&text=help"})
    void aSlashCommandIsReadAsBoltReadsIt(String body) throws Exception {
        Request<?> ours = requests.read(signed(body));
        Request<?> bolts = bolt.parse(SlackRequestParser.HttpRequest.builder().requestUri("/slack/events").queryString(Map.of("from", List.of("test")))
                .headers(new RequestHeaders(signed(body).headers())).requestBody(body).remoteAddress("127.0.0.1").build());

        assertThat(bolts).isInstanceOf(SlashCommandRequest.class);
        assertThat(ours).isInstanceOf(SlashCommandRequest.class);
        assertThat(((SlashCommandRequest) ours).getPayload()).isEqualTo(((SlashCommandRequest) bolts).getPayload());
        assertThat(context((SlashCommandContext) ours.getContext())).isEqualTo(context((SlashCommandContext) bolts.getContext()));
        assertThat(ours.getRequestBodyAsString()).isEqualTo(body);
        assertThat(ours.getQueryString()).isEqualTo(bolts.getQueryString());
        assertThat(ours.getClientIpAddress()).isEqualTo(bolts.getClientIpAddress()).isEqualTo("203.0.113.9");
    }

    @Test
    void aFormWithAPayloadFieldIsAnInteractionAndJsonAnEventAsBoltReadsThem() throws Exception {
        Request<?> interaction = requests.read(signed("command=%2Fsweep&payload=" + java.net.URLEncoder.encode(
                "{\"type\":\"block_actions\",\"team\":{\"id\":\"T0ACME\"},\"user\":{\"id\":\"U0ANA\"}}", java.nio.charset.StandardCharsets.UTF_8)));
        Request<?> event = requests.read(signed("{\"type\":\"event_callback\",\"team_id\":\"T0ACME\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"app_home_opened\"}}"));

        assertThat(interaction).isInstanceOf(com.slack.api.bolt.request.builtin.BlockActionRequest.class);
        assertThat(interaction.getContext().getTeamId()).isEqualTo("T0ACME");
        assertThat(event).isInstanceOf(com.slack.api.bolt.request.builtin.EventRequest.class);
    }

    @Test
    void aCommandThatIsNotUrlEncodedIsRefusedAsBadRequest() {
        assertThatThrownBy(() -> requests.read(signed("team_id=T0ACME&command=%2Fsweep&text=%zz")))
                .isInstanceOfSatisfying(SlackRequests.Refused.class, refused -> assertThat(refused.response().status()).isEqualTo(400));
    }

    @Test
    void anUnsignedCommandIsRefusedBeforeItIsRead() {
        SlackBot.HttpRequest forged = new SlackBot.HttpRequest("/slack/events", "", Map.of("X-Slack-Request-Timestamp",
                List.of(String.valueOf(CLOCK.instant().getEpochSecond())), "X-Slack-Signature", List.of("v0=00")), "command=%2Fsweep", "127.0.0.1");

        assertThatThrownBy(() -> requests.read(forged))
                .isInstanceOfSatisfying(SlackRequests.Refused.class, refused -> assertThat(refused.response().status()).isEqualTo(401));
    }

    @Test
    void anEphemeralAnswerIsJsonThatReadsBackAsTheTextWhateverItHolds() {
        Random random = new Random(17);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                // control characters, quotes and backslashes, the line and paragraph separators, and any other character
                char[] awkward = {'"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u2028', '\u2029', '<', '&', '/'};
                text.append(random.nextBoolean() ? awkward[random.nextInt(awkward.length)] : (char) random.nextInt(Character.MAX_VALUE + 1));
            }
            Response answer = SlackRequests.ephemeral(text.toString());
            JsonObject json = JsonParser.parseString(answer.getBody()).getAsJsonObject();

            assertThat(json.get("text").getAsString()).isEqualTo(text.toString());
            assertThat(json.get("response_type").getAsString()).isEqualTo("ephemeral");
            assertThat(answer.getStatusCode()).isEqualTo(200);
            assertThat(answer.getContentType()).startsWith("application/json");
        }
        assertThat(SlackRequests.quoted("a \"b\"\n\\c\u0001")).isEqualTo("\"a \\\"b\\\"\\n\\\\c\\u0001\"");
    }

    /** Everything Bolt's handlers and middleware read from a command's context. */
    private static Map<String, String> context(SlashCommandContext context) {
        Map<String, Function<SlashCommandContext, Object>> getters = Map.of(
                "teamId", SlashCommandContext::getTeamId,
                "enterpriseId", SlashCommandContext::getEnterpriseId,
                "requestUserId", SlashCommandContext::getRequestUserId,
                "channelId", SlashCommandContext::getChannelId,
                "responseUrl", SlashCommandContext::getResponseUrl,
                "triggerId", SlashCommandContext::getTriggerId,
                "botToken", SlashCommandContext::getBotToken,
                "slack", c -> c.getSlack() != null,
                "toString", SlashCommandContext::toString);
        Map<String, String> values = new TreeMap<>();
        getters.forEach((name, getter) -> values.put(name, String.valueOf(getter.apply(context))));
        return values;
    }

    private SlackBot.HttpRequest signed(String body) {
        SlackBot.HttpRequest signed = requests.signed("/slack/events", body);
        Map<String, List<String>> headers = new java.util.HashMap<>(signed.headers());
        headers.put("X-Forwarded-For", List.of("203.0.113.9"));
        return new SlackBot.HttpRequest(signed.path(), "from=test", headers, body, signed.remoteAddress());
    }
}
