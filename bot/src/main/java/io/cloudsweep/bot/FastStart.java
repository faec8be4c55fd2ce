package io.cloudsweep.bot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A one-shot {@code scan} started as {@code java -jar cloudsweep.jar} spends most of its first seconds loading and
 * verifying some ten thousand classes (the AWS SDK's clients and models), and JIT-compiling code that runs once. So it
 * runs in a second JVM that maps those classes, already parsed and verified, from a class-data-sharing archive (JDK
 * 13+ dynamic AppCDS) kept under {@code ~/.cloudsweep/cds}, with the quick compiler alone: on a small account a third
 * of the time and a quarter of the peak RSS go (the scan benchmark's {@code scan as a process} figures).
 *
 * <p>The archive is made by the first such run: its JVM writes the classes it loaded at exit, after the command has
 * printed everything, closed its output and told this process its exit code, so nobody waits for the writing. Each
 * archive is named by the jar and the JVM it was made for (an archive of another JVM or jar would be refused anyway);
 * it is written under a temporary name and renamed by a later run once its writer has gone, so a half-written archive
 * is never mapped. Only the owner can write the directory: an archive holds code. {@code CLOUDSWEEP_FAST_START=off}
 * runs everything in this JVM, as does any failure to start the second one.
 */
final class FastStart {

    static final String CHILD = "cloudsweep.fastStart.child";
    static final String STATUS = "cloudsweep.fastStart.status";
    private static final String TEMPORARY = ".tmp";
    /** Beside an archive being written: the pid of the JVM writing it. */
    private static final String WRITER = ".pid";

    private interface Started {
        void child(long pid) throws IOException;
    }

    private FastStart() {
    }

    /**
     * Runs {@code args} in a JVM with the archive when they are a command worth it; its exit code, or empty to run
     * them here.
     */
    static OptionalInt relaunch(String[] args, Map<String, String> environment) {
        Optional<Path> jar = jar();
        if (args.length == 0 || !args[0].equals("scan") || System.getProperty(CHILD) != null || jar.isEmpty()
                || "off".equalsIgnoreCase(environment.getOrDefault("CLOUDSWEEP_FAST_START", "").trim())) {
            return OptionalInt.empty();
        }
        try {
            Path directory = directory();
            Path archive = directory.resolve(name(jar.get()));
            if (promoteFinished(directory, archive)) {
                // another run is writing the archive this one would write
                return OptionalInt.empty();
            }
            return OptionalInt.of(Files.isRegularFile(archive) ? run(jar.get(), "-XX:SharedArchiveFile=" + archive, args, Optional.empty(), pid -> { })
                    : train(jar.get(), archive, args));
        } catch (IOException | UncheckedIOException e) {
            return OptionalInt.empty();
        }
    }

    /** In the second JVM, once the command is done: tells the first its exit code and lets go of the terminal. */
    static void finished(int code) {
        String status = System.getProperty(STATUS);
        if (status == null) {
            return;
        }
        System.out.flush();
        System.err.flush();
        try {
            Path file = Path.of(status);
            Path written = file.resolveSibling(file.getFileName() + TEMPORARY);
            Files.writeString(written, String.valueOf(code), StandardCharsets.UTF_8);
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return;
        }
        // the archive is written at exit: a pipe reading our output, and the shell, need not wait for it
        System.out.close();
        System.err.close();
    }

    /** The first run: the command in a JVM that writes the archive as it exits; its exit code as soon as it is known. */
    private static int train(Path jar, Path archive, String[] args) throws IOException {
        Path status = Files.createTempFile(archive.getParent(), "status-", "");
        Files.delete(status);
        String attempt = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1);
        Path writing = archive.resolveSibling(archive.getFileName() + "." + attempt + TEMPORARY);
        try {
            return run(jar, "-XX:ArchiveClassesAtExit=" + writing, args, Optional.of(status),
                    pid -> Files.writeString(archive.resolveSibling(archive.getFileName() + "." + attempt + WRITER), String.valueOf(pid)));
        } finally {
            Files.deleteIfExists(status);
        }
    }

    private static int run(Path jar, String archiveOption, String[] args, Optional<Path> status, Started started) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(childOptions(jvmOptions()));
        command.add(archiveOption);
        command.add("-Xshare:auto");
        command.add("-D" + CHILD + "=true");
        status.ifPresent(file -> command.add("-D" + STATUS + "=" + file));
        command.addAll(List.of("-cp", jar.toString(), Main.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).inheritIO().start();
        started.child(child.pid());
        Thread stop = new Thread(child::destroy, "cloudsweep-fast-start");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            while (true) {
                if (status.isPresent() && Files.isRegularFile(status.get())) {
                    return Integer.parseInt(Files.readString(status.get(), StandardCharsets.UTF_8).trim());
                }
                if (child.waitFor(status.isPresent() ? 20 : Long.MAX_VALUE, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    // it may have told its code just before exiting
                    return status.isPresent() && Files.isRegularFile(status.get())
                            ? Integer.parseInt(Files.readString(status.get(), StandardCharsets.UTF_8).trim()) : child.exitValue();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroy();
            return 130;
        } finally {
            // from here on the child only writes its archive, which it must be left to finish
            Runtime.getRuntime().removeShutdownHook(stop);
        }
    }

    /**
     * An archive whose writer has exited becomes the archive (the first to finish wins); one still being written is left.
     * Whether one is still being written.
     */
    private static boolean promoteFinished(Path directory, Path archive) throws IOException {
        boolean busy = false;
        try (DirectoryStream<Path> writers = Files.newDirectoryStream(directory, archive.getFileName() + ".*" + WRITER)) {
            for (Path writer : writers) {
                if (writing(writer)) {
                    busy = true;
                    continue;
                }
                String name = writer.getFileName().toString();
                Path file = writer.resolveSibling(name.substring(0, name.length() - WRITER.length()) + TEMPORARY);
                if (!Files.exists(archive) && Files.isRegularFile(file) && Files.size(file) > 0) {
                    Files.move(file, archive, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(writer);
            }
        }
        return busy;
    }

    private static boolean writing(Path writer) throws IOException {
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(writer, StandardCharsets.UTF_8).trim())).map(ProcessHandle::isAlive).orElse(false);
        } catch (java.nio.file.NoSuchFileException | NumberFormatException e) {
            return false;
        }
    }

    private static Path directory() throws IOException {
        Path directory = DataDir.defaultPath().resolve("cds");
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            try {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the home directory's own protection applies
            }
        }
        return directory;
    }

    /** The archive's name: the jar (path, size, time) and the JVM it serves. */
    private static String name(Path jar) throws IOException {
        String identity = jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis() + "|"
                + System.getProperty("java.home") + "|" + System.getProperty("java.vm.version");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "scan-" + HexFormat.of().formatHex(digest, 0, 12) + ".jsa";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The options this JVM was started with (those before {@code -jar}), for the second to have them too; read from the
     * process's command line rather than through JMX, whose loading alone costs a tenth of a second.
     */
    /** The options of the JVM that scans: this one's, and what suits a run-once scan where they do not say otherwise. */
    static List<String> childOptions(List<String> options) {
        List<String> child = new ArrayList<>(options);
        // a scan runs once: the quick compiler alone, and the collector with the least to start
        if (options.stream().noneMatch(option -> option.contains("Tiered"))) {
            child.add("-XX:TieredStopAtLevel=1");
        }
        if (options.stream().noneMatch(option -> option.matches("-XX:[+-]Use\\w*GC"))) {
            child.add("-XX:+UseSerialGC");
        }
        // The JVM's own first heap is 1/64 of the machine's memory (384 MB on 24 GB): a small scan then filled 128 MB of
        // young generation before its first collection, and 206 MB were resident. From 128 MB it stays at 178 MB, and a
        // scan of ten thousand resources is no slower (the scan-as-a-process benchmark).
        if (options.stream().noneMatch(FastStart::sizesHeap)) {
            child.add("-Xms128m");
        }
        return child;
    }

    private static boolean sizesHeap(String option) {
        return option.startsWith("-Xm") || option.contains("HeapSize") || option.contains("NewSize") || option.contains("RAMPercentage")
                || option.contains("RAMFraction");
    }

    private static List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        for (String argument : ProcessHandle.current().info().arguments().orElse(new String[0])) {
            if (argument.equals("-jar")) {
                break;
            }
            options.add(argument);
        }
        return options;
    }

    /** The jar this JVM was started from with {@code -jar}, if it was. */
    private static Optional<Path> jar() {
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)) {
            return Optional.empty();
        }
        Path jar = Path.of(classPath);
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }
}
