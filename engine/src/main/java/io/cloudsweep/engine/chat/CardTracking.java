package io.cloudsweep.engine.chat;

import java.util.function.Consumer;

/**
 * Where a chat's finding cards were posted, so they can be updated in place as their findings change: the driver
 * tells it every card it posts or updates, and hands it the cards to show again (approve-low's, a cleanup's steps).
 * {@link CardUpdater} keeps them in the database for every replica; the terminal, which prints rather than edits,
 * keeps none.
 */
public interface CardTracking extends ChatListener {

    /** Keeps no card: updates are shown by whoever listens instead (the terminal prints cleanup steps as they come). */
    CardTracking NONE = new CardTracking() {
        @Override
        public void posted(String conversation, String messageId, Card.FindingCard card) {
        }

        @Override
        public void replace(String conversation, String messageId, Card.FindingCard card, Consumer<Card> show) {
            show.accept(card);
        }

        @Override
        public void show(Card card) {
        }
    };

    /** The driver posted (or updated) {@code card} as message {@code messageId} in {@code conversation}. */
    void posted(String conversation, String messageId, Card.FindingCard card);

    /**
     * {@code card} is to replace what message {@code messageId} shows (the card whose button was pressed): {@code show}
     * shows it, in order with the card's other updates, so a late one never hides a newer state, and not at all when the
     * message shows the same already; returns once done.
     */
    void replace(String conversation, String messageId, Card.FindingCard card, Consumer<Card> show);
}
