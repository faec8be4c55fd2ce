package io.cloudsweep.adapters.slack;

import com.google.gson.Gson;
import com.slack.api.bolt.model.Bot;
import com.slack.api.bolt.model.Installer;
import com.slack.api.bolt.model.builtin.DefaultBot;
import com.slack.api.bolt.service.InstallationService;
import com.slack.api.bolt.service.OAuthStateService;
import com.slack.api.util.json.GsonFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * Bolt's installation and OAuth-state services on a {@link SlackInstallStore}: an install stores the bot's
 * token (with the rest of Bolt's bot record, as Slack-style JSON) sealed by the store, keyed by workspace;
 * {@code app_uninstalled} and {@code tokens_revoked} revoke it. CloudSweep asks for no user token, so no
 * installer token is kept, only who the installer was. Thread-safe.
 */
final class StoredInstallations implements InstallationService {

    private static final Logger LOG = LoggerFactory.getLogger(StoredInstallations.class);
    private static final Gson JSON = GsonFactory.createSnakeCase();

    private final SlackInstallStore store;

    StoredInstallations(SlackInstallStore store) {
        this.store = store;
    }

    /** The workspace an install belongs to: its team, or its enterprise for an organization-wide install. */
    static Optional<String> workspace(String enterpriseId, String teamId) {
        return Optional.ofNullable(teamId != null && !teamId.isBlank() ? teamId : enterpriseId).filter(id -> !id.isBlank());
    }

    /** The bot token of a workspace's live installation. */
    Optional<String> botToken(String workspace) {
        return store.secret(workspace).map(secret -> JSON.fromJson(secret, DefaultBot.class)).map(Bot::getBotAccessToken);
    }

    Optional<String> installer(String workspace) {
        return store.installer(workspace);
    }

    @Override
    public boolean isHistoricalDataEnabled() {
        return false;
    }

    @Override
    public void setHistoricalDataEnabled(boolean enabled) {
        if (enabled) {
            throw new UnsupportedOperationException("CloudSweep keeps one installation per workspace, not their history");
        }
    }

    @Override
    public void saveInstallerAndBot(Installer installer) {
        Bot bot = installer.toBot();
        String workspace = workspace(installer.getEnterpriseId(), installer.getTeamId())
                .orElseThrow(() -> new IllegalArgumentException("an installation names neither a team nor an enterprise"));
        if (bot == null || bot.getBotAccessToken() == null) {
            throw new IllegalArgumentException("the installation in " + workspace + " came without a bot token");
        }
        store.save(workspace, Optional.ofNullable(installer.getInstallerUserId()), Optional.ofNullable(bot.getBotUserId()), JSON.toJson(bot));
        LOG.info("CloudSweep installed in Slack workspace {} by {}", workspace, installer.getInstallerUserId());
    }

    @Override
    public void saveBot(Bot bot) {
        workspace(bot.getEnterpriseId(), bot.getTeamId()).ifPresent(workspace ->
                store.save(workspace, Optional.empty(), Optional.ofNullable(bot.getBotUserId()), JSON.toJson(bot)));
    }

    @Override
    public void deleteBot(Bot bot) {
        workspace(bot.getEnterpriseId(), bot.getTeamId()).ifPresent(this::revoke);
    }

    @Override
    public void deleteInstaller(Installer installer) {
        // No installer (user) token is kept; the bot's installation stays until the bot's own token is revoked.
    }

    @Override
    public void deleteAll(String enterpriseId, String teamId) {
        workspace(enterpriseId, teamId).ifPresent(this::revoke);
    }

    @Override
    public Bot findBot(String enterpriseId, String teamId) {
        Optional<String> secret = Optional.ofNullable(teamId).flatMap(store::secret);
        if (secret.isEmpty() && enterpriseId != null) {
            secret = store.secret(enterpriseId);
        }
        return secret.map(json -> (Bot) JSON.fromJson(json, DefaultBot.class)).orElse(null);
    }

    @Override
    public String getInstallationGuideText(String enterpriseId, String teamId, String userId) {
        return "CloudSweep is not installed in this workspace (or was uninstalled). Ask a workspace admin to install it from"
                + " CloudSweep's /slack/install page.";
    }

    @Override
    public Installer findInstaller(String enterpriseId, String teamId, String userId) {
        return null;
    }

    private void revoke(String workspace) {
        store.revoke(workspace);
        LOG.info("CloudSweep's installation in Slack workspace {} revoked", workspace);
    }

    /** Install states in the store, so the redirect may land on any replica; Bolt checks the browser's cookie too. */
    static final class States implements OAuthStateService {
        private final SlackInstallStore store;

        States(SlackInstallStore store) {
            this.store = store;
        }

        @Override
        public void addNewStateToDatastore(String state) {
            store.issueState(state, Duration.ofSeconds(getExpirationInSeconds()));
        }

        @Override
        public boolean isAvailableInDatabase(String state) {
            return state != null && store.isLiveState(state);
        }

        @Override
        public void deleteStateFromDatastore(String state) {
            store.consumeState(state);
        }
    }
}
