package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.ActionParameters;
import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.Money;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ec2-previous-generation}: a running Linux instance of a previous generation (t1, t2, m1 to m4, c1, c3, c4, r3,
 * r4) costs more than the current equivalent of the same size: t3 for the burstable ones, m5, c5 and r5 for the others.
 * The change stops the instance, changes its type and starts it again, so it is high risk; the new types run on Nitro,
 * whose ENA and NVMe drivers the instance's image must have (every current Amazon Linux, Ubuntu and Windows image does).
 *
 * <p>Both sides are priced from the price book; the finding stands only where the new type is cheaper by more than
 * {@code minMonthlySavingUsd} (default 0). A size the current family lacks (m4.10xlarge) is not flagged. Where a price is
 * missing, the finding's cost is unknown and names the price, which a Pricing API refresh can find; the judgement is
 * then made again. Example: a t2.large in us-east-1 ($67.74 a month) → t3.large ($60.74), saving $7.01 a month.
 */
public record Ec2PreviousGenerationRule(Parameters parameters) implements Rule<Ec2Instance> {

    public static final String ID = "ec2-previous-generation";

    /** Each previous-generation family and the current family of the same shape that replaces it. */
    static final Map<String, String> SUCCESSORS = Map.ofEntries(
            Map.entry("t1", "t3"), Map.entry("t2", "t3"),
            Map.entry("m1", "m5"), Map.entry("m2", "r5"), Map.entry("m3", "m5"), Map.entry("m4", "m5"),
            Map.entry("c1", "c5"), Map.entry("c3", "c5"), Map.entry("c4", "c5"),
            Map.entry("r3", "r5"), Map.entry("r4", "r5"));

    /** The sizes each successor family has; a size it lacks has no equivalent. */
    private static final Map<String, Set<String>> SIZES = Map.of(
            "t3", Set.of("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"),
            "m5", Set.of("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"),
            "r5", Set.of("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"),
            "c5", Set.of("large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "12xlarge", "18xlarge", "24xlarge"));

    /** @param minMonthlySavingUsd flag only when the saving is more than this */
    public record Parameters(BigDecimal minMonthlySavingUsd) {
        public static Parameters from(Settings settings) {
            return new Parameters(settings.decimal("rules." + ID + ".min-monthly-saving-usd", BigDecimal.ZERO));
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<Ec2Instance> resourceClass() {
        return Ec2Instance.class;
    }

    @Override
    public Verdict evaluate(Ec2Instance instance, RuleContext context) {
        Optional<String> successor = successor(instance.instanceType());
        if (instance.state() != Ec2Instance.State.RUNNING || !instance.isLinux() || successor.isEmpty()) {
            return Verdict.notWaste();
        }
        String target = successor.get();
        Cost current = context.pricer().instanceMonthly(instance);
        Cost replacement = context.pricer().instanceTypeMonthly(instance.ref().region(), target);
        Cost saving = current.minus(replacement);
        Optional<Money> monthly = saving.monthly();
        if (monthly.isPresent() && monthly.get().compareTo(Money.usd(parameters.minMonthlySavingUsd())) <= 0) {
            return Verdict.notWaste();
        }
        return context.finding(this, instance)
                .action(Action.MODIFY_INSTANCE_TYPE, new ActionParameters.InstanceTypeChange(target, instance.instanceType()))
                .cost(saving)
                .reason(instance.instanceType() + " is a previous generation; " + target + ", the current equivalent of the same size, costs "
                        + monthly.map(money -> money + " less a month").orElse("less where both are priced (a price is missing)")
                        + "; the change stops and starts the instance")
                .fact("instance_type", instance.instanceType())
                .fact("target_type", target)
                .fact("current_monthly_usd", current.monthly().map(Money::amount).map(Object::toString).orElse("unknown"))
                .fact("target_monthly_usd", replacement.monthly().map(Money::amount).map(Object::toString).orElse("unknown"))
                .fact("plan", "stop, change the type to " + target + ", start; the image needs ENA and NVMe drivers")
                .waste();
    }

    /** The current type of the same size as {@code instanceType}, if it is of a previous generation. */
    static Optional<String> successor(String instanceType) {
        int dot = instanceType.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String size = instanceType.substring(dot + 1);
        return Optional.ofNullable(SUCCESSORS.get(instanceType.substring(0, dot)))
                .filter(family -> SIZES.get(family).contains(size))
                .map(family -> family + "." + size);
    }
}
