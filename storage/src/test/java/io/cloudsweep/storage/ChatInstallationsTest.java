package io.cloudsweep.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatInstallationsTest {

    private static final String TOKEN = "xoxb-123456789012-abcdefABCDEF-secret";

    private Database database;
    private ChatInstallations installations;
    private long organization;

    @BeforeEach
    void setUp() {
        database = TestDatabase.get();
        installations = new ChatInstallations(database, SecretBox.fromBase64(SecretBox.newKey()));
        organization = new Organizations(database).ensure(io.cloudsweep.engine.store.Organization.Platform.SLACK, "T123", "Acme").id();
    }

    @Test
    void theTokenRoundTripsButTheColumnNeverHoldsIt() {
        installations.save(organization, "slack", "T123", Optional.of("B1"), Optional.of("U1"), TOKEN);

        byte[] stored = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT secret_ciphertext FROM chat_installations WHERE installation_key = 'T123'").mapTo(byte[].class).one());
        String asText = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(asText).doesNotContain(TOKEN).doesNotContain("xoxb");
        assertThat(installations.secret("slack", "T123")).contains(TOKEN);
    }

    @Test
    void aCiphertextMovedToAnotherRowDoesNotOpen() {
        installations.save(organization, "slack", "T123", Optional.empty(), Optional.empty(), TOKEN);
        installations.save(organization, "slack", "T999", Optional.empty(), Optional.empty(), "xoxb-other");
        database.jdbi().useHandle(handle -> handle.execute("""
                UPDATE chat_installations SET secret_ciphertext =
                    (SELECT secret_ciphertext FROM chat_installations WHERE installation_key = 'T123')
                WHERE installation_key = 'T999'"""));

        assertThatThrownBy(() -> installations.secret("slack", "T999")).hasMessageContaining("does not open");
    }

    @Test
    void anotherKeyCannotOpenItAndRevokedInstallationsHandNothingOut() {
        installations.save(organization, "slack", "T123", Optional.empty(), Optional.empty(), TOKEN);
        ChatInstallations otherKey = new ChatInstallations(database, SecretBox.fromBase64(SecretBox.newKey()));

        assertThatThrownBy(() -> otherKey.secret("slack", "T123")).isInstanceOf(IllegalArgumentException.class);
        installations.revoke("slack", "T123");
        assertThat(installations.secret("slack", "T123")).isEmpty();
        assertThat(installations.installer("slack", "T123")).isEmpty();
    }

    @Test
    void theInstallerIsKnownWhileTheInstallationLivesAndAReinstallRevivesIt() {
        installations.save(organization, "slack", "T123", Optional.of("B1"), Optional.of("U-INSTALLER"), TOKEN);
        assertThat(installations.installer("slack", "T123")).contains("U-INSTALLER");
        assertThat(installations.installer("teams", "T123")).isEmpty();

        installations.revoke("slack", "T123");
        installations.save(organization, "slack", "T123", Optional.of("B1"), Optional.of("U-OTHER"), "xoxb-new");
        assertThat(installations.installer("slack", "T123")).contains("U-OTHER");
        assertThat(installations.secret("slack", "T123")).contains("xoxb-new");
    }

    @Test
    void aBadKeySaysHowToMakeAGoodOne() {
        assertThatThrownBy(() -> SecretBox.fromBase64("c2hvcnQ=")).hasMessageContaining("32 bytes").hasMessageContaining("openssl rand");
        assertThatThrownBy(() -> SecretBox.fromBase64("not base64!")).hasMessageContaining("not base64");
        byte[] sealed = SecretBox.fromBase64(SecretBox.newKey()).seal("x", "ctx");
        assertThat(Arrays.equals(sealed, SecretBox.fromBase64(SecretBox.newKey()).seal("x", "ctx"))).isFalse();
    }
}
