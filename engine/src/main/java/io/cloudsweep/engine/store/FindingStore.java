package io.cloudsweep.engine.store;

import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.scan.ScanReport;

import java.util.List;

/**
 * Where scans and their findings are kept. Storing a scan upserts its findings (one row per organization,
 * account, region, resource and rule, however many scans store at once), leaves excluded resources out,
 * and resolves the findings of completely scanned regions that were not seen again.
 */
public interface FindingStore {

    /** Stores a finished scan and its findings; returns what changed. */
    SavedScan save(Organization organization, ScanReport report);

    /**
     * What storing a scan changed.
     *
     * @param excludedFindings the scan's findings left out because an exclusion covers their resource (a rejection)
     * @param held             regions whose open findings were not resolved although unseen, since the region came back
     *                         (nearly) empty where the scan before saw many resources: a sentence each, for the summary
     */
    record SavedScan(long scanId, int inserted, int updated, int resolved, List<Finding> excludedFindings, List<String> held) {
        public SavedScan {
            excludedFindings = List.copyOf(excludedFindings);
            held = List.copyOf(held);
        }

        public SavedScan(long scanId, int inserted, int updated, int resolved, List<Finding> excludedFindings) {
            this(scanId, inserted, updated, resolved, excludedFindings, List.of());
        }

        public int excluded() {
            return excludedFindings.size();
        }

        /** The scan's findings that were stored: what it found, less what people excluded. */
        public List<Finding> kept(ScanReport report) {
            return report.findings().stream().filter(finding -> !excludedFindings.contains(finding)).toList();
        }
    }
}
