package io.cloudsweep.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An embedded PostgreSQL left running by a CloudSweep process that died without stopping it (killed, out of memory,
 * the machine's power): its postmaster still holds the data directory, so a new one cannot start there. The process
 * that owned it held the directory's {@code epg-lock} file lock while it lived; when that lock is free and a postmaster
 * of this very directory still runs, it is an orphan, and it is stopped (fast shutdown, then killed if it will not go;
 * PostgreSQL recovers from its log at the next start). A directory still locked by a live process is left alone.
 */
final class OrphanedServer {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedServer.class);
    /** The lock file the embedded PostgreSQL's owner holds (io.zonky's name for it). */
    private static final String OWNER_LOCK = "epg-lock";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private OrphanedServer() {
    }

    static void stopIfAny(Path directory) {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory.resolve(OWNER_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock owner = channel.tryLock()) {
            if (owner == null) {
                return; // a live process owns the directory: its PostgreSQL is not an orphan
            }
            postmaster(pidFile).filter(server -> runs(server, directory)).ifPresent(server -> stop(server, directory));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + directory + " for a PostgreSQL left running", e);
        } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
            // this process owns it already
        }
    }

    private static Optional<ProcessHandle> postmaster(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d{1,10}")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
    }

    /** Whether {@code server} is a postgres serving {@code directory}, not some other process that reused the pid. */
    private static boolean runs(ProcessHandle server, Path directory) {
        String command = server.info().commandLine().orElse("");
        return command.contains("postgres") && command.contains(directory.toAbsolutePath().toString());
    }

    private static void stop(ProcessHandle server, Path directory) {
        LOG.warn("a PostgreSQL (pid {}) of {} was left running by a CloudSweep that stopped without closing it; stopping it", server.pid(),
                directory);
        server.destroy();
        try {
            server.onExit().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            server.destroyForcibly();
            server.onExit().join();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("stopping the orphaned PostgreSQL failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
