package io.cloudsweep.adapters.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What reaches {@code /slack/events}, checked before Bolt runs it: the signature first (nothing unsigned is parsed),
 * then the body read as Slack's; and, once parsed, whether a payload names the team, user and channel it is to run as
 * and in. Thread-safe.
 */
final class SlackRequests {

    /** A request refused before it ran, with the answer to give. */
    static final class Refused extends Exception {
        private final transient SlackBot.HttpResponse response;

        private Refused(SlackBot.HttpResponse response) {
            super(null, null, false, false);
            this.response = response;
        }

        SlackBot.HttpResponse response() {
            return response;
        }
    }

    /** Signed by Slack, yet missing who or where: nothing to run it as, or in. */
    static final Response INCOMPLETE = Response.builder().statusCode(400).contentType("text/plain; charset=utf-8")
            .body("incomplete request").build();

    private static final Logger LOG = LoggerFactory.getLogger(SlackRequests.class);
    /** Slack's browser redirects of an install, which carry no signature. */
    private static final Set<String> OAUTH_PATHS = Set.of("/slack/install", "/slack/oauth_redirect");

    private final SlackSignatures signatures;
    private final SlackRequestParser parser;
    private final Clock clock;

    SlackRequests(String signingSecret, SlackRequestParser parser, Clock clock) {
        this.signatures = new SlackSignatures(signingSecret);
        this.parser = parser;
        this.clock = clock;
    }

    /**
     * The request as Bolt reads it.
     *
     * @throws Refused with 401 when it is not signed with the secret, now; with 400 when it is, yet is no payload Slack
     *                 sends (its JSON not an object, say)
     */
    Request<?> read(SlackBot.HttpRequest request) throws Refused {
        if (!OAUTH_PATHS.contains(request.path()) && !signatures.valid(request.headers(), request.body(), clock.instant())) {
            throw new Refused(new SlackBot.HttpResponse(401, "application/json; charset=utf-8", Map.of(), "{\"error\":\"invalid request\"}"));
        }
        Request<?> parsed;
        try {
            RequestHeaders headers = new RequestHeaders(request.headers());
            parsed = click(request, headers);
            if (parsed == null) {
                parsed = command(request, headers);
            }
            if (parsed == null) {
                parsed = parser.parse(SlackRequestParser.HttpRequest.builder().requestUri(request.path())
                        .queryString(QueryStringParser.toMap(request.query())).headers(headers)
                        .requestBody(request.body()).remoteAddress(request.remoteAddress()).build());
            }
        } catch (RuntimeException e) {
            LOG.warn("a signed Slack request that is not one Slack sends: {}: {}", e.getClass().getSimpleName(),
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            parsed = null;
        }
        if (parsed == null) {
            throw new Refused(new SlackBot.HttpResponse(400, "text/plain; charset=utf-8", Map.of(), "invalid request"));
        }
        return parsed;
    }

    /** {@code body} as Slack would send it to {@code path} now, signed with the secret: for warming up the path requests take. */
    SlackBot.HttpRequest signed(String path, String body) {
        return new SlackBot.HttpRequest(path, "", signatures.headers(body, clock.instant()), body, "127.0.0.1");
    }

    /**
     * A button click read as {@link ClickRequest}, set up as Bolt's parser sets up the requests it reads (the app's
     * configuration, the query string, the caller's address); null when the body is no click.
     */
    private ClickRequest click(SlackBot.HttpRequest request, RequestHeaders headers) {
        if (!request.body().startsWith("payload=")) {
            return null;
        }
        String json = payloadField(request.body());
        JsonElement payload = json == null ? null : JsonParser.parseString(json);
        if (payload == null || !payload.isJsonObject() || !(payload.getAsJsonObject().get("type") instanceof JsonPrimitive type)
                || !"block_actions".equals(type.getAsString())) {
            return null;
        }
        return prepared(new ClickRequest(request.body(), payload.getAsJsonObject(), headers), request, headers);
    }

    /**
     * A slash command read as Bolt's {@code SlashCommandPayloadParser} reads it, fields split and decoded alike, in one
     * pass: Bolt's parser takes three (is there a {@code payload} field, a {@code command} field, then the command),
     * compiling a regex for every field in each, a fifth of a command's acknowledgement. Null when the body is no
     * command: JSON, a form without a {@code command} field, or one with a {@code payload} field (Bolt reads that as an
     * interaction).
     *
     * @throws IllegalArgumentException when a field is not URL-encoded, as Bolt's parser throws
     */
    private SlashCommandRequest command(SlackBot.HttpRequest request, RequestHeaders headers) {
        String body = request.body();
        String trimmed = body.trim();
        if (trimmed.isEmpty() || trimmed.charAt(0) == '{' || trimmed.charAt(0) == '[') {
            return null;
        }
        List<String[]> fields = new ArrayList<>();
        for (String pair : body.split("\\&")) {
            String[] halves = pair.split("=");
            if (halves.length == 2) {
                fields.add(new String[] {decoded(halves[0].trim().replace("\n", "")), halves[1]});
            }
        }
        if (fields.stream().anyMatch(field -> field[0].equals("payload")) || fields.stream().noneMatch(field -> field[0].equals("command"))) {
            return null;
        }
        SlashCommandPayload payload = new SlashCommandPayload();
        fields.forEach(field -> set(payload, field[0], decoded(field[1])));
        return prepared(new SlashCommandRequest(body, payload, headers), request, headers);
    }

    /** Sets the field of a slash command Slack names {@code name}; a field Slack may add later is left, as Bolt leaves it. */
    private static void set(SlashCommandPayload payload, String name, String value) {
        switch (name) {
            case "token" -> payload.setToken(value);
            case "team_id" -> payload.setTeamId(value);
            case "team_domain" -> payload.setTeamDomain(value);
            case "enterprise_id" -> payload.setEnterpriseId(value);
            case "enterprise_name" -> payload.setEnterpriseName(value);
            case "api_app_id" -> payload.setApiAppId(value);
            case "channel_id" -> payload.setChannelId(value);
            case "channel_name" -> payload.setChannelName(value);
            case "user_id" -> payload.setUserId(value);
            case "user_name" -> payload.setUserName(value);
            case "command" -> payload.setCommand(value);
            case "text" -> payload.setText(value);
            case "response_url" -> payload.setResponseUrl(value);
            case "trigger_id" -> payload.setTriggerId(value);
            default -> {
            }
        }
    }

    private static String decoded(String field) {
        return java.net.URLDecoder.decode(field, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code read} set up as Bolt's parser sets up the requests it reads: the app's configuration, the query string, the caller's address. */
    private <T extends Request<?>> T prepared(T read, SlackBot.HttpRequest request, RequestHeaders headers) {
        read.updateContext(parser.getAppConfig());
        read.getQueryString().putAll(QueryStringParser.toMap(request.query()));
        read.setClientIpAddress(Optional.ofNullable(headers.getFirstValue("X-Forwarded-For")).orElse(request.remoteAddress()));
        return read;
    }

    /**
     * The acknowledgement that shows {@code text} to the person who typed the command alone, as Bolt's {@code ack} with an
     * ephemeral text answers, its JSON written here: Gson's, by reflection and escaping each character on its own, was a
     * fifth of the acknowledgement of {@code help}, whose answer is long.
     */
    static Response ephemeral(String text) {
        return Response.json(200, "{\"response_type\":\"ephemeral\",\"text\":" + quoted(text) + "}");
    }

    /** {@code text} as a JSON string, quotes and all; what needs no escaping is copied a run at a time. */
    static String quoted(String text) {
        StringBuilder json = new StringBuilder(text.length() + 16).append('"');
        int copied = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c < 0x20 || c == '\u2028' || c == '\u2029' ? String.format(java.util.Locale.ROOT, "\\u%04x", (int) c) : null;
            };
            if (escaped != null) {
                json.append(text, copied, i).append(escaped);
                copied = i + 1;
            }
        }
        return json.append(text, copied, text.length()).append('"').toString();
    }

