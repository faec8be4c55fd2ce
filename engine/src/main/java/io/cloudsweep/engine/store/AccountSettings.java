package io.cloudsweep.engine.store;

import java.util.List;
import java.util.Optional;

/** The AWS accounts an organization connected, and whether each one's cleanups are real or dry runs. */
public interface AccountSettings {

    /** A connected account; cleanups stay dry-run until an admin enables them. */
    record ConnectedAccount(String accountId, String name, Optional<String> roleArn, boolean cleanupsEnabled) {
    }

    List<ConnectedAccount> accounts(long organizationId);

    /** Turns the account's cleanups on or off, audited; false when no such account is connected. */
    boolean setCleanups(long organizationId, String accountId, boolean enabled, String actor);
}
