package io.cloudsweep.storage;

import org.jdbi.v3.core.Jdbi;

import java.time.Duration;

/**
 * The deliveries chats sent, remembered for a day in the database every replica shares, so that a delivery sent again
 * is acted on once whichever replica it lands on. Every request's work asks, so the SQL is run through Jdbi's fluent
 * API: attaching a SqlObject costs more than the insert. Thread-safe.
 */
public final class ChatDeliveries {

    /** How long a delivery is remembered: chats redeliver within minutes. */
    public static final Duration KEPT = Duration.ofDays(1);

    private final Jdbi jdbi;

    public ChatDeliveries(Database database) {
        this.jdbi = database.jdbi();
    }

    /** Whether {@code delivery} (a chat's key for it, such as {@code teams/<conversation>/<activity id>}) arrives for the first time. */
    public boolean firstTime(String delivery) {
        return jdbi.withHandle(handle -> handle.createUpdate("INSERT INTO chat_deliveries (delivery) VALUES (:delivery) ON CONFLICT (delivery) DO NOTHING")
                .bind("delivery", delivery).execute()) == 1;
    }

    /** Forgets the deliveries older than a day; how many. */
    public int forgetOld() {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM chat_deliveries WHERE seen_at <= now() - make_interval(secs => :kept)")
                .bind("kept", KEPT.toSeconds()).execute());
    }
}
