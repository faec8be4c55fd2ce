package io.cloudsweep.bot.notify;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where email goes out, from the environment: {@code CLOUDSWEEP_SMTP_HOST}, {@code CLOUDSWEEP_SMTP_PORT} (587),
 * {@code CLOUDSWEEP_SMTP_FROM}, {@code CLOUDSWEEP_SMTP_USER} and {@code CLOUDSWEEP_SMTP_PASSWORD} (when the server wants
 * them), {@code CLOUDSWEEP_SMTP_SECURITY} ({@code starttls}, the default, required before any password is sent;
 * {@code tls} for port 465; {@code none} only to this machine).
 */
public record SmtpSettings(String host, int port, String from, Optional<String> user, Optional<String> password, Security security) {

    public enum Security { STARTTLS, TLS, NONE }

    @Override
    public String toString() {
        return "SmtpSettings[" + host + ":" + port + ", from " + from + ", " + security + user.map(u -> ", user " + u).orElse("") + "]";
    }

    /**
     * The settings, or empty when no SMTP host is set.
     *
     * @throws IllegalArgumentException saying what is wrong and what is valid
     */
    public static Optional<SmtpSettings> fromEnvironment(Map<String, String> environment) {
        String host = environment.getOrDefault("CLOUDSWEEP_SMTP_HOST", "").trim();
        if (host.isEmpty()) {
            return Optional.empty();
        }
        String from = environment.getOrDefault("CLOUDSWEEP_SMTP_FROM", "").trim();
        if (!from.matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException("CLOUDSWEEP_SMTP_FROM must be the address email comes from, such as cloudsweep@example.com");
        }
        int port;
        try {
            port = Integer.parseInt(environment.getOrDefault("CLOUDSWEEP_SMTP_PORT", "587").trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("CLOUDSWEEP_SMTP_PORT must be a port from 1 to 65535, such as 587");
        }
        Security security;
        try {
            security = Security.valueOf(environment.getOrDefault("CLOUDSWEEP_SMTP_SECURITY", "starttls").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CLOUDSWEEP_SMTP_SECURITY must be starttls, tls or none");
        }
        boolean local = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
        if (security == Security.NONE && !local) {
            throw new IllegalArgumentException("CLOUDSWEEP_SMTP_SECURITY=none is allowed only for an SMTP server on this machine;"
                    + " use starttls or tls for " + host);
        }
        Optional<String> user = Optional.ofNullable(environment.get("CLOUDSWEEP_SMTP_USER")).filter(value -> !value.isBlank());
        Optional<String> password = Optional.ofNullable(environment.get("CLOUDSWEEP_SMTP_PASSWORD")).filter(value -> !value.isBlank());
        if (user.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("CLOUDSWEEP_SMTP_USER and CLOUDSWEEP_SMTP_PASSWORD go together: set both or neither");
        }
        return Optional.of(new SmtpSettings(host, port, from, user, password, security));
    }
}
