package io.cloudsweep.bot.cli;

import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Builds the command line: {@code cloudsweep} and its subcommands, writing to the given streams and
 * reading time from the given clock (tests pass their own).
 */
public final class Cli {

    private Cli() {
    }

    public static CommandLine standard() {
        return create(Clock.systemUTC(),
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    }

    public static CommandLine create(Clock clock, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new CloudSweepCommand(), new CommandFactory(clock));
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
    private record CommandFactory(Clock clock) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ScanCommand.class) {
                return type.cast(new ScanCommand(clock));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
