package io.cloudsweep.bot;

import io.cloudsweep.adapters.teams.TeamsBot;
import io.cloudsweep.adapters.teams.TeamsSettings;
import io.cloudsweep.adapters.teams.TeamsConversations;
import io.cloudsweep.engine.chat.RoleLookup;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.ChatInstallations;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.SecretBox;

import java.time.Clock;
import java.util.Optional;

/** The Teams bot wired to a running CloudSweep: its tenant's organization, findings, roles, and conversation references kept sealed. */
public final class TeamsSetup {

    private static final String PLATFORM = Organization.Platform.TEAMS.id();

    private TeamsSetup() {
    }

    /** Starts the Teams bot on {@code sweeper}, hearing its card updates. */
    public static TeamsBot start(TeamsSettings settings, Sweeper sweeper, Database database, SecretBox secrets, RoleLookup roles, Clock clock) {
        ChatInstallations installations = new ChatInstallations(database, secrets);
        TeamsBot bot = TeamsBot.start(settings, new TeamsBot.Services(sweeper.chatServices(database, roles, clock),
                new Conversations(sweeper, installations), tenant -> sweeper.organization(Organization.Platform.TEAMS, tenant)));
        sweeper.addListener(bot.runtime());
        sweeper.serve(Organization.Platform.TEAMS, Sweeper.ChatTarget.of(bot.runtime()));
        return bot;
    }

    /** Each conversation's reference in {@code chat_installations}, keyed by conversation, under its tenant's organization. */
    private record Conversations(Sweeper sweeper, ChatInstallations installations) implements TeamsConversations {
        @Override
        public void save(String conversationId, String tenantId, Optional<String> installer, String reference) {
            long organization = sweeper.organization(Organization.Platform.TEAMS, tenantId).id();
            installations.save(organization, PLATFORM, conversationId, Optional.empty(), installer, reference);
        }

        @Override
        public Optional<String> reference(String conversationId) {
            return installations.secret(PLATFORM, conversationId);
        }

        @Override
        public Optional<String> installer(String conversationId) {
            return installations.installer(PLATFORM, conversationId);
        }
    }
}
