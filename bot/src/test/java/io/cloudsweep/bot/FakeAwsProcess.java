package io.cloudsweep.bot;

import io.cloudsweep.adapters.aws.bench.FakeAwsMain;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's main around the loopback AWS ({@link FakeAwsMain}) in a process of its own, so the bot's heap and CPU
 * are measured without it: the fake is started, the benchmark runs against it, and the JVM exits (1 on a failure: the
 * scheduler's threads would otherwise keep it, and the build, waiting).
 */
public final class FakeAwsProcess {

    /** What a benchmark runs once the fake listens: its endpoint, and how many resources each account holds. */
    @FunctionalInterface
    public interface Benchmark {
        void run(URI endpoint, int resources) throws Exception;
    }

    private FakeAwsProcess() {
    }

    /**
     * Starts the fake with {@code heap} (such as {@code -Xmx1g}) and {@link FakeAwsMain}'s {@code arguments}, at the
     * operating system's priority {@code nice} (0 as everything else, 10 well below), runs {@code benchmark}, exits.
     */
    public static void main(String heap, int nice, List<String> arguments, Benchmark benchmark) throws Exception {
        List<String> command = new ArrayList<>(List.of("nice", "-n", String.valueOf(nice),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "-cp", System.getProperty("java.class.path"), FakeAwsMain.class.getName()));
        command.addAll(arguments);
        Process fake = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String[] ready = new BufferedReader(new InputStreamReader(fake.getInputStream(), StandardCharsets.UTF_8)).readLine().split(" ");
            benchmark.run(URI.create("http://127.0.0.1:" + ready[1]), Integer.parseInt(ready[3]));
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        } finally {
            fake.getOutputStream().close();
            fake.waitFor();
        }
        System.exit(0);
    }
}
