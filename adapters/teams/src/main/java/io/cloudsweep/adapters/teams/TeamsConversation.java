package io.cloudsweep.adapters.teams;

import com.microsoft.bot.schema.AdaptiveCardInvokeResponse;
import com.microsoft.bot.schema.ConversationReference;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.ChatPort;
import io.cloudsweep.engine.chat.ConversationDriver;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Teams conversation, for one activity: what the driver posts goes there proactively through its reference. For
 * a button's press, the first update of the pressed card, or the first private answer, is the press's own answer
 * (the invoke's response, which Teams shows in place of the card for everyone, or to the presser alone); what comes
 * after is posted or updated proactively, and a private answer after it is left out, as the card already shows it.
 * Teams has no private messages in a conversation: a typed command's private answers are posted in it.
 */
final class TeamsConversation implements ChatPort {

    private static final Pattern MENTIONED = Pattern.compile(Pattern.quote(TeamsText.MENTION) + "(\\d{1,3})");

    private final TeamsConnector connector;
    private final AdaptiveCards cards;
    private final ConversationReference reference;
    private final Map<Integer, String> mentions;
    private final Optional<Answer> answer;

    /** A press's answer, owed to the invoke that is waiting for it, and the card that was pressed. */
    record Answer(String pressedId, CompletableFuture<AdaptiveCardInvokeResponse> response) {
    }

    /** @param mentions the Teams ids of the people mentioned in the text, by the number of their {@link TeamsText#MENTION} */
    TeamsConversation(TeamsConnector connector, AdaptiveCards cards, ConversationReference reference, Map<Integer, String> mentions,
                      Optional<Answer> answer) {
        this.connector = connector;
        this.cards = cards;
        this.reference = reference;
        this.mentions = Map.copyOf(mentions);
        this.answer = answer;
    }

    @Override
    public String conversation() {
        return reference.getConversation().getId();
    }

    @Override
    public String post(Optional<String> thread, Card card) {
        return connector.send(reference, cards.card(card), AdaptiveCards.text(card));
    }

    @Override
    public void update(String messageId, Card card) {
        if (answer.isPresent() && answer.get().pressedId().equals(messageId) && answer.get().response().complete(TeamsAnswers.card(cards.card(card)))) {
            return;
        }
        connector.update(reference, messageId, cards.card(card));
    }

    @Override
    public void privately(Card card) {
        if (answer.isPresent()) {
            answer.get().response().complete(TeamsAnswers.message(AdaptiveCards.text(card)));
            return;
        }
        post(Optional.empty(), card);
    }

    /** A press's private answer goes to the presser alone; otherwise only a personal chat has no one else in it. */
    @Override
    public boolean confides() {
        return answer.isPresent() || "personal".equals(reference.getConversation().getConversationType());
    }

    /** Teams asks for the reason on the card itself, before the press. */
    @Override
    public boolean askReason(ChatCommand.Reject reject, Optional<ConversationDriver.Press> on) {
        return false;
    }

    /** Files are not shared in Teams conversations: the cards carry every finding. */
    @Override
    public void attach(Optional<String> thread, String filename, String title, String content) {
    }

    /** A person mentioned in the command ({@code @mention-1}), as their AAD object id, when Teams knows them as a member here. */
    @Override
    public Optional<String> user(String mention) {
        Matcher mentioned = MENTIONED.matcher(mention);
        if (!mentioned.matches() || !mentions.containsKey(Integer.parseInt(mentioned.group(1)))) {
            return Optional.empty();
        }
        return connector.aadObjectId(reference, mentions.get(Integer.parseInt(mentioned.group(1))));
    }
}
