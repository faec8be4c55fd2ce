package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Confidence;
import io.cloudsweep.engine.model.RdsSnapshot;

/**
 * {@code rds-snapshot-orphaned}: a manual RDS snapshot at least {@code minAgeDays} old (default 30) of a database that no
 * longer exists in its region. A snapshot of a running database shares that database's free backup allowance; one of a
 * deleted database is billed whole, for as long as it is kept.
 *
 * <p>Cost: its database's allocated storage at the region's backup-storage price, the most it can cost (RDS snapshots are
 * incremental only within a chain, and a chain's first is full). Deleting it cannot be undone, and it may be the last
 * copy of that database's data: high risk, two admins. Example: a 250 GiB snapshot of a database deleted long ago, in
 * us-east-1 → delete it, $23.75 a month.
 */
public record RdsSnapshotOrphanedRule(Parameters parameters) implements Rule<RdsSnapshot> {

    public static final String ID = "rds-snapshot-orphaned";

    public record Parameters(int minAgeDays) {
        public static Parameters from(Settings settings) {
            return new Parameters(settings.integer("rules." + ID + ".min-age-days", 30, 0, 3650));
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<RdsSnapshot> resourceClass() {
        return RdsSnapshot.class;
    }

    @Override
    public Verdict evaluate(RdsSnapshot snapshot, RuleContext context) {
        long age = Days.between(snapshot.createdAt(), context.now());
        if (!snapshot.status().equals("available") || age < parameters.minAgeDays()
                || context.databaseExists(snapshot.dbInstanceIdentifier())) {
            return Verdict.notWaste();
        }
        return context.finding(this, snapshot)
                .action(Action.DELETE_DB_SNAPSHOT)
                .confidence(Confidence.MEDIUM)
                .cost(context.pricer().dbSnapshotMonthly(snapshot.ref().region(), snapshot.allocatedStorageGib()))
                .reason("manual snapshot " + Days.count(age) + " old of database " + snapshot.dbInstanceIdentifier()
                        + ", which no longer exists; priced at its full " + snapshot.allocatedStorageGib() + " GiB of backup storage")
                .fact("db_instance", snapshot.dbInstanceIdentifier())
                .fact("engine", snapshot.engine())
                .fact("allocated_storage_gib", snapshot.allocatedStorageGib())
                .fact("created", Days.dayOf(snapshot.createdAt()))
                .waste();
    }
}
