package io.cloudsweep.bot.report;

/** The output formats of {@code cloudsweep scan}. */
public enum ReportFormat {
    TABLE(new TableReport()),
    JSON(new JsonReport()),
    CSV(new CsvReport());

    private final ReportWriter writer;

    ReportFormat(ReportWriter writer) {
        this.writer = writer;
    }

    public ReportWriter writer() {
        return writer;
    }
}
