package io.cloudsweep.engine.chat;

/** Hears what happens while a command runs, to show it live: a scan's progress message updated in place, cleanup steps. */
public interface ChatListener {

    ChatListener NONE = card -> { };

    /** A card to show now, replacing the previous card of the same scan or finding where the chat can. */
    void show(Card card);
}
