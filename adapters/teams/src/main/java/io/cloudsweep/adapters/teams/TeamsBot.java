package io.cloudsweep.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.bot.builder.BotFrameworkAdapter;
import com.microsoft.bot.builder.InvokeResponse;
import com.microsoft.bot.builder.MessageFactory;
import com.microsoft.bot.builder.TurnContext;
import com.microsoft.bot.builder.teams.TeamsActivityHandler;
import com.microsoft.bot.connector.authentication.AuthenticationConfiguration;
import com.microsoft.bot.connector.authentication.AuthenticationException;
import com.microsoft.bot.connector.authentication.ChannelValidation;
import com.microsoft.bot.restclient.RestException;
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.AdaptiveCardInvokeResponse;
import com.microsoft.bot.schema.AdaptiveCardInvokeValue;
import com.microsoft.bot.schema.Attachment;
import com.microsoft.bot.schema.ConversationReference;
import com.microsoft.bot.schema.ResourceResponse;
import com.microsoft.bot.schema.Serialization;
import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.CardUpdater;
import io.cloudsweep.engine.chat.ChatWork;
import io.cloudsweep.engine.chat.Pacer;
import io.cloudsweep.engine.chat.ProgressThrottle;
import io.cloudsweep.engine.chat.ChatListener;
import io.cloudsweep.engine.chat.CommandInterpreter;
import io.cloudsweep.engine.chat.Reply;
import io.cloudsweep.engine.chat.RoleLookup;
import io.cloudsweep.engine.store.CardLocations;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.Organization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * CloudSweep in Microsoft Teams, on the Bot Framework: {@code @CloudSweep <command>} (or plain text in a personal
 * chat) through the same interpreter as Slack and the terminal, answered with Adaptive Cards whose buttons are
 * {@code Action.Execute}. Every activity's token is validated by the SDK (issuer, audience, expiry, signing key,
 * service URL, endorsement) before anything runs; activities from another tenant than the bot's are refused. Work
 * runs after the activity is acknowledged and answers proactively through the conversation's stored reference,
 * paced per conversation and retried on 429, 412, 502 and 504. Thread-safe.
 */
public final class TeamsBot implements ChatListener, AutoCloseable {

    static final String CHAT = "teams";
    static final int PAGE = 8;
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(TeamsBot.class);
    private static final Set<Integer> RETRIED = Set.of(412, 429, 502, 504);
    private static final int ATTEMPTS = 6;

    /** The bot's identity and where its tokens come from and are checked. */
    public record Settings(String appId, String appPassword, String tenantId, String authority, Optional<String> openIdMetadataUrl,
                           Duration postEvery) {
        public Settings {
            Objects.requireNonNull(appId, "appId");
            Objects.requireNonNull(appPassword, "appPassword");
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(authority, "authority");
        }

        @Override
        public String toString() {
            return "Settings[appId=" + appId + ", tenant=" + tenantId + ", authority=" + authority + ", password hidden]";
        }
    }

    /** What the bot needs of the rest of CloudSweep. */
    public record Services(CommandInterpreter interpreter, FindingQueries findings, CardLocations locations, TeamsConversations conversations,
                           Function<String, Organization> organizationOfTenant, RoleLookup roles, Clock clock) {
        public Services {
            Objects.requireNonNull(interpreter, "interpreter");
            Objects.requireNonNull(findings, "findings");
            Objects.requireNonNull(locations, "locations");
            Objects.requireNonNull(conversations, "conversations");
            Objects.requireNonNull(organizationOfTenant, "organizationOfTenant");
            Objects.requireNonNull(roles, "roles");
            Objects.requireNonNull(clock, "clock");
        }
    }

    /** The answer to write back to the Bot Framework. */
    public record HttpResponse(int status, Optional<String> json) {
    }

