package io.cloudsweep.adapters.slack;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Slack's request signatures, checked before anything reads the body: {@code v0=} and the hex HMAC-SHA256 of
 * {@code v0:<timestamp>:<body>} under the signing secret, compared in constant time, with a timestamp within five
 * minutes of now either way. Bolt checks too, but only after parsing the body, and lets timestamps from the future
 * through. The body's bytes are its UTF-8, whatever the platform's charset. Thread-safe.
 */
final class SlackSignatures {

    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final String SIGNATURE = "x-slack-signature";
    private static final String TIMESTAMP = "x-slack-request-timestamp";
    private static final java.util.regex.Pattern TIMESTAMP_VALUE = java.util.regex.Pattern.compile("\\d{1,12}");

    private final SecretKeySpec key;
    /** A MAC keyed once for each thread, reset by each use: looking up the provider and keying it was a tenth of a signature's cost. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    SlackSignatures(String signingSecret) {
        this.key = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** Whether {@code body} was signed with the secret at a time near {@code now}. */
    boolean valid(Map<String, List<String>> headers, String body, Instant now) {
        Optional<String> signature = header(headers, SIGNATURE);
        Optional<String> timestamp = header(headers, TIMESTAMP);
        if (signature.isEmpty() || timestamp.isEmpty() || !TIMESTAMP_VALUE.matcher(timestamp.get()).matches()) {
            return false;
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp.get()));
        if (Duration.between(signedAt, now).abs().compareTo(WINDOW) > 0) {
            return false;
        }
        byte[] expected = sign(timestamp.get(), body).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, signature.get().getBytes(StandardCharsets.UTF_8));
    }

    /** The signature Slack would send with {@code body} at {@code timestamp} (epoch seconds), {@code v0=} and all. */
    String sign(String timestamp, String body) {
        return "v0=" + HexFormat.of().formatHex(macs.get().doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
    }

    /** The headers Slack sends with {@code body} signed at {@code at}. */
    Map<String, List<String>> headers(String body, Instant at) {
        String timestamp = String.valueOf(at.getEpochSecond());
        return Map.of("Content-Type", List.of("application/x-www-form-urlencoded"), "X-Slack-Request-Timestamp", List.of(timestamp),
                "X-Slack-Signature", List.of(sign(timestamp, body)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
        }
    }

    /** The one value of a header, its name in any case; none when missing or given more than once. */
    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        List<String> found = headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream()).toList();
        return found.size() == 1 ? Optional.of(found.get(0).trim()) : Optional.empty();
    }
}
