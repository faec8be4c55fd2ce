package io.cloudsweep.adapters.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.event.AppHomeOpenedEvent;
import io.cloudsweep.engine.chat.ButtonCodec;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.ChatPort;
import io.cloudsweep.engine.chat.ChatRuntime;
import io.cloudsweep.engine.chat.ConversationDriver;
import io.cloudsweep.engine.store.Organization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * CloudSweep in Slack, on Bolt: the routes of {@code /sweep} commands, the finding cards' buttons, the reject dialog
 * and App Home, for one workspace or many. Every request is verified before Bolt reads it ({@link SlackRequests}: signature
 * and a five-minute timestamp window, 401 otherwise) and acknowledged at once; the work runs on the engine's
 * {@link ChatRuntime}, whose {@link ConversationDriver} answers through a {@link SlackConversation} of the request's
 * channel. A click is the command its button carries, run as the clicking user in the clicking workspace's
 * organization, so a button cannot do more than that person could type. Thread-safe.
 */
public final class SlackBot implements AutoCloseable {

    static final String CHAT = "slack";
    private static final Logger LOG = LoggerFactory.getLogger(SlackBot.class);
    /** The action ids of CloudSweep's buttons ({@link ButtonCodec#name}); the value, not the id, says what runs. */
    private static final Pattern BUTTONS = Pattern.compile("^[a-z][a-z0-9-]{0,80}$");

    /** What the bot needs of the rest of CloudSweep: what every chat needs, and Slack's installs, workspaces and App Home. */
    public record Services(ChatRuntime.Services chat, SlackInstallStore installs, Function<String, Organization> organizationOfTeam,
                           LongFunction<Organization> organizationOfId, Function<Organization, List<Card>> dashboard) {
        public Services {
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(installs, "installs");
            Objects.requireNonNull(organizationOfTeam, "organizationOfTeam");
            Objects.requireNonNull(organizationOfId, "organizationOfId");
            Objects.requireNonNull(dashboard, "dashboard");
        }
    }

    /** The bot scopes asked for at install; the manifest lists the same. */
    static final String SCOPES = "commands,chat:write,chat:write.public,files:write,users:read";

    private final App app;
    private final Slack slack;
    /** The Web API with no token: each workspace's poster is made from it, sharing its pacing. */
    private final SlackPoster webApi;
    private final Optional<String> singleToken;
    private final StoredInstallations installations;
    private final WorkspaceAdmins admins;
    private final Services services;
    private final ButtonCodec codec;
    private final ChatRuntime runtime;
    private final SlackRequests requests;

    private SlackBot(App app, Slack slack, SlackSettings settings, Services services) {
        this.app = app;
        this.requests = new SlackRequests(settings.signingSecret(), new SlackRequestParser(app.config()), services.chat().clock());
        this.slack = slack;
        this.codec = new ButtonCodec(services.chat().interpreter().parser());
        BlockKit blockKit = new BlockKit(codec);
        this.webApi = new SlackPoster(slack, settings.postEvery(), blockKit);
        this.singleToken = settings.workspaces() instanceof SlackSettings.One one ? Optional.of(one.botToken()) : Optional.empty();
        this.installations = new StoredInstallations(services.installs());
        this.admins = new WorkspaceAdmins(installations);
        this.services = services;
        this.runtime = new ChatRuntime(services.chat(), new ChatRuntime.Transport(CHAT, card -> BlockKit.text(card) + blockKit.blocks(card),
                (location, card) -> poster(services.organizationOfId().apply(location.organizationId()).externalId())
                        .update(location.channel(), location.messageId(), card),
                new Channels(), LogContext::carried),
                (what, failure) -> LOG.error("Slack {} failed: {}", what, failure.toString(), failure));
    }

