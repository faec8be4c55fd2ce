package io.cloudsweep.bot.cli;

import io.cloudsweep.bot.DataDir;
import io.cloudsweep.bot.Storage;
import io.cloudsweep.bot.Upkeep;
import io.cloudsweep.storage.AuditExports;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseException;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Retention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code cloudsweep db}: database maintenance. */
@Command(name = "db", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Database maintenance.", subcommands = {DbCommand.Migrate.class, DbCommand.ExportAudit.class, DbCommand.Purge.class})
final class DbCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cloudsweep db migrate}: applies migrations to the configured database and exits. */
    @Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Applies the database migrations not applied yet and exits.",
                    "The database is CLOUDSWEEP_DB_URL (with CLOUDSWEEP_DB_USER, CLOUDSWEEP_DB_PASSWORD), or the embedded one in the data dir."})
    static final class Migrate implements Callable<Integer> {

        @Option(names = "--data-dir", paramLabel = "DIR", description = "The data dir of the embedded database (default: ~/.cloudsweep).")
        private Path dataDir = DataDir.defaultPath();

        @Spec
        private CommandSpec spec;

        private final Map<String, String> environment;

        Migrate(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            return withDatabase(spec, environment, dataDir, database -> {
                int applied = database.migrate();
                spec.commandLine().getOut().printf("%s: %d migration%s applied; the schema is up to date%n",
                        Storage.describe(environment, dataDir), applied, applied == 1 ? "" : "s");
                return ExitCodes.OK;
            });
        }
    }

    /** Opens the configured database for a maintenance command; a message and an exit code when it cannot. */
    private static int withDatabase(CommandSpec spec, Map<String, String> environment, Path dataDir, DatabaseWork work) {
        DatabaseSettings settings;
        try {
            settings = DatabaseSettings.fromEnvironment(environment, dataDir);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("cloudsweep: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try (Database database = Database.open(settings)) {
            return work.run(database);
        } catch (DatabaseException e) {
            spec.commandLine().getErr().println("cloudsweep: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    @FunctionalInterface
    private interface DatabaseWork {
        int run(Database database);
    }

    /**
     * A part of the nightly upkeep run now, on the configured database: the settings are read ({@code CLOUDSWEEP_AUDIT_*},
     * {@code CLOUDSWEEP_RETENTION_DAYS}), checked, then the work is done.
     */
    abstract static class UpkeepTask implements Callable<Integer> {

        @Option(names = "--data-dir", paramLabel = "DIR", description = "The data dir of the embedded database (default: ~/.cloudsweep).")
        private Path dataDir = DataDir.defaultPath();

        @Spec
        CommandSpec spec;

        final Clock clock;
        private final Map<String, String> environment;

        UpkeepTask(Clock clock, Map<String, String> environment) {
            this.clock = clock;
            this.environment = environment;
        }

        /** Why these settings cannot do the work, before a database is opened. */
        Optional<String> refusal(Upkeep upkeep) {
            return Optional.empty();
        }

        abstract int run(Upkeep upkeep, Database database);

        @Override
        public Integer call() {
            Upkeep upkeep;
            try {
                upkeep = Upkeep.fromEnvironment(environment);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("cloudsweep: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            Optional<String> refused = refusal(upkeep);
            if (refused.isPresent()) {
                spec.commandLine().getErr().println("cloudsweep: " + refused.get());
                return ExitCodes.USAGE;
            }
            return withDatabase(spec, environment, dataDir, database -> {
                database.migrate();
                return run(upkeep, database);
            });
        }
    }

    /** {@code cloudsweep db export-audit}: what the nightly job does first, now. */
    @Command(name = "export-audit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            usageHelpAutoWidth = true,
            description = {"Exports each organization's audit entries of whole days (before today, UTC) not exported yet to the S3 bucket "
                    + "CLOUDSWEEP_AUDIT_BUCKET (keys under CLOUDSWEEP_AUDIT_PREFIX, default cloudsweep-audit/), as the nightly job does.",
                    "Objects already there are never replaced; running it again writes only what is new.",
                    "Exit codes: 0 done; 1 an organization's export failed, the message says why (the others went on); "
                            + "2 no bucket or a bad setting."})
    static final class ExportAudit extends UpkeepTask {

        ExportAudit(Clock clock, Map<String, String> environment) {
            super(clock, environment);
        }

        @Override
        Optional<String> refusal(Upkeep upkeep) {
            return upkeep.audit().isPresent() ? Optional.empty() : Optional.of("no audit bucket: set CLOUDSWEEP_AUDIT_BUCKET (and CloudSweep's AWS"
                    + " credentials; manifests/aws/cloudsweep-audit-export-policy.json has the permissions)");
        }

        @Override
        int run(Upkeep upkeep, Database database) {
            AuditExports.Outcome outcome;
            try {
                outcome = upkeep.exportAudit(database, clock);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("cloudsweep: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            Upkeep.Bucket bucket = upkeep.audit().orElseThrow();
            spec.commandLine().getOut().printf("%d object%s (%d entr%s) exported to s3://%s/%s%n", outcome.objects(), outcome.objects() == 1 ? "" : "s",
                    outcome.entries(), outcome.entries() == 1 ? "y" : "ies", bucket.name(), bucket.prefix());
            outcome.problems().forEach(problem -> spec.commandLine().getErr().println("cloudsweep: " + problem));
            return outcome.problems().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    /** {@code cloudsweep db purge}: what the nightly job does second, now. */
    @Command(name = "purge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            usageHelpAutoWidth = true,
            description = {"Forgets findings resolved more than CLOUDSWEEP_RETENTION_DAYS ago (default 180), with their evidence, tags and "
                    + "decisions, as the nightly job does. Findings a real cleanup saved money on keep their row, without evidence or "
                    + "tags, so the savings figures stay; the audit log is kept whole."})
    static final class Purge extends UpkeepTask {

        Purge(Clock clock, Map<String, String> environment) {
            super(clock, environment);
        }

        @Override
        int run(Upkeep upkeep, Database database) {
            Retention.Purged purged = upkeep.purge(database, clock);
            int deleted = purged.deleted().values().stream().mapToInt(Integer::intValue).sum();
            int cleared = purged.cleared().values().stream().mapToInt(Integer::intValue).sum();
            spec.commandLine().getOut().printf("%d resolved finding%s deleted, %d cleared of evidence and tags (resolved over %d days ago)%n",
                    deleted, deleted == 1 ? "" : "s", cleared, upkeep.retention().toDays());
            return ExitCodes.OK;
        }
    }
}
