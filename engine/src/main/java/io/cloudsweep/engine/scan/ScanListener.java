package io.cloudsweep.engine.scan;

/** Hears about a scan's progress as each region finishes. Called from scan threads, one call at a time. */
@FunctionalInterface
public interface ScanListener {

    ScanListener NONE = progress -> { };

    void onProgress(ScanProgress progress);
}
