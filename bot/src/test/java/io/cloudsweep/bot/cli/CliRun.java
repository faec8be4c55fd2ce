package io.cloudsweep.bot.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** One run of the command line in-process, with what it printed and its exit code. */
record CliRun(int exitCode, String out, String err) {

    static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");
    /** No CLOUDSWEEP_* variables: the embedded database, a generated key. */
    static final Map<String, String> ENVIRONMENT = Map.of();

    /** How many migrations the schema has: what a first {@code db migrate} applies. */
    static long migrations() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("../storage/src/main/resources/db/migration"))) {
            return files.filter(file -> file.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
        }
    }

    static CliRun of(String... args) {
        return withEnvironment(ENVIRONMENT, args);
    }

    /** A run reading {@code input} as its standard input (what {@code chat} reads). */
    static CliRun withInput(String input, String... args) {
        return withInput(ENVIRONMENT, input, args);
    }

    /** A run in {@code environment} reading {@code input} as its standard input. */
    static CliRun withInput(Map<String, String> environment, String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.create(Clock.fixed(NOW, ZoneOffset.UTC), environment, new BufferedReader(new StringReader(input)),
                new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun withEnvironment(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.create(Clock.fixed(NOW, ZoneOffset.UTC), environment, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
