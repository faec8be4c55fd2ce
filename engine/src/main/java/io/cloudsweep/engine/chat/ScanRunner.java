package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.store.FindingStore;
import io.cloudsweep.engine.store.Organization;

import java.util.List;
import java.util.Optional;

/** Scans an organization's connected accounts and stores what it found: what a chat's {@code scan} runs. */
public interface ScanRunner {

    /** A stored scan: the report and what storing it changed. */
    record Outcome(ScanReport report, FindingStore.SavedScan saved) {
    }

    /**
     * Scans {@code account} (every connected one when empty) in {@code regions} (every enabled one when empty).
     *
     * @throws IllegalArgumentException when no such account is connected, saying which are
     */
    Outcome scan(Organization organization, Optional<String> account, List<Region> regions, String startedBy, ScanListener listener);
}
