package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.InvalidConfigurationException;
import io.cloudsweep.engine.config.Settings;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules each organization judges with: the server's settings ({@code --config}), with the thresholds the
 * organization set from chat ({@code policy set ec2-idle.max-cpu-percent 3}) over them. A threshold is named as in
 * the settings file without its {@code rules.} prefix. Only rule thresholds can be set from chat: risk, protection and
 * limits stay the operator's. Immutable and thread-safe.
 */
public final class OrganizationRules {

    private static final String PREFIX = "rules.";

    private final Settings server;
    private final RuleSet serverRules;
    private final Set<String> keys;

    /** @param server the server's settings, already checked whole */
    public OrganizationRules(Settings server) {
        this.server = server.with(Map.of());
        this.serverRules = RuleSet.standard(server.with(Map.of()));
        Settings probe = Settings.empty();
        RuleSet.standard(probe);
        Set<String> names = new TreeSet<>();
        probe.knownKeys().forEach(key -> names.add(key.substring(PREFIX.length())));
        this.keys = Set.copyOf(names);
    }

    /** The thresholds that can be set, such as {@code ec2-idle.max-cpu-percent}, sorted. */
    public Set<String> keys() {
        return new TreeSet<>(keys);
    }

    /** The rules of an organization that set {@code thresholds}; the server's when it set none. */
    public RuleSet rules(Map<String, String> thresholds) {
        if (thresholds.isEmpty()) {
            return serverRules;
        }
        return RuleSet.standard(server.with(prefixed(thresholds)));
    }

    /**
     * Why {@code key} cannot be set to {@code value}, in the words {@code --config} uses for the same mistake; empty when
     * it can.
     */
    public Optional<String> problem(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Settings alone = Settings.of(Map.of(PREFIX + key, value));
        try {
            RuleSet.standard(alone);
            alone.requireNoUnknownKeys();
            return Optional.empty();
        } catch (InvalidConfigurationException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Map<String, String> prefixed(Map<String, String> thresholds) {
        Map<String, String> settings = new TreeMap<>();
        thresholds.forEach((key, value) -> settings.put(PREFIX + key, value));
        return settings;
    }
}
