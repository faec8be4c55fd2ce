package io.cloudsweep.bot.cli;

/** The exit codes of every command, as the README lists them. */
public final class ExitCodes {

    public static final int OK = 0;
    /** It could not run (port in use, data dir locked, database or chat unreachable, an export failed); the message says what. */
    public static final int FAILURE = 1;
    /** Bad arguments or configuration. */
    public static final int USAGE = 2;
    /** AWS could not be reached or denied access. */
    public static final int CLOUD_UNAVAILABLE = 3;

    private ExitCodes() {
    }
}
