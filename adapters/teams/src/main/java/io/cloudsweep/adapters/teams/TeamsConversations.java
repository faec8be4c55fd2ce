package io.cloudsweep.adapters.teams;

import java.util.Optional;

/**
 * Where the Teams bot can speak later: each conversation's reference (service URL, conversation, bot and tenant),
 * kept encrypted by the store, captured at install and at every message, and who installed the bot there.
 */
public interface TeamsConversations {

    /** Stores or refreshes a conversation's reference; {@code installer} when the bot was just added by that user. */
    void save(String conversationId, String tenantId, Optional<String> installer, String reference);

    /** The reference of a conversation, as JSON. */
    Optional<String> reference(String conversationId);

    /** Who added the bot to the conversation, when known. */
    Optional<String> installer(String conversationId);
}
