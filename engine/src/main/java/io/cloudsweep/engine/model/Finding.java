package io.cloudsweep.engine.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of waste: which rule found it in which resource, what it costs, what to do about it, how risky
 * that is, and why, in words and as evidence.
 *
 * @param parameters what exactly the action is to do, as the rule decided from the resource
 * @param reason   one human-readable sentence, such as "unattached for 41 days (since its creation)"
 * @param evidence the facts the rule relied on, in the order it considered them
 */
public record Finding(
        String ruleId,
        ResourceRef resource,
        Tags tags,
        Action action,
        ActionParameters parameters,
        Risk risk,
        Confidence confidence,
        Cost cost,
        String reason,
        List<Fact> evidence) {

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(reason, "reason");
        evidence = List.copyOf(evidence);
    }

    /** The monthly cost in cents, empty when the price is unknown. */
    public Optional<Money> monthlyCost() {
        return cost.monthly();
    }

    public Optional<Money> annualCost() {
        return cost.annual();
    }
}
