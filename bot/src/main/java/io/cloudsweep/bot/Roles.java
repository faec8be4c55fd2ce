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
        this.admins = configured(environment);
    }

    /** The ids {@code CLOUDSWEEP_ADMINS} names. */
    static Set<String> configured(Map<String, String> environment) {
        return Arrays.stream(environment.getOrDefault("CLOUDSWEEP_ADMINS", "").split(","))
                .map(String::trim).filter(id -> !id.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whom an alert calls in an organization: those made admins with {@code role}, and the configured admins no one made
     * anything else. (Workspace owners the chat platform names are not listed; they are asked only when they act.)
     */
    static java.util.List<String> admins(Members members, Set<String> configured, long organizationId) {
        java.util.List<Members.Member> all = members.all(organizationId);
        Set<String> demoted = all.stream().filter(member -> !member.role().equals(Role.ADMIN.id())).map(Members.Member::chatUserId)
                .collect(Collectors.toSet());
        java.util.TreeSet<String> admins = new java.util.TreeSet<>(configured);
        admins.removeAll(demoted);
        all.stream().filter(member -> member.role().equals(Role.ADMIN.id())).map(Members.Member::chatUserId).forEach(admins::add);
        return java.util.List.copyOf(admins);
    }

    @Override
    public Role of(Organization organization, String userId, BooleanSupplier platformAdmin) {
        return members.find(organization.id(), userId).map(member -> Role.fromId(member.role()))
                .orElseGet(() -> admins.contains(userId) || platformAdmin.getAsBoolean() ? Role.ADMIN : Role.MEMBER);
    }
}
