package io.cloudsweep.engine.store;

import io.cloudsweep.engine.approval.Role;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An organization's keys to the REST API, each with a name, a role and its creator. A key is shown once, when made; only
 * its SHA-256 is kept, beside its visible prefix ({@code csk_} and 8 characters) by which it is found and recognised.
 */
public interface ApiKeys {

    /** What a key looks like: {@code csk_}, 8 characters of prefix, {@code _}, 40 of secret (about 238 bits of randomness in all). */
    Pattern FORMAT = Pattern.compile("csk_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}");
    /** A key's name, as typed in {@code apikey create <name>}. */
    Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    /** A key as listed: never the key itself. */
    record Listed(String name, String prefix, Role role, String createdBy, Instant createdAt, Optional<Instant> lastUsed) {
    }

    /** A key just made: {@code key} is shown this once. */
    record Created(String name, String key, String prefix, Role role) {
        public Created {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Who holds a key that was accepted: its organization, name, role and creator, for the checks and the audit. */
    record Holder(long organizationId, String name, String prefix, Role role, String createdBy) {
        /** How the audit names what the key did: the key and the person who made it. */
        public String actor() {
            return "apikey:" + name + " (by " + createdBy + ")";
        }
    }

    /** A new key, or empty when the organization has a live key of that name. */
    Optional<Created> create(long organizationId, String name, Role role, String createdBy);

    /** The organization's live keys, oldest first. */
    List<Listed> list(long organizationId);

    /** Revokes the live key of that name; whether there was one. */
    boolean revoke(long organizationId, String name, String actor);

    /** The holder of {@code key}, if it is a live key; its last use is recorded. Compares in constant time. */
    Optional<Holder> authenticate(String key, Instant now);

    /** A new random key. */
    static String newKey() {
        return "csk_" + random(8) + "_" + random(40);
    }

    /** The part of a key that is shown in lists and stored as it is. */
    static String prefixOf(String key) {
        return key.substring(0, 12);
    }

    /** The SHA-256 of a key, in hex: what is stored of it. */
    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Whether {@code key} hashes to {@code storedHash}, in time that does not depend on where they differ. */
    static boolean matches(String key, String storedHash) {
        return MessageDigest.isEqual(hash(key).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String random(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