    /**
     * The {@code payload} field of a form body, URL-decoded; null when there is none. The SDK's extractor splits the form
     * with regexes compiled for each request, a tenth of a click's acknowledgement.
     *
     * @throws IllegalArgumentException when the field is not URL-encoded
     */
    static String payloadField(String body) {
        for (String field : body.split("&")) {
            if (field.startsWith("payload=")) {
                return decoded(field.substring("payload=".length()));
            }
        }
        return null;
    }

    /**
     * Slack's own key for what it delivered, the same however often it sends it: an event's {@code event_id}, a command's,
     * click's or form's {@code trigger_id} (one per person's action); empty for anything else.
     */
    static Optional<String> deliveryKey(Request<?> request) {
        String key = null;
        if (request instanceof SlashCommandRequest command) {
            key = command.getPayload().getTriggerId();
        } else if (request instanceof BlockActionRequest click) {
            key = click.getPayload().getTriggerId();
        } else if (request instanceof ViewSubmissionRequest submission) {
            key = submission.getPayload().getTriggerId();
        } else if (request instanceof EventRequest event) {
            JsonElement body = JsonParser.parseString(event.getRequestBodyAsString());
            JsonElement id = body.isJsonObject() ? body.getAsJsonObject().get("event_id") : null;
            key = id == null || !id.isJsonPrimitive() ? null : id.getAsString();
        }
        return deliveryKey(key);
    }

    /** The delivery key of Slack's own id {@code key} (a trigger or event id); empty when there is none worth claiming. */
    static Optional<String> deliveryKey(String key) {
        return key == null || key.isBlank() || key.length() > 200 ? Optional.empty() : Optional.of("slack/" + key);
    }

    static boolean complete(SlashCommandPayload payload) {
        return present(payload.getTeamId(), payload.getChannelId(), payload.getUserId());
    }

    static boolean complete(BlockActionPayload payload) {
        var container = payload.getContainer();
        return payload.getTeam() != null && payload.getUser() != null && container != null && payload.getActions() != null
                && !payload.getActions().isEmpty()
                && present(payload.getTeam().getId(), payload.getUser().getId(), container.getChannelId(), container.getMessageTs());
    }

    static boolean complete(ViewSubmissionPayload payload) {
        return payload.getTeam() != null && payload.getUser() != null && present(payload.getTeam().getId(), payload.getUser().getId());
    }

    static boolean present(String... values) {
        return Arrays.stream(values).allMatch(value -> value != null && !value.isBlank());
    }
}
