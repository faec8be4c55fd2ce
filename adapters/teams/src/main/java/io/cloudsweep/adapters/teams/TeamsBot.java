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
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.AdaptiveCardInvokeResponse;
import com.microsoft.bot.schema.AdaptiveCardInvokeValue;
import com.microsoft.bot.schema.ConversationReference;
import com.microsoft.bot.schema.Serialization;
import io.cloudsweep.engine.chat.ButtonCodec;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.ChatPort;
import io.cloudsweep.engine.chat.ChatRuntime;
import io.cloudsweep.engine.chat.ConversationDriver;
import io.cloudsweep.engine.store.Organization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * CloudSweep in Microsoft Teams, on the Bot Framework: the routes of {@code @CloudSweep <command>} (or plain text in a
 * personal chat), of the cards' {@code Action.Execute} buttons and of installs, into the {@link ConversationDriver} of
 * the engine's {@link ChatRuntime}, which answers through a {@link TeamsConversation}. Every activity's token is validated
 * by the SDK (issuer, audience, expiry, signing key, service URL, endorsement) before anything runs; activities from
 * another tenant than the bot's are refused. Work runs after the activity is acknowledged and answers proactively
 * through the conversation's stored reference ({@link TeamsConnector}); a press is answered with its card as soon as
 * the driver has it. Thread-safe.
 */
public final class TeamsBot implements AutoCloseable {

    static final String CHAT = "teams";
    /** How long a press waits for its card before Teams is told the work goes on (Teams gives an invoke some 15 s). */
    static final Duration PRESS_ANSWER_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(TeamsBot.class);

    /** What the bot needs of the rest of CloudSweep: what every chat needs, and Teams' conversation references and tenants. */
    public record Services(ChatRuntime.Services chat, TeamsConversations conversations, Function<String, Organization> organizationOfTenant) {
        public Services {
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(conversations, "conversations");
            Objects.requireNonNull(organizationOfTenant, "organizationOfTenant");
        }
    }

    /** The answer to write back to the Bot Framework. */
    public record HttpResponse(int status, Optional<String> json) {
    }

    private final TeamsSettings settings;
    private final Services services;
    private final BotFrameworkAdapter adapter;
    private final Handler handler = new Handler();
    private final AtomicLong tokenFailures = new AtomicLong();
    private final TeamsConnector connector;
    private final ButtonCodec codec;
    private final AdaptiveCards adaptiveCards;
    private final TeamsAdmission admission;
    private final ChatRuntime runtime;

