package io.cloudsweep.adapters.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewClose;
import com.slack.api.model.view.ViewSubmit;
import com.slack.api.model.view.ViewTitle;
import com.slack.api.model.view.ViewState;
import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.CardUpdater;
import io.cloudsweep.engine.chat.ChatWork;
import io.cloudsweep.engine.chat.ProgressThrottle;
import io.cloudsweep.engine.chat.ChatListener;
import io.cloudsweep.engine.chat.CommandInterpreter;
import io.cloudsweep.engine.chat.CommandParser;
import io.cloudsweep.engine.chat.Reply;
import io.cloudsweep.engine.chat.RoleLookup;
import io.cloudsweep.engine.store.CardLocations;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.Organization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;

/**
 * CloudSweep in one Slack workspace, on Bolt: {@code /sweep} commands, the finding cards' buttons, the reject
 * modal and App Home. Every request is verified by Bolt (signature and a five-minute timestamp window: 401
 * otherwise) and acknowledged at once; the work runs on CloudSweep's own threads and answers through the Web
 * API. A click is an interpreter command run as the clicking user in the clicking workspace's organization,
 * so a button cannot do more than that person could type. Also the {@link ChatListener} that updates cards in
 * place when a cleanup moves on. Thread-safe.
 */
public final class SlackBot implements ChatListener, AutoCloseable {

    /** Cards posted in a thread at a time; the rest wait behind a Show more button. */
    static final int PAGE = 8;
    /** How often a scan's progress message is edited, at most. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    static final String CHAT = "slack";
    private static final Logger LOG = LoggerFactory.getLogger(SlackBot.class);
    private static final Pattern BUTTONS = Pattern.compile("^(approve|snooze-(7|30|90)d|reject|undo|show-more|approve-low-[a-z0-9-]+)$");
    private static final String REJECT_MODAL = "reject-reason";

    /** What the bot needs of the rest of CloudSweep. */
    public record Services(CommandInterpreter interpreter, FindingQueries findings, CardLocations locations, SlackInstallStore installs,
                           Function<String, Organization> organizationOfTeam, LongFunction<Organization> organizationOfId, RoleLookup roles,
                           Function<Organization, List<Card>> dashboard, Function<Organization, String> findingsCsv, Clock clock) {
        public Services {
            Objects.requireNonNull(interpreter, "interpreter");
            Objects.requireNonNull(findings, "findings");
            Objects.requireNonNull(locations, "locations");
            Objects.requireNonNull(installs, "installs");
            Objects.requireNonNull(organizationOfTeam, "organizationOfTeam");
            Objects.requireNonNull(organizationOfId, "organizationOfId");
            Objects.requireNonNull(roles, "roles");
            Objects.requireNonNull(dashboard, "dashboard");
            Objects.requireNonNull(findingsCsv, "findingsCsv");
            Objects.requireNonNull(clock, "clock");
        }
    }

    /**
     * The app's secrets, which workspaces it serves, and where the Web API is.
     *
     * @param apiUrl the Web API base, such as {@code https://slack.com/api/}
     */
    public record Settings(String signingSecret, Workspaces workspaces, String apiUrl, Duration postEvery) {
        public Settings {
            Objects.requireNonNull(signingSecret, "signingSecret");
            Objects.requireNonNull(workspaces, "workspaces");
            apiUrl = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
        }

        @Override
        public String toString() {
            return "Settings[apiUrl=" + apiUrl + ", " + workspaces + "]";
        }
    }

    /** One workspace with its bot token, or any number installed through OAuth. */
    public sealed interface Workspaces permits One, Many {
    }

    /** The single workspace whose bot token is given. */
    public record One(String botToken) implements Workspaces {
        public One {
            Objects.requireNonNull(botToken, "botToken");
        }

        @Override
        public String toString() {
            return "one workspace (token hidden)";
        }
    }

    /** Workspaces that install the app through OAuth ({@code /slack/install}); their tokens are kept by the install store. */
    public record Many(String clientId, String clientSecret) implements Workspaces {
        public Many {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
        }

        @Override
        public String toString() {
            return "OAuth installs for client " + clientId + " (secret hidden)";
        }
    }

    /** The bot scopes asked for at install; the manifest lists the same. */
    static final String SCOPES = "commands,chat:write,chat:write.public,files:write,users:read";
    /** How long Slack's word on a user being a workspace admin is believed. */
    static final Duration ADMIN_CHECK_EVERY = Duration.ofMinutes(10);

