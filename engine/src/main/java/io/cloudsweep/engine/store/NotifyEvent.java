package io.cloudsweep.engine.store;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What CloudSweep tells email and webhook targets about, by the names targets choose them with. */
public enum NotifyEvent {
    SCAN_FINISHED("scan.finished", "a scan was stored"),
    NEW_FINDINGS("findings.new", "a scan found new findings (worth at least the target's minimum a month)"),
    CLEANUP_FAILED("cleanup.failed", "a cleanup failed"),
    DIGEST_READY("digest.ready", "a weekly digest or monthly report was posted"),
    APPROVAL_WAITING("approval.waiting", "an approval has waited days for a second admin");

    private final String id;
    private final String meaning;

    NotifyEvent(String id, String meaning) {
        this.id = id;
        this.meaning = meaning;
    }

    public String id() {
        return id;
    }

    public String meaning() {
        return meaning;
    }

    public static Optional<NotifyEvent> fromId(String id) {
        return Arrays.stream(values()).filter(event -> event.id.equals(id)).findFirst();
    }

    /** Every event's name, for messages that say what is valid. */
    public static String names() {
        return Arrays.stream(values()).map(NotifyEvent::id).collect(Collectors.joining(", "));
    }
}
