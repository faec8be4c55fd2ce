package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Resource;

import java.time.Instant;
import java.util.List;

/**
 * One kind of waste. A rule reads one resource snapshot plus the facts and metrics gathered before it runs,
 * and says whether the resource is waste. Rules are pure: no I/O, no clock of their own (the time is in the
 * context), the same answer for the same input. Adding a rule is one class, one line in
 * {@link RuleSet#standard} and one table-driven test.
 *
 * @param <R> the kind of resource the rule judges
 */
public interface Rule<R extends Resource> {

    /** The stable id, such as {@code ebs-unattached}. */
    String id();

    /** The kind of resource this rule judges; others never reach {@link #evaluate}. */
    Class<R> resourceClass();

    /**
     * The metric series {@link #evaluate} will want for {@code resource}, asked before metrics are fetched
     * so an inventory can batch them. A rule asks only for resources its cheap checks have not ruled out.
     */
    default List<MetricQuery> metricQueries(R resource, Instant now) {
        return List.of();
    }

    /**
     * As {@link #metricQueries(Resource, Instant)}, knowing the rest of the region (its metrics not yet fetched), for a
     * rule whose cheap checks need a neighbour: the instance a volume is attached to, say.
     */
    default List<MetricQuery> metricQueries(R resource, RuleContext region) {
        return metricQueries(resource, region.now());
    }

    Verdict evaluate(R resource, RuleContext context);
}
