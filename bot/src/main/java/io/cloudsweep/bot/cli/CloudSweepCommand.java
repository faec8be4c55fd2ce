package io.cloudsweep.bot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cloudsweep}: the top-level command, which only dispatches. */
@Command(name = "cloudsweep",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds AWS waste and prices it; keeps the findings in PostgreSQL.",
        subcommands = {ScanCommand.class, ServeCommand.class, ConsoleCommand.class, DbCommand.class, TeamsPackageCommand.class},
        usageHelpAutoWidth = true)
public final class CloudSweepCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
