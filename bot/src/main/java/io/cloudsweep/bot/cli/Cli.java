package io.cloudsweep.bot.cli;

import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * Builds the command line: {@code cloudsweep} and its subcommands, writing to the given streams, reading
 * time from the given clock and configuration from the given environment (tests pass their own).
 */
public final class Cli {

    private Cli() {
    }

    public static CommandLine standard() {
        return create(Clock.systemUTC(), System.getenv(),
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    }

    public static CommandLine create(Clock clock, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        return create(clock, environment, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out, err);
    }

    /** @param in what {@code chat} reads */
    public static CommandLine create(Clock clock, Map<String, String> environment, BufferedReader in, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new CloudSweepCommand(), new CommandFactory(clock, environment, in));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(Cli::usageError);
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            command.getErr().println("cloudsweep: " + describe(exception));
            return ExitCodes.FAILURE;
        });
        return commandLine;
    }

    /** A bad flag: one line saying what is wrong, then the usage, exit 2. */
    private static int usageError(CommandLine.ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("cloudsweep: " + exception.getMessage());
        command.usage(err);
        return ExitCodes.USAGE;
    }

    private static String describe(Exception exception) {
        return exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
    }

    /** Creates commands with the clock they need. */
    private record CommandFactory(Clock clock, Map<String, String> environment, BufferedReader in) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ScanCommand.class) {
                return type.cast(new ScanCommand(clock, environment));
            }
            if (type == ServeCommand.class) {
                return type.cast(new ServeCommand(clock, environment));
            }
            if (type == ConsoleCommand.class) {
                return type.cast(new ConsoleCommand(clock, environment, in));
            }
            if (type == DbCommand.Migrate.class) {
                return type.cast(new DbCommand.Migrate(environment));
            }
            if (type == DbCommand.ExportAudit.class) {
                return type.cast(new DbCommand.ExportAudit(clock, environment));
            }
            if (type == DbCommand.Purge.class) {
                return type.cast(new DbCommand.Purge(clock, environment));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