    private TeamsBot(TeamsSettings settings, Services services) {
        this.settings = settings;
        this.services = services;
        this.admission = new TeamsAdmission(settings.tenantId(), services.chat().firstDelivery());
        TenantCredentials credentials = new TenantCredentials(settings.appId(), settings.appPassword(), settings.tenantId(),
                settings.authority(), tokenFailures);
        this.adapter = new BotFrameworkAdapter(credentials, new AuthenticationConfiguration(), null, null, null);
        this.connector = new TeamsConnector(adapter, credentials, settings.appId(), settings.postEvery());
        this.codec = new ButtonCodec(services.chat().interpreter().parser());
        this.adaptiveCards = new AdaptiveCards(codec);
        this.runtime = new ChatRuntime(services.chat(), new ChatRuntime.Transport(CHAT, card -> adaptiveCards.card(card).toString(),
                (location, card) -> services.conversations().reference(location.channel()).ifPresent(json -> connector.update(
                        reference(json), location.messageId(), adaptiveCards.card(card))),
                new Stored(), LogContext::carried),
                (what, failure) -> LOG.error("Teams {} failed: {}", what, failure.toString(), failure));
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
    public static TeamsBot start(TeamsSettings settings, Services services) {
        settings.openIdMetadataUrl().ifPresent(ChannelValidation::setOpenIdMetaDataUrl);
        return new TeamsBot(settings, services);
    }

    /** What the server does in Teams of its own accord (schedules, snoozes that ended, digests, notices), and its card updates. */
    public ChatRuntime runtime() {
        return runtime;
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
        if (authorization == null || authorization.isBlank()) {
            // the bot has an app id, so every activity must carry the Bot Framework's token: nothing else is read
            return new HttpResponse(401, Optional.of("{\"error\":\"unauthorized\"}"));
        }
        Optional<Activity> read = TeamsActivities.read(body);
        if (read.isEmpty()) {
            return new HttpResponse(400, Optional.of("{\"error\":\"not an activity\"}"));
        }
        Activity activity = read.get();
        try {
            Map<String, String> logContext = MDC.getCopyOfContextMap();
            InvokeResponse response = adapter.processActivity(authorization, activity,
                    turn -> LogContext.within(logContext, () -> handler.onTurn(turn))).join();
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

        /** An update naming no event is left alone: the SDK would fail on it (it switches on the missing event type). */
        @Override
        protected CompletableFuture<Void> onConversationUpdateActivity(TurnContext turn) {
            return TeamsActivities.namesNoEvent(turn.getActivity()) ? CompletableFuture.completedFuture(null)
                    : super.onConversationUpdateActivity(turn);
        }

        @Override
        protected CompletableFuture<Void> onInstallationUpdateAdd(TurnContext turn) {
            Activity activity = turn.getActivity();
            if (admission.refusal(activity).isEmpty()) {
                ConversationReference reference = activity.getConversationReference();
                runtime.submit(() -> remember(reference, activity.getConversation().getTenantId(), Optional.of(activity.getFrom().getAadObjectId())));
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        protected CompletableFuture<Void> onMessageActivity(TurnContext turn) {
            Activity activity = turn.getActivity();
            Optional<String> refused = admission.refusal(activity);
            if (refused.isPresent()) {
                return admission.firstTime(activity) ? turn.sendActivity(MessageFactory.text(refused.get())).thenApply(sent -> null)
                        : CompletableFuture.completedFuture(null);
            }
            ConversationReference reference = activity.getConversationReference();
            String tenant = activity.getConversation().getTenantId();
            Map<Integer, String> mentioned = new HashMap<>();
            String text = TeamsText.command(activity, mentioned);
            String user = activity.getFrom().getAadObjectId();
            // a message sent again, to this replica or another, is dropped by the runtime's claim, off the acknowledgement's path
            runtime.once(TeamsAdmission.deliveryKey(activity), () -> {
                remember(reference, tenant, Optional.empty());
                Organization organization = services.organizationOfTenant().apply(tenant);
                runtime.typed(new TeamsConversation(connector, adaptiveCards, reference, mentioned, Optional.empty()), organization, user,
                        installer(reference.getConversation().getId(), user), text.isEmpty() ? "help" : text);
            });
            return CompletableFuture.completedFuture(null);
        }

        @Override
        protected CompletableFuture<AdaptiveCardInvokeResponse> onAdaptiveCardInvoke(TurnContext turn, AdaptiveCardInvokeValue invoke) {
            Activity activity = turn.getActivity();
            Optional<String> refused = admission.refusal(activity);
            if (refused.isPresent()) {
                return CompletableFuture.completedFuture(TeamsAnswers.message(refused.get()));
            }
            if (invoke.getAction() == null || !AdaptiveCards.VERB.equals(invoke.getAction().getVerb()) || activity.getReplyToId() == null) {
                return CompletableFuture.completedFuture(TeamsAnswers.message("That button is not CloudSweep's."));
            }
            JsonNode data = Serialization.objectToTree(invoke.getAction().getData());
            ChatCommand command = codec.command(data.path("command").asText(""));
            if (command instanceof ChatCommand.Reject reject) {
                command = reject.because(Optional.of(data.path("reason").asText("")));
            }
            return pressed(activity, command);
        }
    }

    /**
     * A button press: the driver runs it as the presser on the work threads, and the press is answered with the card
     * (or the private answer) it comes to, or, should that take too long, with word that the card will follow.
     */
    private CompletableFuture<AdaptiveCardInvokeResponse> pressed(Activity activity, ChatCommand command) {
        // The card pressed was posted through a reference already stored: the press is answered without storing it again.
        ConversationReference reference = activity.getConversationReference();
        String pressedId = activity.getReplyToId();
        CompletableFuture<AdaptiveCardInvokeResponse> answer = new CompletableFuture<>();
        TeamsConversation conversation = new TeamsConversation(connector, adaptiveCards, reference, Map.of(),
                Optional.of(new TeamsConversation.Answer(pressedId, answer)));
        String tenant = activity.getConversation().getTenantId();
        String user = activity.getFrom().getAadObjectId();
        runtime.submit(() -> {
            try {
                Organization organization = services.organizationOfTenant().apply(tenant);
                runtime.pressed(conversation, organization, user, installer(reference.getConversation().getId(), user), command,
                        new ConversationDriver.Press(pressedId, Optional.empty()));
            } finally {
                answer.complete(TeamsAnswers.message("Done."));
            }
        });
        return answer.completeOnTimeout(TeamsAnswers.message("Working on it: the card will update when it is done."),
                PRESS_ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether {@code user} added the bot to this conversation, which counts as being a platform admin; asked only when no role was set. */
    private BooleanSupplier installer(String conversationId, String user) {
        return () -> services.conversations().installer(conversationId).filter(user::equals).isPresent();
    }

    /** Stores where the conversation is, to answer in it later from any replica; off the acknowledgement's path. */
    private void remember(ConversationReference reference, String tenant, Optional<String> installer) {
        services.conversations().save(reference.getConversation().getId(), tenant, installer, Serialization.toStringSilent(reference));
    }

    /** Conversations the server posts in of its own accord, through their stored references. */
    private final class Stored implements ChatRuntime.Conversations {

        /** @throws IllegalStateException when no reference of the conversation is stored */
        @Override
        public ChatPort open(Organization organization, String conversation, String user) {
            String json = services.conversations().reference(conversation)
                    .orElseThrow(() -> new IllegalStateException("no stored Teams conversation " + conversation));
            return new TeamsConversation(connector, adaptiveCards, reference(json), Map.of(), Optional.empty());
        }

        /**
         * {@code user}'s (an AAD object id) personal chat with the bot, opened through {@code near} (a conversation of the
         * tenant: Teams needs its service URL).
         *
         * @throws IllegalStateException when there is no such conversation stored, or Teams will not open the chat
         */
        @Override
        public ChatPort direct(Organization organization, String user, Optional<String> near) {
            String json = near.flatMap(services.conversations()::reference)
                    .orElseThrow(() -> new IllegalStateException("no conversation of tenant " + organization.externalId() + " to reach " + user + " through"));
            return new TeamsConversation(connector, adaptiveCards, connector.personalChat(reference(json), user), Map.of(), Optional.empty());
        }
    }

    private static ConversationReference reference(String json) {
        try {
            return Serialization.treeToValue(Serialization.jsonToTree(json), ConversationReference.class);
        } catch (IOException e) {
            throw new IllegalStateException("a stored conversation reference is not JSON", e);
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
