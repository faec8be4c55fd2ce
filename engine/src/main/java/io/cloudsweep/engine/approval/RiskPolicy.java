package io.cloudsweep.engine.approval;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.model.Tags;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Grades how risky a finding's action is, which later decides who may approve it. Each action has a base
 * risk; anything tagged as production is high risk whatever the action. Pure and thread-safe.
 *
 * <p>Defaults: low for releasing an address, deleting an old snapshot and gp2→gp3; medium for deleting a
 * volume (it is backed up first), deleting a load balancer and stopping an instance; high for terminating
 * an instance and for stopping or deleting a database. Configurable with {@code risk.action.<action-id>},
 * {@code risk.production-tag-keys} and {@code risk.production-tag-values}.
 */
public final class RiskPolicy {

    public record Parameters(Map<Action, Risk> actionRisk, List<String> productionTagKeys, List<String> productionTagValues) {
        public Parameters {
            actionRisk = Map.copyOf(actionRisk);
            productionTagKeys = List.copyOf(productionTagKeys);
            productionTagValues = List.copyOf(productionTagValues);
            for (Action action : Action.values()) {
                Objects.requireNonNull(actionRisk.get(action), () -> "no risk for action " + action.id());
            }
        }

        public static Parameters defaults() {
            return from(Settings.empty());
        }

        public static Parameters from(Settings settings) {
            Map<Action, Risk> risks = new EnumMap<>(Action.class);
            for (Action action : Action.values()) {
                String risk = settings.choice("risk.action." + action.id(), action.defaultRisk().id(), List.of("low", "medium", "high"));
                risks.put(action, Risk.fromId(risk));
            }
            return new Parameters(risks,
                    settings.list("risk.production-tag-keys", List.of("env", "environment")),
                    settings.list("risk.production-tag-values", List.of("prod", "production")));
        }
    }

    private final Parameters parameters;

    public RiskPolicy(Parameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
    }

    public Risk riskOf(Action action, Tags tags) {
        return isProduction(tags) ? Risk.HIGH : parameters.actionRisk().get(action);
    }

    /** Whether any production tag key (matched ignoring case) has a production value. */
    public boolean isProduction(Tags tags) {
        return tags.values().entrySet().stream()
                .anyMatch(tag -> parameters.productionTagKeys().stream().anyMatch(key -> key.equalsIgnoreCase(tag.getKey()))
                        && parameters.productionTagValues().stream().anyMatch(value -> value.equalsIgnoreCase(tag.getValue().trim())));
    }
}
