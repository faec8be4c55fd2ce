package io.cloudsweep.adapters.aws.bench;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fixed piece of cold JVM work that the scans' times are set beside, so that figures from two machines, or from one
 * machine busy and quiet, can be compared: a fresh JVM, on the scanner's compilers, that has javac compile the same 200
 * generated classes. Like a cold scan it loads thousands of classes and compiles code that runs a few times; unlike
 * it, it waits on no network. {@link #seconds} runs it and times it from the process's start to its end.
 */
final class MachineReference {

    private static final int CLASSES = 200;

    private MachineReference() {
    }

    /** The reference's wall time in a fresh JVM, with this JVM's compilers. */
    static double seconds() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        if (ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:TieredStopAtLevel=1")) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MachineReference.class.getName()));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the machine reference failed: " + output);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    public static void main(String[] args) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the machine reference needs a JDK's javac; this is a runtime without one");
        }
        Path dir = Files.createTempDirectory("cloudsweep-reference");
        try {
            List<String> arguments = new ArrayList<>(List.of("-d", dir.resolve("classes").toString(), "-proc:none"));
            for (int i = 0; i < CLASSES; i++) {
                Path source = dir.resolve("C" + i + ".java");
                Files.writeString(source, source(i));
                arguments.add(source.toString());
            }
            int code = javac.run(null, OutputStream.nullOutputStream(), System.err, arguments.toArray(String[]::new));
            if (code != 0) {
                throw new IllegalStateException("javac exited with " + code);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Class {@code C<i>}: a record, a generic method, a lambda, a switch and a call to the class before it. */
    private static String source(int i) {
        String previous = i == 0 ? "0" : "C%1$d.total(java.util.List.of(new C%1$d.Item(\"a\", %2$d)))".formatted(i - 1, i);
        return """
                final class C%1$d {
                    record Item(String name, long amount) {
                    }

                    static long total(java.util.List<Item> items) {
                        return items.stream().mapToLong(Item::amount).sum();
                    }

                    static <T extends Comparable<T>> T largest(java.util.List<T> values) {
                        return values.stream().max(Comparable::compareTo).orElseThrow();
                    }

                    static String describe(Object value) {
                        return switch (value.getClass().getSimpleName()) {
                            case "String" -> "text " + value;
                            case "Long", "Integer" -> "number " + value;
                            default -> "something " + value;
                        };
                    }

                    static long chained() {
                        return %2$s + largest(java.util.List.of(%1$d, %1$d + 1));
                    }
                }
                """.formatted(i, previous);
    }
}
