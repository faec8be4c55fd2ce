package io.cloudsweep.bot.cli;

import io.cloudsweep.bot.DataDir;
import io.cloudsweep.bot.Storage;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseException;
import io.cloudsweep.storage.DatabaseSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cloudsweep db}: database maintenance. */
@Command(name = "db", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Database maintenance.", subcommands = {DbCommand.Migrate.class})
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
            DatabaseSettings settings;
            try {
                settings = DatabaseSettings.fromEnvironment(environment, dataDir);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("cloudsweep: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            try (Database database = Database.open(settings)) {
                int applied = database.migrate();
                spec.commandLine().getOut().printf("%s: %d migration%s applied; the schema is up to date%n",
                        Storage.describe(environment, dataDir), applied, applied == 1 ? "" : "s");
                return ExitCodes.OK;
            } catch (DatabaseException e) {
                spec.commandLine().getErr().println("cloudsweep: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
    }
}
