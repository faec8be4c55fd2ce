package io.cloudsweep.bot.slack;

import io.cloudsweep.bot.server.ServedJar;
import io.cloudsweep.storage.ChatInstallations;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.SecretBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.cloudsweep.bot.server.ServedJar.eventually;
import static io.cloudsweep.bot.slack.SlackWire.click;
import static io.cloudsweep.bot.slack.SlackWire.event;
import static io.cloudsweep.bot.slack.SlackWire.slashCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --demo} for many workspaces: the OAuth install (GET /slack/install, Slack's redirect back with a code
 * and the state cookie, oauth.v2.access against the loopback Web API), the token kept encrypted, the workspace then
 * served with its own token, its installer and workspace admins as CloudSweep admins, and the uninstall.
 */
class SlackOAuthIT {

    private static final String SECRET = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String CLIENT_ID = "1111111111.2222222222";
    private static final String CLIENT_SECRET = "client-secret-for-tests";
    private static final String KEY = SecretBox.newKey();
    private static final String BETA_TOKEN = "xoxb-beta-0123456789-token";

    @TempDir
    Path dataDir;

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private FakeSlack slack;
    private ServedJar server;
    private SlackWire wire;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        server = ServedJar.start(dataDir, Map.of("SLACK_SIGNING_SECRET", SECRET, "SLACK_CLIENT_ID", CLIENT_ID, "SLACK_CLIENT_SECRET", CLIENT_SECRET,
                "SLACK_API_URL", slack.apiUrl().toString(), "CLOUDSWEEP_SECRET_KEY", KEY, "CLOUDSWEEP_LOG_LEVEL", "INFO"));
        wire = new SlackWire(server.uri("/slack/events"));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        slack.close();
    }

    @Test
    void anInstallStoresTheTokenEncryptedAndTheWorkspaceIsThenServedWithIt() throws Exception {
        slack.expectInstall("code-1", new FakeSlack.Install(CLIENT_ID, CLIENT_SECRET, "T0BETA", "U0INSTALLER", BETA_TOKEN));

        HttpResponse<String> install = get("/slack/install", null);
        assertThat(install.statusCode()).isEqualTo(302);
        URI authorize = URI.create(install.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.getHost()).isEqualTo("slack.com");
        assertThat(authorize.getPath()).isEqualTo("/oauth/v2/authorize");
        Map<String, String> query = FakeSlack.form(authorize.getRawQuery());
        assertThat(query).containsEntry("client_id", CLIENT_ID).containsEntry("scope", "commands,chat:write,chat:write.public,files:write,users:read");
        String cookie = install.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("slack-app-oauth-state=" + query.get("state") + ";").contains("HttpOnly").contains("Secure");

        HttpResponse<String> back = get("/slack/oauth_redirect?code=code-1&state=" + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8),
                cookie.substring(0, cookie.indexOf(';')));
        assertThat(back.statusCode()).isBetween(200, 399);
        assertThat(slack.calls("oauth.v2.access")).hasSize(1);
        assertThat(slack.calls("oauth.v2.access").get(0).authorization()).startsWith("Basic ");

        // The state is used up: the same redirect again exchanges nothing.
        slack.expectInstall("code-1", new FakeSlack.Install(CLIENT_ID, CLIENT_SECRET, "T0BETA", "U0INSTALLER", "xoxb-second"));
        get("/slack/oauth_redirect?code=code-1&state=" + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8),
                cookie.substring(0, cookie.indexOf(';')));
        assertThat(slack.calls("oauth.v2.access")).hasSize(1);

        // The workspace is served with its own token; its installer is an admin, so a medium-risk approval goes through.
        assertThat(wire.post(slashCommand("T0BETA", "U0INSTALLER", "scan"), Instant.now(), SECRET).statusCode()).isEqualTo(200);
        FakeSlack.Call volume = eventually(() -> slack.calls("chat.postMessage", call -> call.field("text").contains("vol-0e41b7c2d9a3f0101"))
                .stream().findFirst().orElse(null), Duration.ofSeconds(60), () -> "calls: " + FakeSlack.methods(slack.calls()));
        assertThat(volume.authorization()).isEqualTo("Bearer " + BETA_TOKEN);
        String approve = SlackWire.actions(volume).get(0).get("value").asText();

        wire.post(click("T0BETA", "U0MEMBER", volume.ts(), "approve", approve), Instant.now(), SECRET);
        FakeSlack.Call denied = eventually(() -> slack.calls("chat.postEphemeral").stream().findFirst().orElse(null), Duration.ofSeconds(20),
                () -> "calls: " + FakeSlack.methods(slack.calls()));
        assertThat(denied.field("user")).isEqualTo("U0MEMBER");
        assertThat(denied.field("text")).contains("admin");
        assertThat(slack.calls("users.info")).extracting(call -> call.field("user")).containsExactly("U0MEMBER");

        wire.post(click("T0BETA", "U0INSTALLER", volume.ts(), "approve", approve), Instant.now(), SECRET);
        eventually(() -> slack.calls("chat.update", call -> call.field("ts").equals(volume.ts()) && call.field("text").contains("approved by U0INSTALLER"))
                .stream().findFirst().orElse(null), Duration.ofSeconds(20), () -> "updates: " + slack.calls("chat.update"));
        assertThat(slack.calls("users.info")).as("the installer is known without asking Slack").hasSize(1);

        server.close();
        server = null;
        try (Database database = Database.open(DatabaseSettings.fromEnvironment(Map.of(), dataDir.resolve("data")))) {
            byte[] stored = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT secret_ciphertext FROM chat_installations WHERE platform = 'slack' AND installation_key = 'T0BETA'").mapTo(byte[].class).one());
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(BETA_TOKEN).doesNotContain("xoxb");
            ChatInstallations installations = new ChatInstallations(database, SecretBox.fromBase64(KEY));
            assertThat(installations.secret("slack", "T0BETA")).get().asString().contains(BETA_TOKEN);
            assertThat(installations.installer("slack", "T0BETA")).contains("U0INSTALLER");
        }
    }

    @Test
    void aWorkspaceAdminIsAnAdminAndAnUninstallStopsServingTheWorkspace() throws Exception {
        install("code-2", "T0BETA", "U0INSTALLER", BETA_TOKEN);
        slack.makeWorkspaceAdmin("U0OWNER");

        wire.post(slashCommand("T0BETA", "U0OWNER", "scan"), Instant.now(), SECRET);
        FakeSlack.Call volume = eventually(() -> slack.calls("chat.postMessage", call -> call.field("text").contains("vol-0e41b7c2d9a3f0101"))
                .stream().findFirst().orElse(null), Duration.ofSeconds(60), () -> "calls: " + FakeSlack.methods(slack.calls()));
        wire.post(click("T0BETA", "U0OWNER", volume.ts(), "approve", SlackWire.actions(volume).get(0).get("value").asText()), Instant.now(), SECRET);
        eventually(() -> slack.calls("chat.update", call -> call.field("text").contains("approved by U0OWNER")).stream().findFirst().orElse(null),
                Duration.ofSeconds(20), () -> "updates: " + slack.calls("chat.update") + "\nephemeral: " + slack.calls("chat.postEphemeral"));

        eventually(() -> slack.calls("files.completeUploadExternal").stream().findFirst().orElse(null), Duration.ofSeconds(30),
                () -> "the scan's CSV never came: " + FakeSlack.methods(slack.calls()));
        String uninstalled = event("T0BETA", "Ev9", Map.of("type", "app_uninstalled", "event_ts", Instant.now().getEpochSecond() + ".000200"));
        assertThat(wire.post(uninstalled, Instant.now(), SECRET, "application/json", Map.of()).statusCode()).isEqualTo(200);
        eventually(() -> server.log().contains("installation in Slack workspace T0BETA revoked") ? true : null, Duration.ofSeconds(20),
                () -> "the uninstall was not handled: " + server.log());
        int before = slack.calls().size();
        assertThat(wire.post(slashCommand("T0BETA", "U0OWNER", "findings", slack.responseUrl().toString()), Instant.now(), SECRET).statusCode())
                .isEqualTo(200);
        eventually(() -> slack.calls("response_url").isEmpty() ? null : true, Duration.ofSeconds(20), () -> "no answer at the response_url");
        List<FakeSlack.Call> after = slack.calls().subList(before, slack.calls().size());
        assertThat(after).as("nothing is done for an uninstalled workspace").noneMatch(call -> call.method().startsWith("chat."));
        assertThat(after).extracting(FakeSlack.Call::method).containsExactly("response_url");
        assertThat(after.get(0).field("body")).contains("CloudSweep is not installed in this workspace");
    }

    @Test
    void aForgedStateOrAMissingCookieExchangesNoCode() throws Exception {
        slack.expectInstall("code-3", new FakeSlack.Install(CLIENT_ID, CLIENT_SECRET, "T0EVIL", "U0EVE", "xoxb-evil"));

        get("/slack/oauth_redirect?code=code-3&state=forged", "slack-app-oauth-state=forged");
        HttpResponse<String> install = get("/slack/install", null);
        String state = FakeSlack.form(URI.create(install.headers().firstValue("Location").orElseThrow()).getRawQuery()).get("state");
        get("/slack/oauth_redirect?code=code-3&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8), null);

        assertThat(slack.calls("oauth.v2.access")).isEmpty();
    }

    private void install(String code, String team, String installer, String token) throws Exception {
        slack.expectInstall(code, new FakeSlack.Install(CLIENT_ID, CLIENT_SECRET, team, installer, token));
        HttpResponse<String> install = get("/slack/install", null);
        String cookie = install.headers().firstValue("Set-Cookie").orElseThrow();
        String state = FakeSlack.form(URI.create(install.headers().firstValue("Location").orElseThrow()).getRawQuery()).get("state");
        get("/slack/oauth_redirect?code=" + code + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8), cookie.substring(0, cookie.indexOf(';')));
        assertThat(slack.calls("oauth.v2.access")).isNotEmpty();
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
