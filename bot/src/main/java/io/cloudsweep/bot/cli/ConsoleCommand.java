package io.cloudsweep.bot.cli;

import io.cloudsweep.bot.Clouds;
import io.cloudsweep.bot.DataDir;
import io.cloudsweep.storage.AwsAccounts;
import io.cloudsweep.bot.EngineSettings;
import io.cloudsweep.bot.Storage;
import io.cloudsweep.bot.SecretKeys;
import io.cloudsweep.bot.Sweeper;
import io.cloudsweep.bot.console.ConsoleChat;
import io.cloudsweep.bot.jobs.JobScheduler;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.config.InvalidConfigurationException;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseException;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.PostgresCleanupStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cloudsweep chat}: the terminal as a chat channel, against the same interpreter, scheduler and database as the server. */
@Command(name = "chat", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, usageHelpAutoWidth = true,
        description = {"A chat with CloudSweep in the terminal. Type chat commands (scan, findings, approve F-3, snooze F-3 30d, "
                + "reject F-3 reason, undo C-1, audit, policy, help for all of them) and press a card's button by typing its number.",
                "You act as a local admin named console; `:as NAME admin|member|viewer` acts as someone else.",
                "It works against the AWS accounts connected in the database (`connect` in the chat); --demo adds the demo account.",
                "It ends at the end of its input or at `:quit`."})
final class ConsoleCommand implements Callable<Integer> {

    @Option(names = "--demo", description = "Add the built-in demo account; its cleanups change only its in-memory state.")
    private boolean demo;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where CloudSweep keeps its data, as for serve (default: ~/.cloudsweep; with --demo and no CLOUDSWEEP_DB_URL:"
                    + " a fresh temporary one, removed at exit).")
    private Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of rule, risk, protection and cleanup settings.")
    private Path config;

    @Spec
    private CommandSpec spec;

    private final Clock clock;
    private final Map<String, String> environment;
    private final BufferedReader in;

    ConsoleCommand(Clock clock, Map<String, String> environment, BufferedReader in) {
        this.clock = clock;
        this.environment = environment;
        this.in = in;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EngineSettings settings;
        try {
            settings = EngineSettings.load(config);
        } catch (InvalidConfigurationException e) {
            err.println("cloudsweep: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        boolean temporary = demo && dataDir == null && DatabaseSettings.fromEnvironment(environment, Path.of(".")).isEmbedded();
        Path data = temporary ? Files.createTempDirectory("cloudsweep-chat-") : dataDir == null ? DataDir.defaultPath() : dataDir;
        try {
            return chat(settings, data, out, err);
        } finally {
            if (temporary) {
                deleteTree(data);
            }
        }
    }

    private int chat(EngineSettings settings, Path data, PrintWriter out, PrintWriter err) throws InterruptedException {
        Sweeper.Notifying notifying;
        try {
            notifying = Sweeper.Notifying.fromEnvironment(environment,
                    SecretKeys.load(environment, data, DatabaseSettings.fromEnvironment(environment, data).isEmbedded()));
        } catch (IllegalArgumentException | InvalidConfigurationException e) {
            err.println("cloudsweep: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Database database;
        try {
            database = Storage.openMigrated(environment, data, false, settings.cleanupLimits().workers());
        } catch (DatabaseException | IllegalArgumentException e) {
            err.println("cloudsweep: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        try (database; Clouds clouds = Clouds.of(database, demo, environment, clock);
             Sweeper sweeper = Sweeper.start(database, settings, clouds, clock, JobScheduler.Options.defaults(settings.cleanupLimits().workers()), notifying)) {
            // Ctrl-C: the scheduler stops first, then the database; a normal end closes both the same way.
            Thread onSignal = new Thread(() -> {
                sweeper.close();
                database.close();
            }, "cloudsweep-chat-shutdown");
            Runtime.getRuntime().addShutdownHook(onSignal);
            PostgresCleanupStore cleanups = new PostgresCleanupStore(database, clock);
            ConsoleChat chat = new ConsoleChat(sweeper.interpreter(), sweeper.console(), in, out,
                    () -> !cleanups.unfinished().isEmpty() || sweeper.scheduler().hasCleanupJobs(), System.console() == null);
            sweeper.addListener(chat);
            chat.show(new Card.Text(greeting(clouds, new AwsAccounts(database, clock).accounts(sweeper.console().id()).size())));
            chat.run();
            Runtime.getRuntime().removeShutdownHook(onSignal);
        }
        return ExitCodes.OK;
    }

    private static String greeting(Clouds clouds, int connected) {
        if (clouds.demoAccount().isPresent()) {
            return "Demo account " + clouds.demoAccount().get().id() + " connected, cleanups on (its state lives in memory). Try: scan";
        }
        return connected == 0 ? "No AWS account is connected yet. Type `connect` to see how, or `connect current` for the account of"
                + " your own AWS credentials." : connected + " AWS account" + (connected == 1 ? "" : "s") + " connected (`accounts` lists them). Try: scan";
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the temporary data dir " + root, e);
        }
    }
}
