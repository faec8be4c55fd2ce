package io.cloudsweep.bot.report;

import io.cloudsweep.engine.scan.ScanReport;

import java.io.PrintWriter;

/** Writes a scan report in one format. Stateless and thread-safe. */
public interface ReportWriter {

    void write(ScanReport report, PrintWriter out);
}
