package io.cloudsweep.bot;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.chat.RoleLookup;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.Members;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A chat user's CloudSweep role: the one set with {@code role} if any; else admin for the ids in
 * {@code CLOUDSWEEP_ADMINS} and for those the chat platform names (workspace owners and admins, the installer);
 * else member. Thread-safe.
 */
public final class Roles implements RoleLookup {

    private final Members members;
    private final Set<String> admins;

    public Roles(Database database, Map<String, String> environment) {
        this.members = database.jdbi().onDemand(Members.class);
        this.admins = Arrays.stream(environment.getOrDefault("CLOUDSWEEP_ADMINS", "").split(","))
                .map(String::trim).filter(id -> !id.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Role of(Organization organization, String userId, BooleanSupplier platformAdmin) {
        return members.find(organization.id(), userId).map(member -> Role.fromId(member.role()))
                .orElseGet(() -> admins.contains(userId) || platformAdmin.getAsBoolean() ? Role.ADMIN : Role.MEMBER);
    }
}
