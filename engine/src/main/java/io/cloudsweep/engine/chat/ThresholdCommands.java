package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.rules.OrganizationRules;
import io.cloudsweep.engine.store.AccountSettings;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code policy set <rule>.<threshold> <value>}: an organization's own rule thresholds, over the server's settings for
 * its scans only. Admins only; each value is checked as the settings file's would be, with the same words, and each
 * change audited. Thread-safe.
 */
final class ThresholdCommands {

    private final AccountSettings settings;
    private final OrganizationRules rules;

    ThresholdCommands(AccountSettings settings, OrganizationRules rules) {
        this.settings = settings;
        this.rules = rules;
    }

    /** Whether {@code key} names a threshold rather than another policy: thresholds have a rule and a name. */
    static boolean isThreshold(String key) {
        return key.contains(".");
    }

    Reply set(long org, Actor actor, ChatCommand.SetPolicy set) {
        if (actor.role() != Role.ADMIN) {
            return new Reply.Private("Only admins can change policies.");
        }
        if (set.account().isPresent()) {
            return new Reply.Private("A threshold applies to every account of this organization: `policy set " + set.key() + " "
                    + set.value() + "`, without an account.");
        }
        Optional<String> problem = rules.problem(set.key(), set.value());
        if (problem.isPresent()) {
            // the settings file's own words, so a threshold reads the same wherever it is set
            return new Reply.Private("Not changed: " + problem.get() + ".");
        }
        settings.setRuleThreshold(org, set.key(), set.value(), actor.userId());
        return new Reply.Shown(List.of(new Card.Text(set.key() + " is now " + set.value() + " for this organization; the next scan"
                + " judges with it.")));
    }

    /** The lines of {@code policy} about thresholds. */
    String show(long org) {
        Map<String, String> own = settings.ruleThresholds(org);
        StringBuilder text = new StringBuilder(own.isEmpty() ? "Thresholds: the server's own, none set here."
                : "Thresholds set here (over the server's): ");
        if (!own.isEmpty()) {
            text.append(String.join(", ", own.entrySet().stream().map(entry -> entry.getKey() + " = " + entry.getValue()).toList()))
                    .append(".");
        }
        return text.append("\nChange with `policy set <rule>.<threshold> <value>` (admins only), e.g. `policy set ec2-idle.max-cpu-percent 3`.")
                .toString();
    }
}
