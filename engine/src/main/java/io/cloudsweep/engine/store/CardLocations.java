package io.cloudsweep.engine.store;

import java.util.Optional;

/** Where each finding's card was posted, so a state change can update it in place, from whichever replica. */
public interface CardLocations {

    /** A posted card: its organization, the chat ({@code slack}, {@code teams}), the channel and the message id there. */
    record Location(long organizationId, String chat, String channel, String messageId) {
    }

    void remember(long findingId, String chat, String channel, String messageId);

    Optional<Location> find(long findingId);
}
