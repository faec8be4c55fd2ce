package io.cloudsweep.engine.approval;

import java.util.Objects;
import java.util.Optional;

/**
 * A person acting through a chat, or through an API key they made: their id on that chat, their CloudSweep role, and
 * what they acted through when it was not the chat itself ({@code apikey:jira}), for the audit. Approval rules count
 * people, so a key's approval is its creator's.
 */
public record Actor(String userId, Role role, Optional<String> via) {

    public Actor {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(via, "via");
    }

    public Actor(String userId, Role role) {
        this(userId, role, Optional.empty());
    }
}
