package io.cloudsweep.engine.chat;

/** Hears what happens while a command runs, to show it live: a scan's progress message updated in place, cleanup steps. */
public interface ChatListener {

    ChatListener NONE = card -> { };

    /** A card to show now, replacing the previous card of the same scan or finding where the chat can. */
    void show(Card card);

    /** Shows each card to every one of {@code listeners}, in order; one that fails does not keep the card from the others. */
    static ChatListener all(java.util.List<ChatListener> listeners) {
        return card -> {
            RuntimeException first = null;
            for (ChatListener listener : listeners) {
                try {
                    listener.show(card);
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        };
    }
}
