package io.cloudsweep.storage;

import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

/**
 * Chat installations (Slack bot tokens, Teams conversation references), their secrets sealed with a
 * {@link SecretBox} bound to the row's platform and key: the table never holds a secret in the clear. Read and
 * written on every chat request, so through Jdbi's fluent API: attaching a SqlObject costs more than these statements.
 * Thread-safe.
 */
public final class ChatInstallations {

    private static final String LIVE = "FROM chat_installations WHERE platform = :platform AND installation_key = :key AND revoked_at IS NULL";

    private final Jdbi jdbi;
    private final SecretBox box;

    public ChatInstallations(Database database, SecretBox box) {
        this.jdbi = database.jdbi();
        this.box = box;
    }

    /** Stores or replaces the installation of {@code platform} and {@code installationKey}; an installer not given keeps the one known. */
    public void save(long organizationId, String platform, String installationKey, Optional<String> botUserId,
                     Optional<String> installerUserId, String secret) {
        byte[] sealed = box.seal(secret, context(platform, installationKey));
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO chat_installations (organization_id, platform, installation_key, bot_user_id, installer_user_id,
                                                        secret_ciphertext)
                        VALUES (:organization, :platform, :key, :bot, :installer, :secret)
                        ON CONFLICT (platform, installation_key) DO UPDATE SET
                            organization_id = EXCLUDED.organization_id, bot_user_id = EXCLUDED.bot_user_id,
                            installer_user_id = COALESCE(EXCLUDED.installer_user_id, chat_installations.installer_user_id),
                            secret_ciphertext = EXCLUDED.secret_ciphertext,
                            revoked_at = NULL""")
                .bind("organization", organizationId).bind("platform", platform).bind("key", installationKey)
                .bind("bot", botUserId.orElse(null)).bind("installer", installerUserId.orElse(null)).bind("secret", sealed).execute());
    }

    /** The secret of a live installation. */
    public Optional<String> secret(String platform, String installationKey) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT secret_ciphertext " + LIVE).bind("platform", platform)
                        .bind("key", installationKey).mapTo(byte[].class).findOne())
                .map(sealed -> box.open(sealed, context(platform, installationKey)));
    }

    /** Who installed a live installation, when the platform said. */
    public Optional<String> installer(String platform, String installationKey) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT installer_user_id " + LIVE).bind("platform", platform)
                .bind("key", installationKey).mapTo(String.class).findOne());
    }

    /** Marks an installation revoked (tokens_revoked, app_uninstalled): its secret is no longer handed out. */
    public void revoke(String platform, String installationKey) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE chat_installations SET revoked_at = now() WHERE platform = :platform"
                + " AND installation_key = :key AND revoked_at IS NULL").bind("platform", platform).bind("key", installationKey).execute());
    }

    private static String context(String platform, String installationKey) {
        return "chat_installations:" + platform + ":" + installationKey;
    }
}