    private final App app;
    private final SlackRequestParser parser;
    private final Slack slack;
    /** The Web API with no token: each workspace's poster is made from it, sharing its pacing. */
    private final SlackPoster webApi;
    private final Optional<String> singleToken;
    private final StoredInstallations installations;
    private final Services services;
    /** Slack's answer to "is this user a workspace admin", by team and user, with when it was asked. */
    private final Map<String, AdminCheck> admins = new java.util.concurrent.ConcurrentHashMap<>();

    private final ChatWork work = new ChatWork("slack-work", 4, failure -> LOG.error("Slack work failed: {}", failure.toString(), failure));

    private final CardUpdater cards;

    private record AdminCheck(boolean admin, long askedAt) {
    }

    private SlackBot(App app, Slack slack, Settings settings, Services services) {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
        this.slack = slack;
        this.webApi = new SlackPoster(slack.methods(), settings.postEvery());
        this.singleToken = settings.workspaces() instanceof One one ? Optional.of(one.botToken()) : Optional.empty();
        this.installations = new StoredInstallations(services.installs());
        this.services = services;
        this.cards = new CardUpdater(CHAT, services.locations(), services.findings(), services.interpreter(), services.clock(),
                card -> BlockKit.text(card) + BlockKit.blocks(card),
                (location, card) -> poster(services.organizationOfId().apply(location.organizationId()).externalId())
                        .update(location.channel(), location.messageId(), card),
                failure -> LOG.error("updating a card in Slack failed: {}", failure.toString(), failure));
    }

