package io.cloudsweep.bot.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsweep.adapters.teams.TeamsBot;
import io.cloudsweep.adapters.teams.TeamsSettings;
import io.cloudsweep.bot.DemoSweeper;
import io.cloudsweep.bot.Roles;
import io.cloudsweep.bot.Sweeper;
import io.cloudsweep.bot.TeamsSetup;
import io.cloudsweep.bot.server.BotServer;
import io.cloudsweep.bot.server.TeamsRoute;
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
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches {@code /api/messages}, whatever it holds: activities of any shape (fields missing, of the wrong type, an
 * Adaptive Card's data of any kind) with a valid token are answered without a server error and in bounded time; any
 * token that is not the Bot Framework's for this bot is refused with 401.
 */
class TeamsActivitiesPropertyTest {

    private static final String APP_ID = "11111111-2222-3333-4444-555555555555";
    private static final String TENANT = "tenant-acme";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A press is answered within the bot's own wait for its card, or told the card will follow; Teams waits 15 s. */
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(12);

    private static DemoSweeper demo;
    private static FakeTeams teams;
    private static TeamsBot bot;
    private static BotServer server;
    private static TeamsWire wire;
    private static URI messages;

    @BeforeContainer
    static void start() throws Exception {
        demo = DemoSweeper.start("teams-activities");
        Database database = demo.database();
        Sweeper sweeper = demo.sweeper();
        Clock clock = Clock.systemUTC();
        teams = new FakeTeams();
        // posts paced 10 ms apart, not Teams' 1 s: what is measured here is how activities are read, not how posts are paced
        bot = TeamsSetup.start(new TeamsSettings(APP_ID, "app-password", TENANT, teams.authority(), Optional.of(teams.base() + "/openid"),
                Duration.ofMillis(10)), sweeper, database, SecretBox.fromBase64(SecretBox.newKey()), new Roles(database, Map.of()), clock);
        server = BotServer.start("127.0.0.1", 0, database, List.of(BotServer.Route.post("/api/messages", new TeamsRoute(bot))), Optional.empty());
        wire = new TeamsWire(teams, APP_ID, "a:1-conversation");
        messages = URI.create("http://127.0.0.1:" + server.port() + "/api/messages");
    }

    @AfterContainer
    static void stop() throws Exception {
        server.close();
        bot.close();
        teams.close();
        demo.close();
    }

    @Property(tries = 300)
    void activitiesOfAnyShapeWithAValidTokenAreAnsweredWithoutAServerError(@ForAll("activities") String activity) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = wire.post(messages, activity, teams.token(APP_ID));
        JsonNode sent = JSON.readTree(activity);
        boolean unknownInvoke = sent.path("type").asText().equals("invoke") && !sent.path("name").asText().equals("adaptiveCard/action");
        if (unknownInvoke && response.statusCode() == 501) {
            return; // the Bot Framework's answer to an invoke the bot does not implement, as Teams expects it
        }
        assertThat(response.statusCode()).as(activity + " answered " + response.body()).isLessThan(500);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as(activity).isLessThan(ANSWERED_WITHIN);
    }

    @Property(tries = 200)
    void anyTokenButTheBotFrameworksIsRefused(@ForAll("tokens") String token) throws Exception {
        HttpResponse<String> response = wire.post(messages, wire.message("m-forged", TENANT, "aad-ana", "scan"), token);
        assertThat(response.statusCode()).as(token).isEqualTo(401);
    }

    /** A real activity (a message or a card's button), then a few of its fields removed or replaced by anything. */
    @Provide
    Arbitrary<String> activities() {
        Arbitrary<String> field = Arbitraries.of("type", "id", "text", "value", "name", "from", "conversation", "recipient", "channelData",
                "serviceUrl", "channelId", "replyToId", "membersAdded", "timestamp", "entities", "attachments");
        Arbitrary<String> anything = Arbitraries.oneOf(
                Arbitraries.of("null", "1", "-1", "1e999", "true", "\"\"", "[]", "{}", "\"message\"", "\"invoke\"", "\"conversationUpdate\"",
                        "\"installationUpdate\"", "\"messageReaction\"", "\"adaptiveCard/action\"", "\"approve F-1\"", "[{}]",
                        "{\"action\":{\"type\":\"Action.Execute\",\"verb\":\"command\",\"data\":{\"command\":\"approve F-999999999999999999\"}}}",
                        "{\"action\":{\"type\":\"Action.Execute\",\"verb\":\"command\",\"data\":{\"command\":5}}}",
                        "{\"action\":{\"type\":\"Action.Submit\",\"data\":[]}}", "{\"action\":\"x\"}",
                        "{\"id\":\"29:aad-ana\"}", "[{\"id\":\"28:" + APP_ID + "\"}]", "{\"tenant\":{\"id\":7}}"),
                Arbitraries.strings().ofMaxLength(30).map(TeamsActivitiesPropertyTest::quoted));
        Arbitrary<List<Map.Entry<String, Optional<String>>>> edits = Combinators.combine(field, anything.optional())
                .as(Map::entry).list().ofMaxSize(4);
        // no scan: each would post a dozen cards, and the scans have suites of their own
        Arbitrary<String> command = Arbitraries.oneOf(Arbitraries.of("findings", "approve F-1", "snooze F-1 30d", "undo C-1", "help", "savings",
                "apikey create ci", "role @x admin", ""), Arbitraries.strings().ofMaxLength(40));
        Arbitrary<String> original = Combinators.combine(Arbitraries.of(true, false), command).as((message, text) -> {
            try {
                return message ? wire.message("m-" + System.nanoTime(), TENANT, "aad-ana", text)
                        : wire.invoke("i-" + System.nanoTime(), TENANT, "aad-ana", "activity-1", text);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return Combinators.combine(original, edits).as((activity, changes) -> {
            try {
                ObjectNode node = (ObjectNode) JSON.readTree(activity);
                for (Map.Entry<String, Optional<String>> change : changes) {
                    if (change.getValue().isEmpty()) {
                        node.remove(change.getKey());
                    } else {
                        node.set(change.getKey(), JSON.readTree(change.getValue().get()));
                    }
                }
                return node.toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Tokens that are not a Bot Framework token for this bot: noise, JWT-shaped noise, and real ones cut or altered. */
    @Provide
    Arbitrary<String> tokens() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                .ofMaxLength(60);
        Arbitrary<String> jwtShaped = Combinators.combine(segment, segment, segment).as((a, b, c) -> a + "." + b + "." + c);
        Arbitrary<String> altered = Arbitraries.integers().between(0, 400).map(cut -> {
            String real = teams.token(APP_ID);
            int at = Math.min(cut, real.length() - 1);
            return real.substring(0, at) + (real.charAt(at) == 'A' ? 'B' : 'A') + real.substring(at + 1);
        });
        Arbitrary<String> noneAlgorithm = segment.map(claims -> "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + claims + ".");
        // what an HTTP header can carry: visible ASCII
        Arbitrary<String> noise = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(80);
        return Arbitraries.oneOf(noise, jwtShaped.filter(token -> token.length() > 2), altered, noneAlgorithm);
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
