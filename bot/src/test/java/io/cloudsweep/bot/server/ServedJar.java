package io.cloudsweep.bot.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar running {@code serve --demo} as its own process on a free loopback port, as an operator runs it,
 * with its output in a log file. Close it to stop it with SIGTERM; {@link #close()} fails when it does not stop.
 */
public final class ServedJar implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("cloudsweep.jar", "target/cloudsweep.jar"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERVING = Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+)");

    /** The tests' JVM: the C1 compiler alone, as a server that lives for one test gains nothing from C2, and the serial collector. */
    private static final List<String> TEST_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Process process;
    private final long startedNanos;
    private final Path log;
    private final URI base;

    private ServedJar(Process process, long startedNanos, Path log, URI base) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
        this.base = base;
    }

    /** Starts {@code serve --demo} with {@code environment} added to this process's, its data under {@code dir}. */
    public static ServedJar start(Path dir, Map<String, String> environment) throws IOException, InterruptedException {
        return start(dir, environment, true);
    }

    /** Starts {@code serve}, with {@code --demo} or against the accounts connected in its database alone. */
    public static ServedJar start(Path dir, Map<String, String> environment, boolean demo) throws IOException, InterruptedException {
        return start(dir, environment, demo, TEST_JVM);
    }

    /** Starts {@code serve} on a JVM with {@code jvmOptions} (a benchmark's: the container's) rather than the tests' own. */
    public static ServedJar start(Path dir, Map<String, String> environment, boolean demo, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Path log = dir.resolve("serve.log");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString(), "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dir.resolve("data").toString()));
        if (demo) {
            command.add("--demo");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(environment);
        long startedNanos = System.nanoTime();
        Process process = builder.start();
        String port = eventually(() -> {
            Matcher matcher = SERVING.matcher(read(log));
            return matcher.find() ? matcher.group(1) : null;
        }, Duration.ofSeconds(60), () -> "the server did not start:\n" + read(log));
        return new ServedJar(process, startedNanos, log, URI.create("http://127.0.0.1:" + port));
    }

    /** How long ago the process was started. */
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** The server process's CPU time so far and its peak resident memory, for a line of figures. */
    public String usage() {
        Duration cpu = process.info().totalCpuDuration().orElse(Duration.ZERO);
        return String.format(java.util.Locale.ROOT, "CPU %.1f s since it started, peak RSS %d MB", cpu.toMillis() / 1e3,
                Load.peakRssMb(String.valueOf(process.pid())));
    }

    /** {@code path} on the server. */
    public URI uri(String path) {
        return base.resolve(path);
    }

    /** What the server printed so far. */
    public String log() {
        return read(log);
    }

    /**
     * The server's log events, which are JSON lines since no terminal is attached; fails on any other line but the
     * startup line, printed on stdout.
     */
    public List<JsonNode> logEvents() throws IOException {
        List<JsonNode> events = new java.util.ArrayList<>();
        for (String line : log().split("\n")) {
            if (line.startsWith("{")) {
                events.add(JSON.readTree(line));
            } else if (!line.startsWith("CloudSweep is serving on ")) {
                throw new AssertionError("a log line that is not JSON: " + line);
            }
        }
        return events;
    }

    /** The {@code request_id} of the first log event whose message matches {@code message}, which a job's line names too. */
    public String requestIdOf(String message) throws IOException {
        JsonNode event = logEvents().stream().filter(e -> e.path("message").asText().matches(message)).findFirst()
                .orElseThrow(() -> new AssertionError("no log line matching " + message + " in\n" + log()));
        String id = event.path("request_id").asText();
        if (id.isEmpty()) {
            throw new AssertionError("no request_id on " + event);
        }
        return id;
    }

    /** Kills the server with SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(), String.valueOf(process.pid()))
                    .redirectErrorStream(true).start();
            String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.destroyForcibly();
            throw new AssertionError("the server did not stop on SIGTERM; its threads:\n" + threads);
        }
    }

    /** The first non-null answer of {@code check}, asked every 100 ms; fails with {@code otherwise} after {@code within}. */
    public static <T> T eventually(Supplier<T> check, Duration within, Supplier<String> otherwise) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            T value = check.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(otherwise.get());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
