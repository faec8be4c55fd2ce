package io.cloudsweep.bot;

import io.cloudsweep.adapters.slack.SlackBot;
import io.cloudsweep.adapters.slack.SlackSettings;
import io.cloudsweep.adapters.slack.SlackInstallStore;
import io.cloudsweep.engine.chat.RoleLookup;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.ChatInstallations;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.OAuthStates;
import io.cloudsweep.storage.SecretBox;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The Slack bot wired to a running CloudSweep: its organizations, findings, roles, and installs kept in the database. */
public final class SlackSetup {

    private static final String PLATFORM = Organization.Platform.SLACK.id();

    private SlackSetup() {
    }

    /** Starts the Slack bot on {@code sweeper}, hearing its card updates. */
    public static SlackBot start(SlackSettings settings, Sweeper sweeper, Database database, SecretBox secrets, RoleLookup roles,
                                 Clock clock) {
        SlackBot bot = SlackBot.start(settings, new SlackBot.Services(sweeper.chatServices(database, roles, clock),
                new Installs(sweeper, new ChatInstallations(database, secrets), new OAuthStates(database, clock)),
                team -> sweeper.organization(Organization.Platform.SLACK, team), sweeper::organization, sweeper::dashboard));
        sweeper.addListener(bot.runtime());
        sweeper.serve(Organization.Platform.SLACK, Sweeper.ChatTarget.of(bot.runtime()));
        return bot;
    }

    /** Each workspace's installation in {@code chat_installations}, under the workspace's organization, sealed. */
    private record Installs(Sweeper sweeper, ChatInstallations installations, OAuthStates states) implements SlackInstallStore {
        @Override
        public void save(String workspace, Optional<String> installerUserId, Optional<String> botUserId, String secret) {
            long organization = sweeper.organization(Organization.Platform.SLACK, workspace).id();
            installations.save(organization, PLATFORM, workspace, botUserId, installerUserId, secret);
        }

        @Override
        public Optional<String> secret(String workspace) {
            return installations.secret(PLATFORM, workspace);
        }

        @Override
        public Optional<String> installer(String workspace) {
            return installations.installer(PLATFORM, workspace);
        }

        @Override
        public void revoke(String workspace) {
            installations.revoke(PLATFORM, workspace);
        }

        @Override
        public void issueState(String state, Duration lifetime) {
            states.issue(PLATFORM, state, lifetime);
        }

        @Override
        public boolean isLiveState(String state) {
            return states.isLive(PLATFORM, state);
        }

        @Override
        public void consumeState(String state) {
            states.consume(PLATFORM, state);
        }
    }
}
