package io.cloudsweep.adapters.slack;

import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.ChatPort;
import io.cloudsweep.engine.chat.ConversationDriver;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Slack channel, for one request of one user: what the conversation driver posts goes there through the Web API,
 * what is for the user alone is ephemeral, a rejection's reason is asked in a dialog (when the request brought a
 * trigger id to open one), and a mention is looked up in the workspace.
 */
final class SlackConversation implements ChatPort {

    /** A mention as Slack escapes it: {@code <@U0BO|bo>} or {@code <@U0BO>}. */
    private static final Pattern ESCAPED = Pattern.compile("<@([UW][A-Z0-9]{1,20})(?:\\|[^>]*)?>");
    /** A user id typed as it is: {@code U0BO}. */
    private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{6,20}");

    private final SlackPoster poster;
    private final String channel;
    private final String user;
    private final Optional<String> triggerId;

    SlackConversation(SlackPoster poster, String channel, String user, Optional<String> triggerId) {
        this.poster = poster;
        this.channel = channel;
        this.user = user;
        this.triggerId = triggerId;
    }

    @Override
    public String conversation() {
        return channel;
    }

    /** A digest's chart is uploaded with it, as the first message of its thread. */
    @Override
    public String post(Optional<String> thread, Card card) {
        String ts = poster.post(channel, thread.orElse(null), card);
        if (card instanceof Card.Digest digest && digest.chart().isPresent()) {
            poster.upload(channel, ts, digest.chart().get());
        }
        return ts;
    }

    @Override
    public void update(String messageId, Card card) {
        poster.update(channel, messageId, card);
    }

    @Override
    public void privately(Card card) {
        poster.ephemeral(channel, user, card);
    }

    /** Ephemeral messages are seen by their user alone. */
    @Override
    public boolean confides() {
        return true;
    }

    @Override
    public boolean askReason(ChatCommand.Reject reject, Optional<ConversationDriver.Press> on) {
        if (triggerId.isEmpty() || on.isEmpty()) {
            return false;
        }
        poster.openModal(triggerId.get(), RejectDialog.view(poster.blockKit(), reject, channel, on.get()));
        return true;
    }

    @Override
    public void attach(Optional<String> thread, String filename, String title, String content) {
        poster.upload(channel, thread.orElse(null), filename, title, content);
    }

    /**
     * {@code <@U0BO|bo>} (Slack's escaped mention) or a user id, when Slack knows that person; {@code @bo} or
     * {@code bo}, when exactly one person of the workspace goes by that name (Slack sends plain names while the app's
     * manifest asks for no escaping).
     */
    @Override
    public Optional<String> user(String mention) {
        Matcher escaped = ESCAPED.matcher(mention);
        if (escaped.matches()) {
            return poster.person(escaped.group(1));
        }
        if (USER_ID.matcher(mention).matches()) {
            Optional<String> person = poster.person(mention);
            if (person.isPresent()) {
                return person;
            }
        }
        List<String> named = poster.peopleNamed(mention.replaceFirst("^@", ""));
        return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
    }
}
