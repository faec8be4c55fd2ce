package io.cloudsweep.bot;

import io.cloudsweep.bot.cli.Cli;

/** {@code java -jar cloudsweep.jar ...}: runs one command and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.standard().execute(args));
    }
}
