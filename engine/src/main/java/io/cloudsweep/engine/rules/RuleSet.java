package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Resource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The rules a scan runs, in one explicit list with unique ids. Immutable and thread-safe. */
public final class RuleSet {

    private final List<Rule<?>> rules;

    public RuleSet(List<Rule<?>> rules) {
        Set<String> ids = new HashSet<>();
        for (Rule<?> rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("two rules share the id " + rule.id());
            }
        }
        this.rules = List.copyOf(rules);
    }

    /** Every rule CloudSweep has, with its parameters read from {@code settings} (defaults where unset). */
    public static RuleSet standard(Settings settings) {
        EbsLowIoRule lowIo = new EbsLowIoRule(EbsLowIoRule.Parameters.from(settings));
        return new RuleSet(List.of(
                new EbsUnattachedRule(EbsUnattachedRule.Parameters.from(settings)),
                new EbsGp2ToGp3Rule(EbsGp2ToGp3Rule.Parameters.from(settings), lowIo),
                new EbsIo1ToGp3Rule(EbsIo1ToGp3Rule.Parameters.from(settings), lowIo),
                lowIo,
                new EbsSnapshotOldRule(EbsSnapshotOldRule.Parameters.from(settings)),
                new AmiUnusedRule(AmiUnusedRule.Parameters.from(settings)),
                new EipUnassociatedRule(EipUnassociatedRule.Parameters.from(settings)),
                new Ec2StoppedLongRule(Ec2StoppedLongRule.Parameters.from(settings)),
                new Ec2IdleRule(Ec2IdleRule.Parameters.from(settings)),
                new Ec2PreviousGenerationRule(Ec2PreviousGenerationRule.Parameters.from(settings)),
                new RdsIdleRule(RdsIdleRule.Parameters.from(settings)),
                new RdsSnapshotOrphanedRule(RdsSnapshotOrphanedRule.Parameters.from(settings)),
                new ElbIdleRule(ElbIdleRule.Parameters.from(settings)),
                new NatGatewayIdleRule(NatGatewayIdleRule.Parameters.from(settings))));
    }

    public List<Rule<?>> rules() {
        return rules;
    }

    public List<String> ids() {
        return rules.stream().map(Rule::id).toList();
    }

    /** Every metric series the rules will want for {@code resource}, knowing the rest of its region ({@code region}). */
    public List<MetricQuery> metricQueries(Resource resource, RuleContext region) {
        List<MetricQuery> queries = new ArrayList<>();
        for (Rule<?> rule : rules) {
            queries.addAll(queriesOf(rule, resource, region));
        }
        return queries;
    }

    /** Each applicable rule's verdict on {@code resource}, by rule id, in rule order. */
    public Map<String, Verdict> evaluate(Resource resource, RuleContext context) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (Rule<?> rule : rules) {
            if (rule.resourceClass().isInstance(resource)) {
                verdicts.put(rule.id(), verdictOf(rule, resource, context));
            }
        }
        return verdicts;
    }

    private static <R extends Resource> List<MetricQuery> queriesOf(Rule<R> rule, Resource resource, RuleContext region) {
        return rule.resourceClass().isInstance(resource)
                ? rule.metricQueries(rule.resourceClass().cast(resource), region)
                : List.of();
    }

    private static <R extends Resource> Verdict verdictOf(Rule<R> rule, Resource resource, RuleContext context) {
        return rule.evaluate(rule.resourceClass().cast(resource), context);
    }
}
