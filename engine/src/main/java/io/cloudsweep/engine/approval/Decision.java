package io.cloudsweep.engine.approval;

import java.util.Objects;

/** A policy's answer: allowed, or denied with a reason the person is shown. */
public sealed interface Decision {

    static Decision allow() {
        return Allowed.INSTANCE;
    }

    static Decision deny(String reason) {
        return new Denied(reason);
    }

    default boolean isAllowed() {
        return this instanceof Allowed;
    }

    enum Allowed implements Decision { INSTANCE }

    record Denied(String reason) implements Decision {
        public Denied {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
