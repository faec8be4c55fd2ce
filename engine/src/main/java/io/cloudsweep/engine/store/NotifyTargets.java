package io.cloudsweep.engine.store;

import io.cloudsweep.engine.model.Money;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where an organization's notifications go besides its chats: email addresses and webhooks, each with the events it
 * takes. Every change is audited. A target whose deliveries keep failing is disabled, its undelivered events kept until
 * it is enabled again.
 */
public interface NotifyTargets {

    /** Email, a webhook, or a chat channel (its address the conversation it was added in). */
    enum Kind {
        EMAIL, WEBHOOK, CHAT;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A target as kept.
     *
     * @param minMonthly   {@code findings.new} only when a scan's new findings cost at least this a month
     * @param conversation where it was added: where its trouble is told
     * @param disabled     why it was disabled (a delivery used every attempt), when it is
     */
    record Target(long id, Kind kind, String address, Set<NotifyEvent> events, Money minMonthly, Organization.Platform platform,
                  String conversation, String createdBy, Instant createdAt, Optional<String> disabled) {
        public Target {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(address, "address");
            events = Set.copyOf(events);
            Objects.requireNonNull(minMonthly, "minMonthly");
            Objects.requireNonNull(disabled, "disabled");
        }
    }

    /** A new target: what to send, where, and the chat it was added in. */
    record Request(Kind kind, String address, Set<NotifyEvent> events, Money minMonthly, Organization.Platform platform, String conversation) {
        public Request {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(address, "address");
            events = Set.copyOf(events);
            Objects.requireNonNull(minMonthly, "minMonthly");
        }
    }

    /** What became of a target asked for. */
    sealed interface Adding {
    }

    /** A target added; a webhook's signing secret, made by CloudSweep, is here once and never shown again. */
    record Added(Target target, Optional<String> secret) implements Adding {
    }

    /** Not added, and why (email without an SMTP server configured, say). */
    record Refused(String reason) implements Adding {
    }

    /** Adds a target, or replaces the events and minimum of the same kind and address; audited. */
    Adding add(long organizationId, Request request, String actor);

    List<Target> targets(long organizationId);

    /** Removes target {@code id} with its undelivered events; false when the organization has no such target. */
    boolean remove(long organizationId, long id, String actor);

    /** Enables a disabled target again, its kept events to be delivered; false when there is no such target. */
    boolean enable(long organizationId, long id, String actor);
}
