package io.cloudsweep.engine.chat;

import java.util.List;

/**
 * What the interpreter answers a command with.
 *
 * @param privately shown only to the person who asked (Slack ephemeral): usage, denials, mistakes
 */
public record Reply(List<Card> cards, boolean privately) {

    public Reply {
        cards = List.copyOf(cards);
    }

    public static Reply of(Card... cards) {
        return new Reply(List.of(cards), false);
    }

    public static Reply privately(String text) {
        return new Reply(List.of(new Card.Text(text)), true);
    }
}