    private final Settings settings;
    private final Services services;
    private final BotFrameworkAdapter adapter;
    private final Handler handler = new Handler();
    private final AtomicLong tokenFailures = new AtomicLong();
    private final Pacer pacer;
    /** Activity ids already handled, so a redelivered activity is not acted on twice. */
    private final Set<String> seen = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    }));
    private final ChatWork work = new ChatWork("teams-work", 4, failure -> LOG.error("Teams work failed: {}", failure.toString(), failure));
    private final CardUpdater cards;

    private TeamsBot(Settings settings, Services services) {
        this.settings = settings;
        this.services = services;
        this.pacer = new Pacer(settings.postEvery());
        TenantCredentials credentials = new TenantCredentials(settings.appId(), settings.appPassword(), settings.tenantId(),
                settings.authority(), tokenFailures);
        this.adapter = new BotFrameworkAdapter(credentials, new AuthenticationConfiguration(), null, null, null);
        this.cards = new CardUpdater(CHAT, services.locations(), services.findings(), services.interpreter(), services.clock(),
                card -> AdaptiveCards.card(card).toString(),
                (location, card) -> services.conversations().reference(location.channel()).ifPresent(json -> update(
                        Serialization.treeToValue(parse(json), ConversationReference.class), location.messageId(), card)),
                failure -> LOG.error("updating a card in Teams failed: {}", failure.toString(), failure));
        adapter.setOnTurnError((turn, error) -> {
            LOG.error("a Teams turn failed: {}", error.toString(), error);
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * Starts the bot.
     *
     * @throws IllegalArgumentException when the authority is neither https nor a loopback http URL
     */
    public static TeamsBot start(Settings settings, Services services) {
        settings.openIdMetadataUrl().ifPresent(ChannelValidation::setOpenIdMetaDataUrl);
        return new TeamsBot(settings, services);
    }

    /** How many times an outbound token could not be had since the start. */
    public long tokenFailures() {
        return tokenFailures.get();
    }

    /**
     * Authenticates and handles one activity: 401 for a missing or bad token (nothing runs), 202 for a message (its
     * work continues), 200 with the refreshed card for a button's invoke.
     */
    public HttpResponse handle(String authorization, String body) {
        Activity activity;
        try {
            activity = Serialization.treeToValue(Serialization.jsonToTree(body), Activity.class);
        } catch (IOException | IllegalArgumentException e) {
            return new HttpResponse(400, Optional.of("{\"error\":\"not an activity\"}"));
        }
        if (activity == null || activity.getServiceUrl() == null || activity.getChannelId() == null) {
            return new HttpResponse(400, Optional.of("{\"error\":\"not an activity\"}"));
        }
        try {
            InvokeResponse response = adapter.processActivity(authorization == null ? "" : authorization, activity, handler::onTurn).join();
            if (response == null) {
                return new HttpResponse(202, Optional.empty());
            }
            return new HttpResponse(response.getStatus(), Optional.ofNullable(response.getBody()).map(Serialization::toStringSilent));
        } catch (CompletionException e) {
            if (e.getCause() instanceof AuthenticationException) {
                return new HttpResponse(401, Optional.of("{\"error\":\"unauthorized\"}"));
            }
            LOG.error("a Teams activity failed: {}", e.getCause().toString(), e.getCause());
            return new HttpResponse(500, Optional.of("{\"error\":\"internal error\"}"));
        } catch (AuthenticationException | com.auth0.jwt.exceptions.JWTDecodeException e) {
            return new HttpResponse(401, Optional.of("{\"error\":\"unauthorized\"}"));
        }
    }

    private final class Handler extends TeamsActivityHandler {

        @Override
        protected CompletableFuture<Void> onInstallationUpdateAdd(TurnContext turn) {
            Activity activity = turn.getActivity();
            if (refusal(activity).isEmpty()) {
                ConversationReference reference = activity.getConversationReference();
                work.submit(() -> remember(reference, activity.getConversation().getTenantId(), Optional.of(activity.getFrom().getAadObjectId())));
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        protected CompletableFuture<Void> onMessageActivity(TurnContext turn) {
            Activity activity = turn.getActivity();
            if (!firstTime(activity)) {
                return CompletableFuture.completedFuture(null);
            }
            Optional<String> refused = refusal(activity);
            if (refused.isPresent()) {
                return turn.sendActivity(MessageFactory.text(refused.get())).thenApply(sent -> null);
            }
            ConversationReference reference = activity.getConversationReference();
            String tenant = activity.getConversation().getTenantId();
            String text = withoutMentions(activity.getText());
            String user = activity.getFrom().getAadObjectId();
            work.submit(() -> {
                remember(reference, tenant, Optional.empty());
                command(reference, tenant, user, text);
            });
            return CompletableFuture.completedFuture(null);
        }

        @Override
        protected CompletableFuture<AdaptiveCardInvokeResponse> onAdaptiveCardInvoke(TurnContext turn, AdaptiveCardInvokeValue invoke) {
            Activity activity = turn.getActivity();
            Optional<String> refused = refusal(activity);
            if (refused.isPresent()) {
                return CompletableFuture.completedFuture(message(refused.get()));
            }
            if (invoke.getAction() == null || !AdaptiveCards.VERB.equals(invoke.getAction().getVerb())) {
                return CompletableFuture.completedFuture(message("That button is not CloudSweep's."));
            }
            JsonNode data = Serialization.objectToTree(invoke.getAction().getData());
            String command = data.path("command").asText("").trim();
            String reason = data.path("reason").asText("").replaceAll("\\s+", " ").trim();
            if (command.startsWith("reject ") && !reason.isEmpty()) {
                command = command + " " + reason;
            }
            // The card pressed was posted through a reference already stored: the press is answered without storing it again.
            return CompletableFuture.completedFuture(click(activity.getConversationReference(), activity, command));
        }
    }

    /** A button press: runs its command as the presser, and answers with what the card shows now. */
    private AdaptiveCardInvokeResponse click(ConversationReference reference, Activity activity, String command) {
        Organization organization = services.organizationOfTenant().apply(activity.getConversation().getTenantId());
        Actor actor = actor(organization, reference.getConversation().getId(), activity.getFrom().getAadObjectId());
        if (command.startsWith("show-more ")) {
            String[] parts = command.split(" ", 3);
            Reply reply = services.interpreter().handle(organization, actor, parts[2], ChatListener.NONE);
            List<Card.FindingCard> cards = reply.cards().stream().filter(Card.FindingCard.class::isInstance).map(Card.FindingCard.class::cast).toList();
            int from = Integer.parseInt(parts[1]);
            work.submit(() -> postPage(reference, cards, from, parts[2]));
            return card(new Card.Text("Showing more findings below."));
        }
        Reply reply = services.interpreter().handle(organization, actor, command, ChatListener.NONE);
        if (command.startsWith("approve-low ")) {
            // The summary's button: each finding's card is updated where it was posted; the presser is told what became of each.
            reply.cards().stream().filter(Card.FindingCard.class::isInstance).forEach(cards::show);
            return message(reply.cards().stream().filter(card -> !(card instanceof Card.FindingCard)).map(AdaptiveCards::text)
                    .reduce((a, b) -> a + "\n" + b).orElse("Done."));
        }
        for (Card card : reply.cards()) {
            if (card instanceof Card.FindingCard finding && !reply.privately() && activity.getReplyToId() != null) {
                services.locations().remember(finding.findingId(), CHAT, reference.getConversation().getId(), activity.getReplyToId());
                cards.shown(activity.getReplyToId(), finding);
                return card(finding);
            }
        }
        return message(reply.cards().stream().map(AdaptiveCards::text).reduce((a, b) -> a + "\n" + b).orElse("Done."));
    }

    /** Runs a typed command and answers in the conversation. */
    private void command(ConversationReference reference, String tenant, String user, String text) {
        Organization organization = services.organizationOfTenant().apply(tenant);
        Actor actor = actor(organization, reference.getConversation().getId(), user);
        String progressId = services.interpreter().isScan(text) ? send(reference, new Card.Text("Scan started...")) : null;
        ChatListener progress = progressId == null ? ChatListener.NONE
                : new ProgressThrottle(PROGRESS_EVERY, card -> update(reference, progressId, card));
        Reply reply = services.interpreter().handle(organization, actor, text.isEmpty() ? "help" : text, progress);
        List<Card.FindingCard> findings = new ArrayList<>();
        for (Card card : reply.cards()) {
            if (card instanceof Card.FindingCard finding && !reply.privately()) {
                findings.add(finding);
            } else if (progressId != null && card instanceof Card.ScanSummary) {
                update(reference, progressId, card);
            } else {
                send(reference, card);
            }
        }
        if (reply.privately() && progressId != null) {
            update(reference, progressId, new Card.Text("Scan not started."));
        }
        postPage(reference, findings, 0, text);
    }

    private void postPage(ConversationReference reference, List<Card.FindingCard> cards, int from, String command) {
        int to = Math.min(cards.size(), from + PAGE);
        for (Card.FindingCard card : cards.subList(from, to)) {
            String id = send(reference, card);
            services.locations().remember(card.findingId(), CHAT, reference.getConversation().getId(), id);
        }
        if (to < cards.size()) {
            String more = command.toLowerCase(Locale.ROOT).startsWith("findings") ? command : "findings";
            String text = (cards.size() - to) + " more findings, cheaper than those above.";
            send(reference, AdaptiveCards.withButton(text, "Show more", "show-more " + to + " " + more), text);
        }
    }

    /** The presser with their role; the user who added the bot to this conversation counts as a platform admin. */
    private Actor actor(Organization organization, String conversationId, String user) {
        return new Actor(user, services.roles().of(organization, user,
                () -> services.conversations().installer(conversationId).filter(user::equals).isPresent()));
    }

    /** Why an activity is not served: it comes from another tenant than the bot's, or from no one CloudSweep can name. */
    private Optional<String> refusal(Activity activity) {
        String tenant = activity.getConversation() == null ? null : activity.getConversation().getTenantId();
        if (!settings.tenantId().equalsIgnoreCase(String.valueOf(tenant))) {
            LOG.warn("an activity from tenant {} refused: this bot serves tenant {}", tenant, settings.tenantId());
            return Optional.of("This CloudSweep serves another organization's tenant.");
        }
        if (activity.getFrom() == null || activity.getFrom().getAadObjectId() == null || activity.getFrom().getAadObjectId().isBlank()) {
            return Optional.of("CloudSweep acts only for people it can name (an Azure AD user).");
        }
        return Optional.empty();
    }

    private boolean firstTime(Activity activity) {
        return activity.getId() == null || seen.add(activity.getConversation().getId() + "/" + activity.getId());
    }

    /** Stores where the conversation is, to answer in it later from any replica; off the acknowledgement's path. */
    private void remember(ConversationReference reference, String tenant, Optional<String> installer) {
        services.conversations().save(reference.getConversation().getId(), tenant, installer, Serialization.toStringSilent(reference));
    }

    /** Removes {@code <at>CloudSweep</at>} mentions and collapses the whitespace. */
    static String withoutMentions(String text) {
        return text == null ? "" : text.replaceAll("<at>[^<]*</at>", " ").replaceAll("&nbsp;", " ").replaceAll("\\s+", " ").trim();
    }

    private static AdaptiveCardInvokeResponse card(Card card) {
        AdaptiveCardInvokeResponse response = new AdaptiveCardInvokeResponse();
        response.setStatusCode(200);
        response.setType(AdaptiveCards.CONTENT_TYPE);
        response.setValue(AdaptiveCards.card(card));
        return response;
    }

    /** An answer only the presser sees. */
    private static AdaptiveCardInvokeResponse message(String text) {
        AdaptiveCardInvokeResponse response = new AdaptiveCardInvokeResponse();
        response.setStatusCode(200);
        response.setType("application/vnd.microsoft.activity.message");
        response.setValue(text);
        return response;
    }

    private static Attachment attachment(JsonNode card) {
        Attachment attachment = new Attachment();
        attachment.setContentType(AdaptiveCards.CONTENT_TYPE);
        attachment.setContent(card);
        return attachment;
    }

    /** Posts {@code card} to the conversation; returns the new message's id. */
    private String send(ConversationReference reference, Card card) {
        return send(reference, AdaptiveCards.card(card), AdaptiveCards.text(card));
    }

    private String send(ConversationReference reference, JsonNode card, String summary) {
        pacer.await(reference.getConversation().getId());
        AtomicReference<String> id = new AtomicReference<>();
        withRetries("send", reference, turn -> {
            Activity message = MessageFactory.attachment(attachment(card));
            message.setSummary(summary);
            return turn.sendActivity(message).thenApply(ResourceResponse::getId).thenAccept(id::set);
        });
        return id.get();
    }

    private void update(ConversationReference reference, String activityId, Card card) {
        withRetries("update", reference, turn -> {
            Activity message = MessageFactory.attachment(attachment(AdaptiveCards.card(card)));
            message.setId(activityId);
            return turn.updateActivity(message).thenApply(updated -> null);
        });
    }

    /**
     * Runs {@code call} in the conversation, retrying what Teams asks to be retried. The adapter hands a failed turn
     * to its error handler rather than to the caller, so the call's own failure is caught here first.
     */
    private void withRetries(String what, ConversationReference reference, Function<TurnContext, CompletableFuture<Void>> call) {
        for (int attempt = 1; ; attempt++) {
            AtomicReference<Throwable> failed = new AtomicReference<>();
            try {
                adapter.continueConversation(settings.appId(), reference, turn -> call.apply(turn).whenComplete((done, error) -> failed.set(error)))
                        .join();
            } catch (CompletionException e) {
                failed.compareAndSet(null, e);
            }
            Throwable cause = failed.get();
            if (cause == null) {
                return;
            }
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            int status = cause instanceof RestException rest && rest.response() != null ? rest.response().code() : -1;
            if (!RETRIED.contains(status) || attempt == ATTEMPTS) {
                throw new IllegalStateException("Teams " + what + " failed" + (status > 0 ? ": HTTP " + status : ": " + cause), cause);
            }
            String retryAfter = cause instanceof RestException rest ? rest.response().headers().get("Retry-After") : null;
            Pacer.pause(retryAfter != null ? Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.trim()))) : Duration.ofMillis(500L << (attempt - 1)));
        }
    }

    /** Updates a finding's card in Teams as its cleanup moves on (see {@link CardUpdater}). */
    @Override
    public void show(Card card) {
        cards.show(card);
    }

    private static JsonNode parse(String json) {
        try {
            return Serialization.jsonToTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored conversation reference is not JSON", e);
        }
    }

    @Override
    public void close() {
        work.close();
        cards.close();
    }
}
