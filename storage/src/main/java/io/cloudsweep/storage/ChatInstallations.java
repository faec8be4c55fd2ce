package io.cloudsweep.storage;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.Optional;

/**
 * Chat installations (Slack bot tokens, Teams conversation references), their secrets sealed with a
 * {@link SecretBox} bound to the row's platform and key: the table never holds a secret in the clear.
 * Thread-safe.
 */
public final class ChatInstallations {

    interface Dao {
        @SqlUpdate("""
                INSERT INTO chat_installations (organization_id, platform, installation_key, bot_user_id, installer_user_id,
                                                secret_ciphertext)
                VALUES (:organization, :platform, :key, :bot, :installer, :secret)
                ON CONFLICT (platform, installation_key) DO UPDATE SET
                    organization_id = EXCLUDED.organization_id, bot_user_id = EXCLUDED.bot_user_id,
                    installer_user_id = COALESCE(EXCLUDED.installer_user_id, chat_installations.installer_user_id),
                    secret_ciphertext = EXCLUDED.secret_ciphertext,
                    revoked_at = NULL""")
        void save(@Bind("organization") long organization, @Bind("platform") String platform, @Bind("key") String key,
                  @Bind("bot") String botUserId, @Bind("installer") String installerUserId, @Bind("secret") byte[] sealedSecret);

        @SqlQuery("""
                SELECT secret_ciphertext FROM chat_installations
                WHERE platform = :platform AND installation_key = :key AND revoked_at IS NULL""")
        Optional<byte[]> sealedSecret(@Bind("platform") String platform, @Bind("key") String key);

        @SqlQuery("""
                SELECT installer_user_id FROM chat_installations
                WHERE platform = :platform AND installation_key = :key AND revoked_at IS NULL""")
        Optional<String> installer(@Bind("platform") String platform, @Bind("key") String key);

        @SqlUpdate("""
                UPDATE chat_installations SET revoked_at = now()
                WHERE platform = :platform AND installation_key = :key AND revoked_at IS NULL""")
        void revoke(@Bind("platform") String platform, @Bind("key") String key);
    }

    private final Dao dao;
    private final SecretBox box;

    public ChatInstallations(Database database, SecretBox box) {
        this.dao = database.jdbi().onDemand(Dao.class);
        this.box = box;
    }

    /** Stores or replaces the installation of {@code platform} and {@code installationKey}; an installer not given keeps the one known. */
    public void save(long organizationId, String platform, String installationKey, Optional<String> botUserId,
                     Optional<String> installerUserId, String secret) {
        dao.save(organizationId, platform, installationKey, botUserId.orElse(null), installerUserId.orElse(null),
                box.seal(secret, context(platform, installationKey)));
    }

    /** The secret of a live installation. */
    public Optional<String> secret(String platform, String installationKey) {
        return dao.sealedSecret(platform, installationKey).map(sealed -> box.open(sealed, context(platform, installationKey)));
    }

    /** Who installed a live installation, when the platform said. */
    public Optional<String> installer(String platform, String installationKey) {
        return dao.installer(platform, installationKey);
    }

    /** Marks an installation revoked (tokens_revoked, app_uninstalled): its secret is no longer handed out. */
    public void revoke(String platform, String installationKey) {
        dao.revoke(platform, installationKey);
    }

    private static String context(String platform, String installationKey) {
        return "chat_installations:" + platform + ":" + installationKey;
    }
}
