package io.cloudsweep.bot.slack;

import io.cloudsweep.adapters.slack.SlackBot;
import io.cloudsweep.adapters.slack.SlackSettings;
import io.cloudsweep.bot.DemoSweeper;
import io.cloudsweep.bot.Roles;
import io.cloudsweep.bot.SlackSetup;
import io.cloudsweep.bot.Sweeper;
import io.cloudsweep.bot.server.BotServer;
import io.cloudsweep.bot.server.SlackRoute;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.SecretBox;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches {@code /slack/events}, whatever it holds: correctly signed forms, interaction payloads and event bodies
 * of any shape are answered without a server error and in bounded time; forged, stale, future-dated and unsigned ones
 * are refused with 401 before anything parses them, oversized ones with 413 before they are read whole.
 */
class SlackPayloadsPropertyTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    /** Slack retries what is not answered in 3 seconds: every answer comes well within that. */
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(3);

    private static DemoSweeper demo;
    private static FakeSlack slack;
    private static SlackBot bot;
    private static BotServer server;
    private static SlackWire wire;

    @BeforeContainer
    static void start() throws Exception {
        demo = DemoSweeper.start("slack-payloads");
        Database database = demo.database();
        Sweeper sweeper = demo.sweeper();
        Clock clock = Clock.systemUTC();
        slack = new FakeSlack();
        bot = SlackSetup.start(new SlackSettings(SECRET, new SlackSettings.One("xoxb-test-token"), slack.apiUrl().toString(), Duration.ofSeconds(1)),
                sweeper, database, SecretBox.fromBase64(SecretBox.newKey()), new Roles(database, Map.of()), clock);
        server = BotServer.start("127.0.0.1", 0, database, List.of(BotServer.Route.post("/slack/events", new SlackRoute(bot))), Optional.empty());
        wire = new SlackWire(URI.create("http://127.0.0.1:" + server.port() + "/slack/events"));
    }

    @AfterContainer
    static void stop() throws Exception {
        server.close();
        bot.close();
        slack.close();
        demo.close();
    }

    private static void answeredWithoutServerError(HttpResponse<String> response, long nanos, String what) {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isLessThan(500);
        assertThat(Duration.ofNanos(nanos)).as(what).isLessThan(ANSWERED_WITHIN);
    }

    @Property(tries = 300)
    void signedFormsOfAnyFieldsAreAnsweredWithoutAServerError(@ForAll("forms") String body) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = wire.post(body, Instant.now(), SECRET);
        answeredWithoutServerError(response, System.nanoTime() - started, body);
    }

    @Property(tries = 300)
    void signedInteractionPayloadsOfAnyShapeAreAnsweredWithoutAServerError(@ForAll("payloads") String json) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = wire.post("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8), Instant.now(), SECRET);
        answeredWithoutServerError(response, System.nanoTime() - started, json);
    }

    @Property(tries = 200)
    void signedEventBodiesOfAnyShapeAreAnsweredWithoutAServerError(@ForAll("payloads") String json) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = wire.post(json, Instant.now(), SECRET, "application/json", Map.of());
        answeredWithoutServerError(response, System.nanoTime() - started, json);
    }

    @Property(tries = 300)
    void forgedStaleAndUnsignedRequestsAreRefused(@ForAll("forms") String body, @ForAll("forgeries") Forgery forgery) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = switch (forgery) {
                case WRONG_SECRET -> wire.post(body, Instant.now(), SECRET.replace('8', '9'));
                case STALE -> wire.post(body, Instant.now().minus(Duration.ofMinutes(6)), SECRET);
                case FUTURE -> wire.post(body, Instant.now().plus(Duration.ofMinutes(6)), SECRET);
                case UNSIGNED -> wire.postUnsigned(body);
                case OVERSIZED -> wire.post(body + "&pad=" + "x".repeat(1 << 20), Instant.now(), SECRET);
            };
        } catch (java.io.IOException closed) {
            // the server answered 413 and closed the connection while the client was still sending: refused unread too
            assertThat(forgery).as(closed.toString()).isEqualTo(Forgery.OVERSIZED);
            return;
        }
        assertThat(response.statusCode()).as(forgery + " " + body).isEqualTo(forgery == Forgery.OVERSIZED ? 413 : 401);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ANSWERED_WITHIN);
    }

    enum Forgery { WRONG_SECRET, STALE, FUTURE, UNSIGNED, OVERSIZED }

    @Provide
    Arbitrary<Forgery> forgeries() {
        return Arbitraries.of(Forgery.class);
    }

    /** Form bodies: Slack's fields with any values, some left out, some repeated, and noise. */
    @Provide
    Arbitrary<String> forms() {
        Arbitrary<String> name = Arbitraries.of("token", "team_id", "channel_id", "user_id", "command", "text", "response_url", "trigger_id",
                "api_app_id", "payload", "ssl_check", "enterprise_id", "is_enterprise_install", "x");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("T0ACME", "U0ANA", "C0OPS", "/sweep", "scan", "approve F-1", "help",
                        "apikey create ci admin", "http://127.0.0.1:9/x", "javascript:alert(1)", "{", "[]", "%", "%zz", "1"),
                Arbitraries.strings().ofMaxLength(40));
        Arbitrary<String> field = Combinators.combine(name, value).as((key, v) -> key + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
        return Arbitraries.oneOf(field.list().ofMaxSize(10).map(fields -> String.join("&", fields)), Arbitraries.strings().ofMaxLength(200));
    }

    /** JSON of the shapes Slack sends, with the wrong types, missing parts and nonsense, and things that are not JSON. */
    @Provide
    Arbitrary<String> payloads() {
        Arbitrary<String> scalar = Arbitraries.of("null", "true", "0", "-1", "1e999", "\"\"", "\"T0ACME\"", "\"approve F-1\"", "[]", "{}",
                "\"block_actions\"", "\"view_submission\"", "\"event_callback\"", "\"url_verification\"", "\"shortcut\"");
        Arbitrary<String> key = Arbitraries.of("type", "team", "user", "actions", "view", "event", "challenge", "container", "channel",
                "message", "trigger_id", "response_url", "api_app_id", "team_id", "event_id", "state", "private_metadata", "callback_id",
                "value", "action_id", "id");
        Arbitrary<String> flat = Combinators.combine(key, scalar).as((k, v) -> "\"" + k + "\":" + v).list().ofMaxSize(6)
                .map(pairs -> "{" + String.join(",", pairs) + "}");
        Arbitrary<String> nested = Combinators.combine(key, flat).as((k, v) -> "\"" + k + "\":" + v).list().ofMaxSize(4)
                .map(pairs -> "{\"type\":\"block_actions\"," + String.join(",", pairs) + "}");
        Arbitrary<String> actions = Arbitraries.strings().ofMaxLength(60).map(text -> "{\"type\":\"block_actions\",\"team\":{\"id\":\"T0ACME\"},"
                + "\"user\":{\"id\":\"U0ANA\"},\"channel\":{\"id\":\"C0OPS\"},\"container\":{\"message_ts\":\"1.2\"},"
                + "\"actions\":[{\"action_id\":\"approve\",\"value\":" + quoted(text) + "}]}");
        return Arbitraries.oneOf(flat, nested, actions, scalar, Arbitraries.strings().ofMaxLength(80));
    }

    private static String quoted(String text) {
        try {
            return SlackWire.JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
