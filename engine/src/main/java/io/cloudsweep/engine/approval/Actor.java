package io.cloudsweep.engine.approval;

import java.util.Objects;

/** A person acting through a chat: their id on that chat and their CloudSweep role. */
public record Actor(String userId, Role role) {

    public Actor {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
    }
}
