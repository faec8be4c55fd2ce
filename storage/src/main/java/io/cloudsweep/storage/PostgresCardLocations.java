package io.cloudsweep.storage;

import io.cloudsweep.engine.store.CardLocations;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.Optional;

/**
 * Card locations in the finding's own row ({@code card_chat}, {@code card_channel}, {@code card_message_id}), read on
 * every card update through Jdbi's fluent API: attaching a SqlObject costs more than the query. Thread-safe.
 */
public final class PostgresCardLocations implements CardLocations {

    private static final RowMapper<Location> LOCATION = (rs, context) -> new Location(rs.getLong("organization_id"), rs.getString("chat"),
            rs.getString("channel"), rs.getString("message_id"));

    private final Jdbi jdbi;

    public PostgresCardLocations(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public void remember(long findingId, String chat, String channel, String messageId) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE findings SET card_chat = :chat, card_channel = :channel, card_message_id = :message WHERE id = :finding")
                .bind("finding", findingId).bind("chat", chat).bind("channel", channel).bind("message", messageId).execute());
    }

    @Override
    public Optional<Location> find(long findingId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT organization_id, card_chat AS chat, card_channel AS channel, card_message_id AS message_id FROM findings
                        WHERE id = :finding AND card_message_id IS NOT NULL""")
                .bind("finding", findingId).map(LOCATION).findOne());
    }
}
