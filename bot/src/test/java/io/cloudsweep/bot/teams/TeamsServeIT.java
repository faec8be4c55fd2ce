package io.cloudsweep.bot.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.cloudsweep.bot.server.ServedJar.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --demo} with Teams, the packaged jar against loopback servers that play the Teams channel (activities
 * with tokens signed by a test key published as OpenID metadata), the token endpoint and the Bot Connector.
 */
class TeamsServeIT {

    private static final String APP_ID = "00000000-1111-2222-3333-444444444444";
    private static final String TENANT = "tenant-acme";
    private static final String CONVERSATION = "a:1ops-personal-chat";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeTeams teams;
    private TeamsWire wire;
    private ServedJar server;

    @BeforeEach
    void start() throws Exception {
        teams = new FakeTeams();
        wire = new TeamsWire(teams, APP_ID, CONVERSATION);
        server = ServedJar.start(dataDir, Map.of("MICROSOFT_APP_ID", APP_ID, "MICROSOFT_APP_PASSWORD", "app-password",
                "MICROSOFT_APP_TENANT_ID", TENANT, "MICROSOFT_APP_AUTHORITY", teams.authority(),
                "BOT_OPENID_METADATA_URL", teams.base() + "/openid", "CLOUDSWEEP_ADMINS", "aad-ana"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        teams.close();
    }

    @Test
    void aScanIsAnsweredWithCardsAndApproveEndsWithTheCardSayingCleaned() throws Exception {
        teams.failNext(429, 502);
        long started = System.nanoTime();
        HttpResponse<String> ack = post(message("m-1", TENANT, "aad-ana", "<at>CloudSweep</at> scan"), teams.token(APP_ID));
        assertThat(ack.statusCode()).isEqualTo(202);
        List<FakeTeams.Call> cards = eventually(() -> {
            List<FakeTeams.Call> found = teams.calls("POST", call -> call.body().contains("Action.Execute") && call.body().contains("approve F-"));
            return found.size() >= 8 ? found : null;
        }, Duration.ofSeconds(60), () -> "connector calls: " + teams.connectorCalls());
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("answered within 15 s").isLessThan(15);

        List<FakeTeams.Call> progressPosts = teams.calls("POST", call -> call.body().contains("Scan started"));
        assertThat(progressPosts).extracting(FakeTeams.Call::answeredId).as("throttled, then a bad gateway, then through")
                .containsExactly("HTTP 429", "HTTP 502", "activity-1");
        FakeTeams.Call progress = progressPosts.get(2);
        assertThat(progress.path()).as("posted proactively in the conversation").startsWith("/teams/v3/conversations/" + CONVERSATION + "/activities");
        assertThat(progress.authorization()).isEqualTo("Bearer " + FakeTeams.OUTBOUND_TOKEN);
        assertThat(teams.calls("POST", call -> call.path().equals("/login/" + TENANT + "/oauth2/v2.0/token"))).isNotEmpty()
                .allMatch(call -> call.body().contains("grant_type=client_credentials") && call.body().contains("client_id=" + APP_ID));
        assertThat(teams.calls("PUT", call -> call.body().contains("Scan complete"))).as("the progress card becomes the summary").isNotEmpty();

        FakeTeams.Call volume = cards.stream().filter(call -> call.body().contains("vol-0e41b7c2d9a3f0101")).findFirst().orElseThrow();
        JsonNode card = volume.json().get("attachments").get(0);
        assertThat(card.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(card.get("content").get("version").asText()).isEqualTo("1.4");
        JsonNode actions = card.get("content").get("actions");
        assertThat(actions).extracting(action -> action.get("type").asText())
                .containsExactly("Action.Execute", "Action.Execute", "Action.Execute", "Action.Execute", "Action.ShowCard");
        String approve = actions.get(0).get("data").get("command").asText();
        assertThat(approve).matches("approve F-\\d+");
        assertThat(actions.get(0).get("verb").asText()).isEqualTo("command");
        assertThat(actions.get(4).get("card").get("body").get(0).get("id").asText()).as("Reject asks for a reason").isEqualTo("reason");
        FakeTeams.Call database = cards.stream().filter(call -> call.body().contains("analytics-old")).findFirst().orElseThrow();
        JsonNode highRiskApprove = database.json().get("attachments").get(0).get("content").get("actions").get(0);
        assertThat(highRiskApprove.get("type").asText()).as("high risk asks first").isEqualTo("Action.ShowCard");
        assertThat(highRiskApprove.get("card").get("body").get(0).get("text").asText()).contains("needs two admins");
        assertThat(highRiskApprove.get("card").get("actions").get(0).get("data").get("command").asText()).matches("approve F-\\d+");
        post(message("m-2", TENANT, "aad-ana", "notify me on"), teams.token(APP_ID));
        eventually(() -> teams.calls("POST", call -> call.body().contains("You will get a direct message")).isEmpty() ? null : true,
                Duration.ofSeconds(20), () -> "connector calls: " + teams.connectorCalls());
        HttpResponse<String> pressed = post(invoke("i-1", TENANT, "aad-ana", volume.answeredId(), approve), teams.token(APP_ID));
        assertThat(pressed.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(pressed.body());
        assertThat(answer.get("type").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(answer.get("value").toString()).contains("approved by aad-ana");

        FakeTeams.Call cleaned = eventually(() -> teams.calls("PUT", call -> call.path().endsWith("/activities/" + volume.answeredId())
                && call.body().contains("cleaned (C-1)")).stream().findFirst().orElse(null), Duration.ofSeconds(30),
                () -> "updates: " + teams.calls("PUT", call -> true));
        assertThat(cleaned.body()).containsPattern("backup snap-[0-9a-f]+").contains("undo C-1");
        FakeTeams.Call opened = eventually(() -> teams.calls("POST", call -> call.path().equals("/teams/v3/conversations")).stream().findFirst()
                .orElse(null), Duration.ofSeconds(30), () -> "connector calls: " + teams.connectorCalls());
        assertThat(opened.json().get("members").get(0).get("id").asText()).as("the approver, by AAD object id").isEqualTo("aad-ana");
        assertThat(opened.json().get("tenantId").asText()).isEqualTo(TENANT);
        assertThat(opened.json().get("isGroup").asBoolean()).isFalse();
        FakeTeams.Call told = eventually(() -> teams.calls("POST", call -> call.path().startsWith("/teams/v3/conversations/" + opened.answeredId()
                + "/activities")).stream().findFirst().orElse(null), Duration.ofSeconds(30), () -> "connector calls: " + teams.connectorCalls());
        assertThat(told.body()).contains("which you approved (delete_volume vol-0e41b7c2d9a3f0101 in 123456789012), is done");

        HttpResponse<String> undone = post(invoke("i-2", TENANT, "aad-ana", volume.answeredId(), "undo C-1"), teams.token(APP_ID));
        // the press is answered with whichever comes first: the refreshed card or the message for the presser
        assertThat(JSON.readTree(undone.body()).get("value").toString()).containsPattern("C-1 (was )?undone: volume vol-");
        HttpResponse<String> again = post(invoke("i-2", TENANT, "aad-ana", volume.answeredId(), "undo C-1"), teams.token(APP_ID));
        assertThat(again.statusCode()).isEqualTo(200);
        List<String> sequence = teams.calls("PUT", call -> call.path().endsWith("/activities/" + volume.answeredId())).stream()
                .map(FakeTeams.Call::body).toList();
        assertThat(String.join("\n", sequence)).containsSubsequence("cleaning up (C-1)", "cleaned (C-1)");

        List<FakeTeams.Call> summaries = teams.calls("PUT", call -> call.body().contains("Scan complete"));
        JsonNode summaryActions = summaries.get(summaries.size() - 1).json().get("attachments").get(0).get("content").get("actions");
        assertThat(summaryActions).extracting(action -> action.get("title").asText()).contains("Approve all 3 low-risk eip-unassociated");
        FakeTeams.Call more = eventually(() -> teams.calls("POST", call -> call.body().contains("\"findings --from 8\"")).stream().findFirst().orElse(null),
                Duration.ofSeconds(30), () -> "no Show more: " + teams.connectorCalls());
        assertThat(more.body()).as("the demo's 32 findings, 8 of them shown").contains("24 more findings");
        HttpResponse<String> shown = post(invoke("i-4", TENANT, "aad-ana", more.answeredId(), "findings --from 8"), teams.token(APP_ID));
        assertThat(JSON.readTree(shown.body()).get("value").toString()).contains("Showing more findings below.");
        eventually(() -> teams.calls("POST", call -> call.body().contains("Action.Execute") && call.body().contains("snooze F-")).size() >= 16
                ? true : null, Duration.ofSeconds(30), () -> "the next page did not come");

        HttpResponse<String> allLow = post(invoke("i-3", TENANT, "aad-bo", "activity-1", "approve-low eip-unassociated"), teams.token(APP_ID));
        assertThat(JSON.readTree(allLow.body()).get("value").asText()).startsWith("Approved 3 low-risk eip-unassociated findings:");
    }

    @Test
    void forgedTokensOfEveryKindGet401AndCauseNothing() throws Exception {
        String activity = message("m-2", TENANT, "aad-ana", "scan");
        String wrongServiceUrl = teams.token(APP_ID, FakeTeams.ISSUER, "http://127.0.0.1:9/elsewhere/", Instant.now().plusSeconds(600), true);
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("missing", null);
        forged.put("malformed", "Bearer not-a-jwt");
        forged.put("not bearer", "Basic " + teams.token(APP_ID));
        forged.put("expired", "Bearer " + teams.token(APP_ID, FakeTeams.ISSUER, teams.serviceUrl(), Instant.now().minusSeconds(3600), true));
        forged.put("signed with another key", "Bearer " + teams.token(APP_ID, FakeTeams.ISSUER, teams.serviceUrl(), Instant.now().plusSeconds(600), false));
        forged.put("for another bot", "Bearer " + teams.token("another-app", FakeTeams.ISSUER, teams.serviceUrl(), Instant.now().plusSeconds(600), true));
        forged.put("from another issuer", "Bearer " + teams.token(APP_ID, "https://evil.example.com", teams.serviceUrl(), Instant.now().plusSeconds(600), true));
        forged.put("for another service URL", "Bearer " + wrongServiceUrl);

        for (Map.Entry<String, String> token : forged.entrySet()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/messages")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(activity));
            if (token.getValue() != null) {
                request.header("Authorization", token.getValue());
            }
            assertThat(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as(token.getKey()).isEqualTo(401);
        }
        HttpResponse<String> bare = http.send(HttpRequest.newBuilder(server.uri("/api/messages")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).as("no token and no activity: the token is asked for first").isEqualTo(401);
        assertThat(post(activity.replace("\"msteams\"", "\"webchat\""), teams.token(APP_ID)).statusCode())
                .as("a key not endorsed for the channel").isEqualTo(401);

        // A valid activity after them is answered: had a forged one been let in, its answer would come too.
        assertThat(post(message("m-9", TENANT, "aad-ana", "savings"), teams.token(APP_ID)).statusCode()).isEqualTo(202);
        eventually(() -> teams.connectorCalls().isEmpty() ? null : true, Duration.ofSeconds(20), () -> "the valid activity was not answered");
        assertThat(teams.connectorCalls()).singleElement().extracting(FakeTeams.Call::body).asString().contains("Nothing saved yet");
    }

    @Test
    void aRedeliveredMessageIsAnsweredOnceAnotherTenantIsRefusedAndRoleTakesAMention() throws Exception {
        String help = message("m-3", TENANT, "aad-bo", "help");
        assertThat(post(help, teams.token(APP_ID)).statusCode()).isEqualTo(202);
        assertThat(post(help, teams.token(APP_ID)).statusCode()).isEqualTo(202);
        HttpResponse<String> pressed = post(invoke("i-2", "tenant-evil", "aad-eve", "activity-1", "approve F-1"), teams.token(APP_ID));
        assertThat(pressed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(pressed.body()).get("value").asText()).contains("another organization's tenant");

        // A new message after them is answered: had the redelivery or the other tenant's press been acted on, more would come.
        assertThat(post(message("m-4", TENANT, "aad-bo", "savings"), teams.token(APP_ID)).statusCode()).isEqualTo(202);
        eventually(() -> teams.connectorCalls().stream().anyMatch(call -> call.body().contains("Nothing saved yet"))
                && teams.connectorCalls().stream().anyMatch(call -> call.body().contains("approve F-12")) ? true : null,
                Duration.ofSeconds(20), () -> "no answer: " + teams.connectorCalls());
        assertThat(teams.connectorCalls()).hasSize(2);
        assertThat(teams.connectorCalls()).filteredOn(call -> call.body().contains("approve F-12")).as("help, answered once").hasSize(1);
        // role takes a Teams mention, and names the person by their AAD object id, as the conversation's members say.
        Map<String, Object> activity = base("m-6", TENANT, "aad-ana");
        activity.put("type", "message");
        activity.put("text", "<at>CloudSweep</at> role <at>Bo Berg</at> viewer");
        activity.put("entities", List.of(
                Map.of("type", "mention", "text", "<at>CloudSweep</at>", "mentioned", Map.of("id", "28:" + APP_ID, "name", "CloudSweep")),
                Map.of("type", "mention", "text", "<at>Bo Berg</at>", "mentioned", Map.of("id", "29:aad-bo", "name", "Bo Berg"))));
        assertThat(post(JSON.writeValueAsString(activity), teams.token(APP_ID)).statusCode()).isEqualTo(202);
        FakeTeams.Call changed = eventually(() -> teams.calls("POST", call -> call.body().contains("is now a viewer")).stream().findFirst()
                .orElse(null), Duration.ofSeconds(20), () -> "connector calls: " + teams.connectorCalls());
        assertThat(changed.body()).contains("aad-bo is now a viewer.");
        assertThat(teams.calls("GET", call -> call.path().endsWith("/members/29:aad-bo"))).hasSize(1);

        // bo can no longer scan: the role landed on the person mentioned.
        post(message("m-7", TENANT, "aad-bo", "scan"), teams.token(APP_ID));
        eventually(() -> teams.calls("POST", call -> call.body().contains("Viewers cannot start scans")).isEmpty() ? null : true,
                Duration.ofSeconds(20), () -> "connector calls: " + teams.connectorCalls());
    }

    @Test
    void whoeverAddedTheBotIsAnAdminAndADoublePressActsOnce() throws Exception {
        Map<String, Object> added = base("u-1", TENANT, "aad-carol");
        added.put("type", "installationUpdate");
        added.put("action", "add");
        assertThat(post(JSON.writeValueAsString(added), teams.token(APP_ID)).statusCode()).isBetween(200, 202);

        post(message("m-5", TENANT, "aad-carol", "scan"), teams.token(APP_ID));
        FakeTeams.Call volume = eventually(() -> teams.calls("POST", call -> call.body().contains("vol-0e41b7c2d9a3f0101")).stream().findFirst()
                .orElse(null), Duration.ofSeconds(60), () -> "connector calls: " + teams.connectorCalls());
        String approve = volume.json().get("attachments").get(0).get("content").get("actions").get(0).get("data").get("command").asText();

        HttpResponse<String> byMember = post(invoke("i-5", TENANT, "aad-dan", volume.answeredId(), approve), teams.token(APP_ID));
        assertThat(JSON.readTree(byMember.body()).get("value").asText()).contains("Not approved: medium-risk cleanups need an admin's approval");

        HttpResponse<String> byInstaller = post(invoke("i-6", TENANT, "aad-carol", volume.answeredId(), approve), teams.token(APP_ID));
        assertThat(JSON.readTree(byInstaller.body()).get("value").toString()).contains("approved by aad-carol").contains("C-1");
        HttpResponse<String> again = post(invoke("i-7", TENANT, "aad-carol", volume.answeredId(), approve), teams.token(APP_ID));
        assertThat(JSON.readTree(again.body()).get("value").toString()).contains("C-1").doesNotContain("C-2");
    }

    /**
     * Teams refuses a bot message over 40 KB (413 MessageSizeTooBig; the limit counts the payload, Microsoft says without
     * inline images): the digest with its chart inline stays under it counted whole, image included.
     */
    @Test
    void digestNowShowsTheChartInTheCardWithinTeamsMessageLimitAndTheCostliestCardsAfterIt() throws Exception {
        post(message("m-8", TENANT, "aad-ana", "scan"), teams.token(APP_ID));
        eventually(() -> teams.calls("PUT", call -> call.body().contains("Scan complete")).isEmpty() ? null : true, Duration.ofSeconds(60),
                () -> "connector calls: " + teams.connectorCalls());

        post(message("m-9", TENANT, "aad-dan", "<at>CloudSweep</at> digest now"), teams.token(APP_ID));

        FakeTeams.Call digest = eventually(() -> teams.calls("POST", call -> call.body().contains("CloudSweep weekly digest")).stream()
                .findFirst().orElse(null), Duration.ofSeconds(30), () -> "connector calls: " + teams.connectorCalls());
        assertThat(digest.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).as("the whole activity, chart included")
                .isLessThan(40 * 1024);
        JsonNode body = digest.json().get("attachments").get(0).get("content").get("body");
        JsonNode image = java.util.stream.StreamSupport.stream(body.spliterator(), false).filter(block -> block.get("type").asText().equals("Image"))
                .findFirst().orElseThrow(() -> new AssertionError("no chart in " + body));
        String url = image.get("url").asText();
        assertThat(url).startsWith("data:image/png;base64,");
        byte[] png = java.util.Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth()).isEqualTo(640);
        assertThat(image.get("altText").asText()).startsWith("Open waste and realised savings over the last 12 weeks");
        List<FakeTeams.Call> top = eventually(() -> {
            List<FakeTeams.Call> after = teams.calls("POST", call -> true).stream().dropWhile(call -> call != digest)
                    .filter(call -> call.body().contains("approve F-")).toList();
            return after.size() >= 5 ? after : null;
        }, Duration.ofSeconds(30), () -> "connector calls: " + teams.connectorCalls());
        assertThat(top).hasSize(5);
    }

    private HttpResponse<String> post(String activity, String token) throws Exception {
        return wire.post(server.uri("/api/messages"), activity, token);
    }

    private String message(String id, String tenant, String user, String text) throws Exception {
        return wire.message(id, tenant, user, text);
    }

    private String invoke(String id, String tenant, String user, String replyToId, String command) throws Exception {
        return wire.invoke(id, tenant, user, replyToId, command);
    }

    private Map<String, Object> base(String id, String tenant, String user) {
        return wire.base(id, tenant, user);
    }
}
