package io.cloudsweep.bot.teams;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Bot Framework activities as the Teams channel sends them to one conversation, and posting them with a token. */
final class TeamsWire {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FakeTeams teams;
    private final String appId;
    private final String conversation;

    TeamsWire(FakeTeams teams, String appId, String conversation) {
        this.teams = teams;
        this.appId = appId;
        this.conversation = conversation;
    }

    HttpResponse<String> post(URI messages, String activity, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(messages).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(activity)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String message(String id, String tenant, String user, String text) throws Exception {
        Map<String, Object> activity = base(id, tenant, user);
        activity.put("type", "message");
        activity.put("text", text);
        return JSON.writeValueAsString(activity);
    }

    /** A press of an Action.Execute button carrying {@code command}, on the message {@code replyToId}. */
    String invoke(String id, String tenant, String user, String replyToId, String command) throws Exception {
        Map<String, Object> activity = base(id, tenant, user);
        activity.put("type", "invoke");
        activity.put("name", "adaptiveCard/action");
        activity.put("replyToId", replyToId);
        activity.put("value", Map.of("action", Map.of("type", "Action.Execute", "verb", "command", "data", Map.of("command", command))));
        return JSON.writeValueAsString(activity);
    }

    /** What every activity carries: who, in which tenant and conversation, to which bot, through which service URL. */
    Map<String, Object> base(String id, String tenant, String user) {
        Map<String, Object> activity = new LinkedHashMap<>();
        activity.put("id", id);
        activity.put("timestamp", Instant.now().toString());
        activity.put("serviceUrl", teams.serviceUrl());
        activity.put("channelId", "msteams");
        activity.put("from", Map.of("id", "29:" + user, "name", user, "aadObjectId", user));
        activity.put("conversation", Map.of("id", conversation, "conversationType", "personal", "tenantId", tenant));
        activity.put("recipient", Map.of("id", "28:" + appId, "name", "CloudSweep"));
        activity.put("channelData", Map.of("tenant", Map.of("id", tenant)));
        return activity;
    }
}
