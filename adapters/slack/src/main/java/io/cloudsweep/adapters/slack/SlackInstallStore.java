package io.cloudsweep.adapters.slack;

import java.time.Duration;
import java.util.Optional;

/**
 * What the Slack OAuth install keeps, by workspace: the installation (its secret sealed at rest by the store)
 * and the install states under way. Backed by the database, so every replica sees every install.
 */
public interface SlackInstallStore {

    /**
     * Stores or replaces a workspace's installation.
     *
     * @param workspace       the team id ({@code T…}), or the enterprise id for an organization-wide install
     * @param installerUserId who installed the app; empty keeps the one stored
     * @param secret          what the bot needs to act there (its token among it); the store keeps it encrypted
     */
    void save(String workspace, Optional<String> installerUserId, Optional<String> botUserId, String secret);

    /** The secret of a live installation. */
    Optional<String> secret(String workspace);

    /** Who installed the app in a live installation. */
    Optional<String> installer(String workspace);

    /** The app was uninstalled or its token revoked: the installation hands nothing out any more. */
    void revoke(String workspace);

    /** Remembers an install state just issued, for {@code lifetime}. */
    void issueState(String state, Duration lifetime);

    /** Whether the state was issued, is unexpired and unused. */
    boolean isLiveState(String state);

    /** Uses up a state. */
    void consumeState(String state);
}
