package io.cloudsweep.engine.chat;

import java.util.Optional;

/**
 * What a chat does for the conversation driver in one conversation, on behalf of the person who asked: each chat
 * (Slack, Teams, the terminal) implements it over its own transport and renderer. Message ids are the chat's own
 * (a Slack ts, a Teams activity id); a chat without threads posts a thread's messages in the conversation.
 */
public interface ChatPort {

    /** The conversation's id, where posted cards are remembered (a Slack channel, a Teams conversation). */
    String conversation();

    /** Posts {@code card}, in the thread of {@code thread} when given; returns the new message's id. */
    String post(Optional<String> thread, Card card);

    /** Shows {@code card} in place of what message {@code messageId} showed. */
    void update(String messageId, Card card);

    /** Shows {@code card} to the person who asked alone, where the chat can; else in the conversation. */
    void privately(Card card);

    /** Whether {@link #privately} shows the person alone what it is given, so a secret may be told there. */
    boolean confides();

    /**
     * Asks the person why they reject (Slack opens a dialog, the terminal prompts). True when asked: the chat comes
     * back with {@link ConversationDriver#pressed} and the rejection with its reason; false to reject without one
     * (Teams asks on the card itself, before the press).
     */
    boolean askReason(ChatCommand.Reject reject, Optional<ConversationDriver.Press> on);

    /** Shares a file in the thread of {@code thread}; a chat that cannot share files leaves it out. */
    void attach(Optional<String> thread, String filename, String title, String content);

    /** The chat user a mention names ({@code <@U0BO|bo>}, {@code @bo}); empty when the chat knows no such user. */
    Optional<String> user(String mention);
}
