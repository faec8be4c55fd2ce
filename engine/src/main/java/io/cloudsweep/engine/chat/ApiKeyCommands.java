package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.store.ApiKeys;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.Organization;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code apikey create|list|revoke}, for every chat: an organization's keys to the REST API. Admins alone make, see and
 * revoke them; a key's role is at most its creator's; a new key is said once, to its creator alone, and audited
 * without its secret.
 */
final class ApiKeyCommands {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final ApiKeys keys;
    private final AuditLog audit;
    private final Clock clock;

    ApiKeyCommands(ApiKeys keys, AuditLog audit, Clock clock) {
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    Reply create(Organization organization, Actor actor, boolean confides, ChatCommand.CreateApiKey create) {
        if (actor.role() != Role.ADMIN) {
            return new Reply.Private("Only admins can make API keys.");
        }
        if (!confides) {
            return new Reply.Private("An API key is shown once, to you alone, which this conversation cannot do: make it in a direct"
                    + " message with CloudSweep.");
        }
        if (create.role().ordinal() < actor.role().ordinal()) {
            return new Reply.Private("A key's role is at most yours (" + actor.role().id() + ").");
        }
        Optional<ApiKeys.Created> made = keys.create(organization.id(), create.name(), create.role(), actor.userId());
        if (made.isEmpty()) {
            return new Reply.Private("There is a key named " + create.name() + " already: `apikey revoke " + create.name()
                    + "` first, or choose another name.");
        }
        ApiKeys.Created key = made.get();
        audit.append(new AuditLog.Event(Optional.of(organization.id()), clock.instant(), actor.userId(), "apikey.created",
                "apikey/" + key.name(), Map.of("role", key.role().id(), "prefix", key.prefix())));
        return new Reply.Private("API key " + key.name() + " (" + key.role().id() + "), shown this once: `" + key.key() + "`\n"
                + "Keep it in a secret store; CloudSweep keeps only its hash. Send it as `Authorization: Bearer <key>` to /api/v1;"
                + " `apikey revoke " + key.name() + "` ends it.");
    }

    Reply list(long organizationId, Actor actor) {
        if (actor.role() != Role.ADMIN) {
            return new Reply.Private("Only admins can see the API keys.");
        }
        List<ApiKeys.Listed> live = keys.list(organizationId);
        if (live.isEmpty()) {
            return new Reply.Private("No API keys. `apikey create <name> [role]` makes one (viewer by default).");
        }
        StringBuilder text = new StringBuilder("API keys:");
        for (ApiKeys.Listed key : live) {
            text.append("\n").append(key.name()).append(" ").append(key.prefix()).append("… ").append(key.role().id())
                    .append(", made by ").append(key.createdBy()).append(" on ").append(DAY.format(key.createdAt()))
                    .append(key.lastUsed().map(at -> ", last used " + DAY.format(at)).orElse(", never used"));
        }
        return new Reply.Private(text.toString());
    }

    Reply revoke(long organizationId, Actor actor, String name) {
        if (actor.role() != Role.ADMIN) {
            return new Reply.Private("Only admins can revoke API keys.");
        }
        if (!keys.revoke(organizationId, name, actor.userId())) {
            return new Reply.Private("There is no API key named " + name + ". `apikey list` shows them.");
        }
        audit.append(new AuditLog.Event(Optional.of(organizationId), clock.instant(), actor.userId(), "apikey.revoked", "apikey/" + name,
                Map.of()));
        return new Reply.Private("API key " + name + " is revoked: it is refused from now on.");
    }
}
