package io.cloudsweep.storage;

import io.cloudsweep.engine.store.CardLocations;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.Optional;

/** Card locations in the finding's own row ({@code card_chat}, {@code card_channel}, {@code card_message_id}). Thread-safe. */
public final class PostgresCardLocations implements CardLocations {

    interface Dao {
        @SqlUpdate("UPDATE findings SET card_chat = :chat, card_channel = :channel, card_message_id = :message WHERE id = :finding")
        void remember(@Bind("finding") long finding, @Bind("chat") String chat, @Bind("channel") String channel, @Bind("message") String message);

        @SqlQuery("""
                SELECT organization_id, card_chat AS chat, card_channel AS channel, card_message_id AS message_id FROM findings
                WHERE id = :finding AND card_message_id IS NOT NULL""")
        @RegisterConstructorMapper(Location.class)
        Optional<Location> find(@Bind("finding") long finding);
    }

    private final Dao dao;

    public PostgresCardLocations(Database database) {
        this.dao = database.jdbi().onDemand(Dao.class);
    }

    @Override
    public void remember(long findingId, String chat, String channel, String messageId) {
        dao.remember(findingId, chat, channel, messageId);
    }

    @Override
    public Optional<Location> find(long findingId) {
        return dao.find(findingId);
    }
}
