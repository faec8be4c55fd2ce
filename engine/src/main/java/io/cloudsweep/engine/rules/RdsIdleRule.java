package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.RdsInstance;

import java.time.Instant;
import java.util.List;

/**
 * {@code rds-idle}: a database available for at least {@code lookbackDays} (default 7, as Trusted Advisor's
 * idle-DB check) with no connection at all on each of those days (daily maximum of
 * {@code DatabaseConnections} = 0). A missing day of data means insufficient data, not idle.
 *
 * <p>Action: stop it, or with {@code rules.rds-idle.action=delete} take a final snapshot and delete it.
 * Cost: instance hourly × 730 plus its allocated storage. Example: an idle db.t3.medium PostgreSQL with 100 GiB
 * gp2 in eu-west-1 → $69.64 a month.
 */
public record RdsIdleRule(Parameters parameters) implements Rule<RdsInstance> {

    public static final String ID = "rds-idle";

    public record Parameters(int lookbackDays, Action action) {
        public Parameters {
            if (action != Action.STOP_DB_INSTANCE && action != Action.DELETE_DB_INSTANCE) {
                throw new IllegalArgumentException("an idle database is stopped or deleted, not " + action.id());
            }
        }

        public static Parameters from(Settings settings) {
            String action = settings.choice("rules." + ID + ".action", "stop", List.of("stop", "delete"));
            return new Parameters(settings.integer("rules." + ID + ".lookback-days", 7, 1, 455),
                    action.equals("stop") ? Action.STOP_DB_INSTANCE : Action.DELETE_DB_INSTANCE);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<RdsInstance> resourceClass() {
        return RdsInstance.class;
    }

    @Override
    public List<MetricQuery> metricQueries(RdsInstance database, Instant now) {
        return isCandidate(database, now) ? List.of(connections(database)) : List.of();
    }

    @Override
    public Verdict evaluate(RdsInstance database, RuleContext context) {
        if (!isCandidate(database, context.now())) {
            return Verdict.notWaste();
        }
        MetricQuery query = connections(database);
        List<Double> daily = context.dailyValues(query).orElse(null);
        if (daily == null) {
            return Verdict.insufficientData(context.missingData(query));
        }
        if (daily.stream().anyMatch(connections -> connections > 0)) {
            return Verdict.notWaste();
        }
        return context.finding(this, database)
                .action(parameters.action())
                .cost(context.pricer().databaseMonthly(database))
                .reason("no connections on any of the last " + parameters.lookbackDays() + " days (daily maximum 0)")
                .fact("status", database.status())
                .fact("engine", database.engine())
                .fact("instance_class", database.dbInstanceClass())
                .fact("multi_az", database.multiAz())
                .fact("storage", database.allocatedStorageGib() + " GiB " + database.storageType())
                .fact("max_daily_connections", 0)
                .fact("lookback_days", parameters.lookbackDays())
                .waste();
    }

    private boolean isCandidate(RdsInstance database, Instant now) {
        return database.isAvailable() && Days.between(database.createdAt(), now) >= parameters.lookbackDays();
    }

    private MetricQuery connections(RdsInstance database) {
        return new MetricQuery(database.ref(), Metric.RDS_DATABASE_CONNECTIONS, Metric.Statistic.MAXIMUM, parameters.lookbackDays());
    }
}