    /**
     * Starts the bot. With one workspace, checks its token with {@code auth.test} (a bad token fails here, at
     * start); with OAuth, serves {@code GET /slack/install} and {@code GET /slack/oauth_redirect} too, keeps each
     * install in the install store, and revokes it on {@code app_uninstalled} and {@code tokens_revoked}.
     *
     * @throws IllegalArgumentException when Slack refuses the token
     */
    public static SlackBot start(SlackSettings settings, Services services) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        config.setStatsEnabled(false);
        Slack slack = Slack.getInstance(config);
        // SlackRequests has verified every signature before Bolt reads the request, more strictly (no timestamps from the
        // future, the body's UTF-8 whatever the platform's charset): Bolt's second check cost a quarter of an acknowledgement.
        AppConfig.AppConfigBuilder app = AppConfig.builder().slack(slack).signingSecret(settings.signingSecret()).requestVerificationEnabled(false);
        if (settings.workspaces() instanceof SlackSettings.One one) {
            TokenCheck.check(slack, settings.apiUrl(), one.botToken());
            app.singleTeamBotToken(one.botToken());
        } else if (settings.workspaces() instanceof SlackSettings.Many many) {
            app.clientId(many.clientId()).clientSecret(many.clientSecret()).scope(SCOPES).userScope("")
                    .oauthInstallPath("/slack/install").oauthRedirectUriPath("/slack/oauth_redirect")
                    .oAuthInstallPageRenderingEnabled(false);
        }
        SlackBot bot = new SlackBot(new App(app.build()), slack, settings, services);
        if (settings.workspaces() instanceof SlackSettings.Many) {
            bot.app.asOAuthApp(true);
            bot.app.service(bot.installations);
            bot.app.service(new StoredInstallations.States(services.installs()));
            bot.app.enableTokenRevocationHandlers();
        }
        bot.register();
        bot.app.start();
        return bot;
    }

    /** What the server does in Slack of its own accord (schedules, snoozes that ended, digests, notices), and its card updates. */
    public ChatRuntime runtime() {
        return runtime;
    }

    /** Channels (and people, by their user id) the server posts in of its own accord, with the workspace's own token. */
    private final class Channels implements ChatRuntime.Conversations {
        @Override
        public ChatPort open(Organization organization, String channel, String user) {
            return new SlackConversation(poster(organization.externalId()), channel, user, Optional.empty());
        }

        /** A post to a user's id lands in the app's direct messages with them. */
        @Override
        public ChatPort direct(Organization organization, String user, Optional<String> near) {
            return open(organization, user, ConversationDriver.SCHEDULE.userId());
        }
    }

    /** The Web API acting with {@code token}: for a request, the bot token Bolt found for its workspace while authorizing it. */
    private SlackPoster posterWith(String token) {
        return webApi.as(slack.methods(token), token);
    }

    /** The Web API acting in {@code team}, with its bot token, when no request is at hand (a card updated as its cleanup goes). */
    private SlackPoster poster(String team) {
        return posterWith(singleToken.or(() -> installations.botToken(team))
                .orElseThrow(() -> new SlackPoster.SlackException("CloudSweep is not installed in Slack workspace " + team)));
    }

    /** A request as the HTTP server received it: the raw body, untouched, as its signature covers it. */
    public record HttpRequest(String path, String query, Map<String, List<String>> headers, String body, String remoteAddress) {
    }

    /** The answer to write back. */
    public record HttpResponse(int status, String contentType, Map<String, List<String>> headers, String body) {
    }

    /** Verifies and answers one request to {@code /slack/events}; the slow work continues after it. */
    public HttpResponse handle(HttpRequest request) {
        Request<?> parsed;
        try {
            parsed = requests.read(request);
        } catch (SlackRequests.Refused refused) {
            return refused.response();
        }
        try {
            Response response = app.run(parsed);
            return new HttpResponse(response.getStatusCode(), response.getContentType(),
                    response.getHeaders() == null ? Map.of() : response.getHeaders(),
                    response.getBody() == null ? "" : response.getBody());
        } catch (Exception e) {
            LOG.error("Slack request failed", e);
            return new HttpResponse(500, "text/plain; charset=utf-8", Map.of(), "internal error");
        }
    }

    /**
     * Runs the acknowledgement path on requests of its own making, for at most {@code budget}, before the server takes
     * any ({@link SlackWarmUp}); how many it ran.
     */
    public int warmUp(String path, Duration budget) {
        return new SlackWarmUp(this::handle, requests, singleToken.isPresent()).run(path, budget);
    }

    /**
     * Runs {@code task} on the work threads once for all of a request's deliveries: what Slack (or a proxy) delivers
     * again, to this replica or another, is acknowledged like the first, and dropped by the runtime's claim.
     */
    private void once(Request<?> request, Runnable task) {
        runtime.once(SlackRequests.deliveryKey(request), task);
    }

    private void register() {
        app.command("/sweep", (request, context) -> {
            var payload = request.getPayload();
            if (!SlackRequests.complete(payload)) {
                return SlackRequests.INCOMPLETE;
            }
            String text = Optional.ofNullable(payload.getText()).orElse("");
            Optional<String> answer = runtime.driver().immediately(text);
            if (answer.isPresent()) {
                return SlackRequests.ephemeral(answer.get());
            }
            SlackPoster poster = posterWith(context.getBotToken());
            once(request, () -> {
                Organization organization = services.organizationOfTeam().apply(payload.getTeamId());
                runtime.typed(new SlackConversation(poster, payload.getChannelId(), payload.getUserId(), Optional.empty()), organization,
                        payload.getUserId(), platformAdmin(organization, poster, payload.getUserId()), text);
            });
            return context.ack();
        });
        app.blockAction(BUTTONS, (request, context) -> {
            var payload = request.getPayload();
            var container = payload.getContainer();
            if (!SlackRequests.complete(payload)) {
                return SlackRequests.INCOMPLETE;
            }
            ChatCommand command = codec.command(payload.getActions().get(0).getValue());
            SlackPoster poster = posterWith(context.getBotToken());
            once(request, () -> pressed(poster, payload.getTeam().getId(), payload.getUser().getId(), container.getChannelId(),
                    Optional.ofNullable(payload.getTriggerId()), command,
                    new ConversationDriver.Press(container.getMessageTs(), Optional.ofNullable(container.getThreadTs()))));
            return context.ack();
        });
        app.viewSubmission(RejectDialog.CALLBACK_ID, (request, context) -> {
            var payload = request.getPayload();
            if (!SlackRequests.complete(payload)) {
                return SlackRequests.INCOMPLETE;
            }
            Optional<RejectDialog.Submitted> submitted = RejectDialog.submitted(payload.getView());
            if (submitted.isEmpty()) {
                LOG.warn("a reject dialog came back without the metadata CloudSweep gave it; nothing done");
                return context.ack();
            }
            ChatCommand command = codec.command(submitted.get().command());
            ChatCommand withReason = command instanceof ChatCommand.Reject reject ? reject.because(submitted.get().reason()) : command;
            SlackPoster poster = posterWith(context.getBotToken());
            once(request, () -> pressed(poster, payload.getTeam().getId(), payload.getUser().getId(), submitted.get().channel(), Optional.empty(),
                    withReason, submitted.get().press()));
            return context.ack();
        });
        app.event(AppHomeOpenedEvent.class, (payload, context) -> {
            String team = payload.getTeamId();
            String user = payload.getEvent().getUser();
            if (!SlackRequests.present(team, user)) {
                return SlackRequests.INCOMPLETE;
            }
            SlackPoster poster = posterWith(context.getBotToken());
            runtime.once(SlackRequests.deliveryKey(payload.getEventId()), () -> home(poster, team, user));
            return context.ack();
        });
    }

    /** A button pressed, or the reject dialog submitted ({@code press} then being the card its Reject was pressed on). */
    private void pressed(SlackPoster poster, String team, String user, String channel, Optional<String> triggerId, ChatCommand command,
                         ConversationDriver.Press press) {
        Organization organization = services.organizationOfTeam().apply(team);
        SlackConversation conversation = new SlackConversation(poster, channel, user, triggerId);
        runtime.pressed(conversation, organization, user, platformAdmin(organization, poster, user), command, press);
    }

    private void home(SlackPoster poster, String team, String user) {
        Organization organization = services.organizationOfTeam().apply(team);
        List<LayoutBlock> blocks = new ArrayList<>();
        services.dashboard().apply(organization).forEach(card -> blocks.addAll(poster.blockKit().blocks(card)));
        poster.publishHome(user, blocks.subList(0, Math.min(blocks.size(), 100)));
    }

    /** Whether Slack says {@code user} runs the workspace (an owner or admin); asked only when no role was set for them. */
    private BooleanSupplier platformAdmin(Organization organization, SlackPoster poster, String user) {
        return () -> admins.isAdmin(organization.externalId(), poster, user);
    }

    @Override
    public void close() {
        runtime.close();
        try {
            app.stop();
        } catch (Exception e) {
            LOG.warn("Bolt did not stop cleanly: {}", e.toString());
        }
    }
}
