package io.cloudsweep.engine.store;

import io.cloudsweep.engine.scan.ScanReport;

/**
 * Where scans and their findings are kept. Storing a scan upserts its findings (one row per organization,
 * account, region, resource and rule, however many scans store at once), leaves excluded resources out,
 * and resolves the findings of completely scanned regions that were not seen again.
 */
public interface FindingStore {

    /** Stores a finished scan and its findings; returns what changed. */
    SavedScan save(Organization organization, ScanReport report);

    /** What storing a scan changed. */
    record SavedScan(long scanId, int inserted, int updated, int resolved, int excluded) {
    }
}
