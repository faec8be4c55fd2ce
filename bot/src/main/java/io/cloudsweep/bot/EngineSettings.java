package io.cloudsweep.bot;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.cleanup.CleanupLimits;
import io.cloudsweep.engine.cleanup.CleanupService;
import io.cloudsweep.engine.cleanup.CleanupStore;
import io.cloudsweep.engine.cleanup.SharedReads;
import io.cloudsweep.engine.config.InvalidConfigurationException;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.OrganizationRules;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.CloudInventory;
import io.cloudsweep.engine.scan.ScanService;
import io.cloudsweep.engine.store.AccountSettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongFunction;

/**
 * The engine's tuning, read once from an optional properties file and checked whole: rules, risk policy and
 * protection each read their keys, and any key left over is refused with the list of valid ones.
 */
public record EngineSettings(RuleSet rules, RiskPolicy riskPolicy, Protection protection, CleanupLimits cleanupLimits,
                             OrganizationRules organizationRules) {

    /** The settings in {@code file}, or the defaults when it is null. */
    public static EngineSettings load(Path file) {
        return from(file == null ? Settings.empty() : Settings.of(readProperties(file)));
    }

    public static EngineSettings from(Settings settings) {
        EngineSettings engine = new EngineSettings(
                RuleSet.standard(settings),
                new RiskPolicy(RiskPolicy.Parameters.from(settings)),
                Protection.from(settings),
                CleanupLimits.from(settings),
                new OrganizationRules(settings));
        settings.requireNoUnknownKeys();
        return engine;
    }

    public ScanService scanService(CloudInventory inventory, Clock clock) {
        return new ScanService(inventory, rules, new Pricer(PriceBook.embedded()), riskPolicy, protection, clock, ScanService.REGIONS_AT_ONCE);
    }

    /** The cleanups' service; the live regions they re-check are read once for all cleanups asking at the same time. */
    public CleanupService cleanupService(CleanupStore store, CloudInventory inventory, CleanupActions actions, Clock clock) {
        return cleanupService(store, inventory, actions, organization -> rules, clock);
    }

    /** As above, each cleanup re-checking its finding with its organization's rules. */
    public CleanupService cleanupService(CleanupStore store, CloudInventory inventory, CleanupActions actions, LongFunction<RuleSet> rulesOf,
                                         Clock clock) {
        return new CleanupService(store, new SharedReads(inventory), actions, rulesOf, new Pricer(PriceBook.embedded()), riskPolicy, protection,
                clock);
    }

    /** The rules an organization judges with: the server's, with the thresholds it set from chat over them. */
    public RuleSet rulesOf(AccountSettings accounts, long organizationId) {
        return organizationRules.rules(accounts.ruleThresholds(organizationId));
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidConfigurationException("settings file " + file + " not found");
        } catch (IOException e) {
            throw new InvalidConfigurationException("cannot read settings file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }
}
