package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.store.Organization;

import java.util.function.BooleanSupplier;

/** A chat user's CloudSweep role, which the chat adapters ask before every command and click. */
@FunctionalInterface
public interface RoleLookup {

    /**
     * The role of {@code userId} in {@code organization}.
     *
     * @param platformAdmin whether the chat platform says the user runs the workspace (a Slack owner or admin, the
     *                      user who installed the app); asked only when no role was set for the user, as it may
     *                      cost a call to the platform
     */
    Role of(Organization organization, String userId, BooleanSupplier platformAdmin);
}