    /**
     * Starts the bot. With one workspace, checks its token with {@code auth.test} (a bad token fails here, at
     * start); with OAuth, serves {@code GET /slack/install} and {@code GET /slack/oauth_redirect} too, keeps each
     * install in the install store, and revokes it on {@code app_uninstalled} and {@code tokens_revoked}.
     *
     * @throws IllegalArgumentException when Slack refuses the token
     */
    public static SlackBot start(Settings settings, Services services) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        config.setStatsEnabled(false);
        Slack slack = Slack.getInstance(config);
        AppConfig.AppConfigBuilder app = AppConfig.builder().slack(slack).signingSecret(settings.signingSecret());
        if (settings.workspaces() instanceof One one) {
            app.singleTeamBotToken(one.botToken());
        } else if (settings.workspaces() instanceof Many many) {
            app.clientId(many.clientId()).clientSecret(many.clientSecret()).scope(SCOPES).userScope("")
                    .oauthInstallPath("/slack/install").oauthRedirectUriPath("/slack/oauth_redirect")
                    .oAuthInstallPageRenderingEnabled(false);
        }
        SlackBot bot = new SlackBot(new App(app.build()), slack, settings, services);
        if (settings.workspaces() instanceof Many) {
            bot.app.asOAuthApp(true);
            bot.app.service(bot.installations);
            bot.app.service(new StoredInstallations.States(services.installs()));
            bot.app.enableTokenRevocationHandlers();
        }
        bot.register();
        bot.app.start();
        return bot;
    }

    /** The Web API acting with {@code token}: for a request, the bot token Bolt found for its workspace while authorizing it. */
    private SlackPoster posterWith(String token) {
        return webApi.as(slack.methods(token));
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
        Request<?> parsed = parser.parse(SlackRequestParser.HttpRequest.builder().requestUri(request.path())
                .queryString(QueryStringParser.toMap(request.query())).headers(new RequestHeaders(request.headers()))
                .requestBody(request.body()).remoteAddress(request.remoteAddress()).build());
        if (parsed == null) {
            return new HttpResponse(400, "text/plain; charset=utf-8", Map.of(), "invalid request");
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

    private void register() {
        // Runs after Bolt's own verification: a redelivered event, signed, is acknowledged and not handled twice.
        app.use((request, response, chain) -> request.getRequestType() == RequestType.Event
                && request.getHeaders().getFirstValue("X-Slack-Retry-Num") != null ? Response.ok() : chain.next(request));
        app.command("/sweep", (request, context) -> {
            var payload = request.getPayload();
            String text = payload.getText() == null ? "" : payload.getText();
            String command = text.trim().isEmpty() ? "help" : text.trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
            if (command.equals("help") || command.equals("?")) {
                return context.ack(r -> r.responseType("ephemeral").text("Commands:\n" + CommandParser.USAGE));
            }
            String token = context.getBotToken();
            work.submit(() -> command(posterWith(token), payload.getTeamId(), payload.getChannelId(), payload.getUserId(), text));
            return context.ack();
        });
        app.blockAction(BUTTONS, (request, context) -> {
            var payload = request.getPayload();
            var action = payload.getActions().get(0);
            String token = context.getBotToken();
            if (action.getActionId().equals("reject")) {
                work.submit(() -> openRejectModal(posterWith(token), payload, action.getValue()));
            } else {
                work.submit(() -> click(posterWith(token), payload.getTeam().getId(), payload.getContainer().getChannelId(), payload.getContainer().getMessageTs(),
                        payload.getUser().getId(), action.getActionId(), action.getValue()));
            }
            return context.ack();
        });
        app.viewSubmission(REJECT_MODAL, (request, context) -> {
            var payload = request.getPayload();
            String[] where = payload.getView().getPrivateMetadata().split(" ", 3);
            String reason = Optional.ofNullable(payload.getView().getState().getValues().get("reason"))
                    .map(values -> values.get("reason")).map(ViewState.Value::getValue).orElse("");
            String token = context.getBotToken();
            work.submit(() -> click(posterWith(token), payload.getTeam().getId(), where[1], where[2], payload.getUser().getId(), "reject",
                    (where[0] + " " + reason.replaceAll("\\s+", " ")).trim()));
            return context.ack();
        });
        app.event(AppHomeOpenedEvent.class, (payload, context) -> {
            String team = payload.getTeamId();
            String user = payload.getEvent().getUser();
            String token = context.getBotToken();
            work.submit(() -> home(posterWith(token), team, user));
            return context.ack();
        });
    }

    /** Runs a typed command and answers in the channel, or privately when the answer is for the asker alone. */
    private void command(SlackPoster poster, String team, String channel, String user, String text) {
        Organization organization = services.organizationOfTeam().apply(team);
        Actor actor = actor(organization, poster, user);
        boolean scan = services.interpreter().isScan(text);
        String progressTs = scan ? poster.post(channel, null, new Card.Text(":hourglass_flowing_sand: Scan started by <@" + user + ">...")) : null;
        ChatListener progress = progressTs == null ? ChatListener.NONE
                : new ProgressThrottle(PROGRESS_EVERY, card -> poster.update(channel, progressTs, card));
        Reply reply = services.interpreter().handle(organization, actor, text, progress);
        if (reply.privately()) {
            reply.cards().forEach(card -> poster.ephemeral(channel, user, card));
            if (progressTs != null) {
                poster.update(channel, progressTs, new Card.Text("Scan not started."));
            }
            return;
        }
        List<Card.FindingCard> findingCards = new ArrayList<>();
        String parentTs = progressTs;
        for (Card card : reply.cards()) {
            if (card instanceof Card.FindingCard finding) {
                findingCards.add(finding);
            } else if (parentTs == null) {
                parentTs = poster.post(channel, null, card);
            } else if (progressTs != null && parentTs.equals(progressTs) && card instanceof Card.ScanSummary) {
                poster.update(channel, progressTs, card);
            } else {
                poster.post(channel, parentTs, card);
            }
        }
        postPage(poster, channel, parentTs, findingCards, 0, text);
        if (scan && !findingCards.isEmpty()) {
            poster.upload(channel, parentTs, "cloudsweep-findings.csv", "Every open finding (" + findingCards.size() + ")",
                    services.findingsCsv().apply(organization));
        }
    }

    /** Posts cards {@code from} to {@code from + PAGE} in the thread, each its own message, and a Show more button for the rest. */
    private void postPage(SlackPoster poster, String channel, String threadTs, List<Card.FindingCard> cards, int from, String command) {
        int to = Math.min(cards.size(), from + PAGE);
        for (Card.FindingCard card : cards.subList(from, to)) {
            String ts = poster.post(channel, threadTs, card);
            services.locations().remember(card.findingId(), CHAT, channel, ts);
        }
        if (to < cards.size()) {
            String more = command.toLowerCase(Locale.ROOT).startsWith("findings") ? command : "findings";
            String value = to + " " + threadTs + " " + more;
            String text = (cards.size() - to) + " more findings";
            poster.post(channel, threadTs, text, List.of(
                    section(s -> s.text(markdownText(text + ", cheaper than those above."))),
                    actions(a -> a.elements(List.of(button(b -> b.actionId("show-more").text(plainText("Show more")).value(value)))))));
        }
    }

    /** Runs a button's command as the clicking user, and updates the clicked card with what it led to. */
    private void click(SlackPoster poster, String team, String channel, String messageTs, String user, String actionId, String value) {
        Organization organization = services.organizationOfTeam().apply(team);
        Actor actor = actor(organization, poster, user);
        if (actionId.startsWith("approve-low-")) {
            // The summary's button: each finding's card is updated where it was posted; what became of each is said privately.
            Reply reply = services.interpreter().handle(organization, actor, value, ChatListener.NONE);
            reply.cards().stream().filter(Card.FindingCard.class::isInstance).forEach(this::show);
            reply.cards().stream().filter(card -> !(card instanceof Card.FindingCard)).forEach(card -> poster.ephemeral(channel, user, card));
            return;
        }
        if (actionId.equals("show-more")) {
            String[] parts = value.split(" ", 3);
            Reply reply = services.interpreter().handle(organization, actor, parts[2], ChatListener.NONE);
            List<Card.FindingCard> cards = reply.cards().stream().filter(Card.FindingCard.class::isInstance).map(Card.FindingCard.class::cast).toList();
            poster.update(channel, messageTs, new Card.Text("Showing more findings below."));
            postPage(poster, channel, parts[1], cards, Integer.parseInt(parts[0]), parts[2]);
            return;
        }
        Reply reply = services.interpreter().handle(organization, actor, value, ChatListener.NONE);
        for (Card card : reply.cards()) {
            if (card instanceof Card.FindingCard finding && !reply.privately()) {
                services.locations().remember(finding.findingId(), CHAT, channel, messageTs);
                show(finding);
            } else {
                poster.ephemeral(channel, user, card);
            }
        }
    }

    private void openRejectModal(SlackPoster poster, com.slack.api.app_backend.interactive_components.payload.BlockActionPayload payload,
                                 String command) {
        String label = command.split(" ")[1];
        View view = View.builder().type("modal").callbackId(REJECT_MODAL)
                .privateMetadata(label + " " + payload.getContainer().getChannelId() + " " + payload.getContainer().getMessageTs())
                .title(ViewTitle.builder().type("plain_text").text("Reject " + label).build())
                .submit(ViewSubmit.builder().type("plain_text").text("Reject").build())
                .close(ViewClose.builder().type("plain_text").text("Cancel").build())
                .blocks(List.of(
                        section(s -> s.text(markdownText("The resource will be left out of this rule's findings from now on."))),
                        input(i -> i.blockId("reason").optional(true).label(plainText("Why? (optional)"))
                                .element(plainTextInput(p -> p.actionId("reason").maxLength(500))))))
                .build();
        poster.openModal(payload.getTriggerId(), view);
    }

    private void home(SlackPoster poster, String team, String user) {
        Organization organization = services.organizationOfTeam().apply(team);
        List<LayoutBlock> blocks = new ArrayList<>();
        services.dashboard().apply(organization).forEach(card -> blocks.addAll(BlockKit.blocks(card)));
        poster.publishHome(user, blocks.subList(0, Math.min(blocks.size(), 100)));
    }

    /** Updates a finding's card where it was posted in Slack, as its cleanup moves on (see {@link CardUpdater}). */
    @Override
    public void show(Card card) {
        cards.show(card);
    }

    /** The user with their role; Slack is asked whether they run the workspace only when no role was set for them. */
    private Actor actor(Organization organization, SlackPoster poster, String user) {
        return new Actor(user, services.roles().of(organization, user, () -> isWorkspaceAdmin(organization.externalId(), poster, user)));
    }

    /** The installer, and workspace owners and admins as Slack says (asked again after {@link #ADMIN_CHECK_EVERY}). */
    private boolean isWorkspaceAdmin(String team, SlackPoster poster, String user) {
        if (installations.installer(team).filter(user::equals).isPresent()) {
            return true;
        }
        long now = System.nanoTime();
        AdminCheck known = admins.get(team + "/" + user);
        if (known != null && now - known.askedAt() < ADMIN_CHECK_EVERY.toNanos()) {
            return known.admin();
        }
        boolean admin;
        try {
            admin = poster.isWorkspaceAdmin(user);
        } catch (RuntimeException e) {
            LOG.warn("cannot ask Slack whether {} administers workspace {} (is the users:read scope granted?): {}", user, team, e.getMessage());
            admin = false;
        }
        admins.put(team + "/" + user, new AdminCheck(admin, now));
        return admin;
    }

    @Override
    public void close() {
        work.close();
        cards.close();
        try {
            app.stop();
        } catch (Exception e) {
            LOG.warn("Bolt did not stop cleanly: {}", e.toString());
        }
    }
}
