package io.cloudsweep.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.bot.builder.BotFrameworkAdapter;
import com.microsoft.bot.builder.MessageFactory;
import com.microsoft.bot.builder.TurnContext;
import com.microsoft.bot.builder.teams.TeamsInfo;
import com.microsoft.bot.restclient.RestException;
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.connector.authentication.MicrosoftAppCredentials;
import com.microsoft.bot.schema.Attachment;
import com.microsoft.bot.schema.ChannelAccount;
import com.microsoft.bot.schema.ConversationParameters;
import com.microsoft.bot.schema.ConversationReference;
import com.microsoft.bot.schema.ResourceResponse;
import com.microsoft.bot.schema.teams.TeamsChannelAccount;
import io.cloudsweep.engine.chat.Pacer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The Bot Connector as CloudSweep calls it, proactively through a conversation's reference: messages posted paced per
 * conversation, updates, and member lookups, each retried when Teams asks (429 after its Retry-After, 412, 502 and 504
 * with backoff). A failure the adapter would hand to its turn-error handler is caught and thrown to the caller, so
 * none is lost. Thread-safe.
 */
final class TeamsConnector {

    private static final Set<Integer> RETRIED = Set.of(412, 429, 502, 504);
    private static final int ATTEMPTS = 6;

    private final BotFrameworkAdapter adapter;
    private final MicrosoftAppCredentials credentials;
    private final String appId;
    private final Pacer pacer;

    TeamsConnector(BotFrameworkAdapter adapter, MicrosoftAppCredentials credentials, String appId, Duration postEvery) {
        this.adapter = adapter;
        this.credentials = credentials;
        this.appId = appId;
        this.pacer = new Pacer(postEvery);
    }

    /**
     * The personal chat between the bot and a member of the tenant, by their AAD object id (Teams opens it, or answers
     * with the one they already have with the bot); {@code near} is a conversation of the same tenant, whose service URL
     * and bot it shares.
     */
    ConversationReference personalChat(ConversationReference near, String aadObjectId) {
        ConversationParameters parameters = new ConversationParameters();
        parameters.setIsGroup(false);
        parameters.setBot(near.getBot());
        parameters.setMembers(List.of(new ChannelAccount(aadObjectId)));
        parameters.setTenantId(near.getConversation().getTenantId());
        AtomicReference<ConversationReference> opened = new AtomicReference<>();
        try {
            adapter.createConversation(near.getChannelId(), near.getServiceUrl(), credentials, parameters, turn -> {
                opened.set(turn.getActivity().getConversationReference());
                return CompletableFuture.completedFuture(null);
            }).join();
        } catch (CompletionException e) {
            throw new IllegalStateException("Teams would not open a personal chat with " + aadObjectId + ": " + e.getCause(), e);
        }
        return opened.get();
    }

    /** Posts an Adaptive Card to the conversation; returns the new message's id. */
    String send(ConversationReference reference, JsonNode card, String summary) {
        pacer.await(reference.getConversation().getId());
        AtomicReference<String> id = new AtomicReference<>();
        withRetries("send", reference, turn -> {
            Activity message = MessageFactory.attachment(attachment(card));
            message.setSummary(summary);
            return turn.sendActivity(message).thenApply(ResourceResponse::getId).thenAccept(id::set);
        });
        return id.get();
    }

    void update(ConversationReference reference, String activityId, JsonNode card) {
        withRetries("update", reference, turn -> {
            Activity message = MessageFactory.attachment(attachment(card));
            message.setId(activityId);
            return turn.updateActivity(message).thenApply(updated -> null);
        });
    }

    /** The AAD object id of a member of the conversation (by their Teams id); empty when Teams knows no such member. */
    Optional<String> aadObjectId(ConversationReference reference, String memberId) {
        AtomicReference<TeamsChannelAccount> member = new AtomicReference<>();
        try {
            withRetries("member lookup", reference, turn -> TeamsInfo.getMember(turn, memberId).thenAccept(member::set));
        } catch (IllegalStateException notFound) {
            return Optional.empty();
        }
        return Optional.ofNullable(member.get()).map(TeamsChannelAccount::getAadObjectId).filter(id -> !id.isBlank());
    }

    /** Counts a Bot Connector call by what it did and its outcome ({@code ok}, {@code error}, {@code 429}). */
    private static void counted(String what, String outcome) {
        io.micrometer.core.instrument.Metrics.counter("cloudsweep_chat_api_calls", "chat", "teams", "method", what, "outcome", outcome)
                .increment();
    }

    private static Attachment attachment(JsonNode card) {
        Attachment attachment = new Attachment();
        attachment.setContentType(AdaptiveCards.CONTENT_TYPE);
        attachment.setContent(card);
        return attachment;
    }

    /**
     * Runs {@code call} in the conversation, retrying what Teams asks to be retried. The adapter hands a failed turn
     * to its error handler rather than to the caller, so the call's own failure is caught here first.
     */
    private void withRetries(String what, ConversationReference reference, Function<TurnContext, CompletableFuture<Void>> call) {
        for (int attempt = 1; ; attempt++) {
            AtomicReference<Throwable> failed = new AtomicReference<>();
            try {
                adapter.continueConversation(appId, reference, turn -> call.apply(turn).whenComplete((done, error) -> failed.set(error)))
                        .join();
            } catch (CompletionException e) {
                failed.compareAndSet(null, e);
            }
            Throwable cause = failed.get();
            if (cause == null) {
                counted(what, "ok");
                return;
            }
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            int status = cause instanceof RestException rest && rest.response() != null ? rest.response().code() : -1;
            counted(what, status == 429 ? "429" : "error");
            if (!RETRIED.contains(status) || attempt == ATTEMPTS) {
                throw new IllegalStateException("Teams " + what + " failed" + (status > 0 ? ": HTTP " + status : ": " + cause), cause);
            }
            String retryAfter = cause instanceof RestException rest ? rest.response().headers().get("Retry-After") : null;
            Pacer.pause(retryAfter != null ? Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.trim()))) : Duration.ofMillis(500L << (attempt - 1)));
        }
    }
}
