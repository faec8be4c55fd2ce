package io.cloudsweep.engine.cleanup;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a cleanup stands. One record per state; a transition exists only on the state that allows it and
 * returns the next state, so an impossible step (deleting before the backup, undoing a failure) does not
 * compile. {@link #id()} is the value of {@code cleanups.state} in the database.
 *
 * <pre>
 * approved -> validating -> backing_up -> executing -> verifying -> done -> rolled_back
 *                  |             |             |            |
 *                  v             +-------------+------------+--> failed
 *               aborted (the live resource no longer qualifies)
 * </pre>
 */
public sealed interface CleanupState {

    String id();

    /** Whether nothing more will happen to it (but for an undo of {@link Done}). */
    default boolean isFinished() {
        return this instanceof Done || this instanceof Failed || this instanceof Aborted || this instanceof RolledBack;
    }

    /** The backup taken, once there is one. */
    default Optional<String> backupId() {
        return Optional.empty();
    }

    record Approved() implements CleanupState {
        public Validating validate() {
            return new Validating();
        }

        @Override
        public String id() {
            return "approved";
        }
    }

    /** Fetching the live resource and judging it again before anything is touched. */
    record Validating() implements CleanupState {
        public BackingUp stillWaste() {
            return new BackingUp();
        }

        public Aborted abort(String reason) {
            return new Aborted(reason);
        }

        public Failed fail(String reason) {
            return new Failed(reason, Optional.empty());
        }

        @Override
        public String id() {
            return "validating";
        }
    }

    record BackingUp() implements CleanupState {
        /** The backup exists and is complete (snapshot completed, AMI available, address recorded). */
        public Executing backedUp(String backupId) {
            return new Executing(backupId);
        }

        public Failed fail(String reason) {
            return new Failed(reason, Optional.empty());
        }

        @Override
        public String id() {
            return "backing_up";
        }
    }

    /** The destructive call is being made; after a crash, recovery checks the live state before any retry. */
    record Executing(String backup) implements CleanupState {
        public Executing {
            Objects.requireNonNull(backup, "backup");
        }

        public Verifying executed() {
            return new Verifying(backup);
        }

        public Failed fail(String reason) {
            return new Failed(reason, Optional.of(backup));
        }

        @Override
        public Optional<String> backupId() {
            return Optional.of(backup);
        }

        @Override
        public String id() {
            return "executing";
        }
    }

    record Verifying(String backup) implements CleanupState {
        public Verifying {
            Objects.requireNonNull(backup, "backup");
        }

        public Done verified() {
            return new Done(backup);
        }

        public Failed fail(String reason) {
            return new Failed(reason, Optional.of(backup));
        }

        @Override
        public Optional<String> backupId() {
            return Optional.of(backup);
        }

        @Override
        public String id() {
            return "verifying";
        }
    }

    record Done(String backup) implements CleanupState {
        public Done {
            Objects.requireNonNull(backup, "backup");
        }

        public RolledBack rolledBack(String detail) {
            return new RolledBack(backup, detail);
        }

        @Override
        public Optional<String> backupId() {
            return Optional.of(backup);
        }

        @Override
        public String id() {
            return "done";
        }
    }

    record Failed(String reason, Optional<String> backup) implements CleanupState {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(backup, "backup");
        }

        @Override
        public Optional<String> backupId() {
            return backup;
        }

        @Override
        public String id() {
            return "failed";
        }
    }

    /** Validation found the resource no longer waste (attached again, protected, excluded...). Nothing was touched. */
    record Aborted(String reason) implements CleanupState {
        public Aborted {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String id() {
            return "aborted";
        }
    }

    /** Undone: the resource was restored from its backup (or restarted), as {@code detail} says. */
    record RolledBack(String backup, String detail) implements CleanupState {
        public RolledBack {
            Objects.requireNonNull(backup, "backup");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public Optional<String> backupId() {
            return Optional.of(backup);
        }

        @Override
        public String id() {
            return "rolled_back";
        }
    }

    /**
     * The state a stored row describes.
     *
     * @throws IllegalArgumentException when the row is inconsistent (a state that needs a backup without one)
     */
    static CleanupState fromStored(String id, Optional<String> backupId, Optional<String> detail) {
        return switch (id) {
            case "approved" -> new Approved();
            case "validating" -> new Validating();
            case "backing_up" -> new BackingUp();
            case "executing" -> new Executing(required(backupId, id));
            case "verifying" -> new Verifying(required(backupId, id));
            case "done" -> new Done(required(backupId, id));
            case "failed" -> new Failed(detail.orElse("failed"), backupId);
            case "aborted" -> new Aborted(detail.orElse("aborted"));
            case "rolled_back" -> new RolledBack(required(backupId, id), detail.orElse("rolled back"));
            default -> throw new IllegalArgumentException("unknown cleanup state '" + id + "'");
        };
    }

    private static String required(Optional<String> backupId, String state) {
        return backupId.orElseThrow(() -> new IllegalArgumentException("a cleanup in state " + state + " must have a backup"));
    }
}
