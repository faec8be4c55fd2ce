package io.cloudsweep.bot;

import io.cloudsweep.engine.config.InvalidConfigurationException;
import io.cloudsweep.storage.SecretBox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The key that seals stored chat secrets: {@code CLOUDSWEEP_SECRET_KEY}; or, with the embedded database only,
 * a key generated once into {@code <data dir>/secret.key} (readable by its owner alone). With an external
 * database the key must come from outside, so that every replica shares it and it never sits beside the data.
 */
public final class SecretKeys {

    static final String VARIABLE = "CLOUDSWEEP_SECRET_KEY";

    private SecretKeys() {
    }

    public static SecretBox load(Map<String, String> environment, Path dataDir, boolean embeddedDatabase) {
        String configured = environment.get(VARIABLE);
        try {
            if (configured != null && !configured.isBlank()) {
                return SecretBox.fromBase64(configured);
            }
            if (!embeddedDatabase) {
                throw new InvalidConfigurationException(VARIABLE + " is required with CLOUDSWEEP_DB_URL: set it to 32 random bytes in"
                        + " base64 (openssl rand -base64 32), the same on every replica");
            }
            return SecretBox.fromBase64(generatedKey(dataDir.resolve("secret.key")));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
    }

    private static String generatedKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, SecretBox.newKey() + "\n", StandardCharsets.US_ASCII);
                } catch (FileAlreadyExistsException createdMeanwhile) {
                    // another process made it first: use theirs
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret key file " + file, e);
        }
    }
}
