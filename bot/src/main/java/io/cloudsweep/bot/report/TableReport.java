package io.cloudsweep.bot.report;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.scan.Diagnostic;
import io.cloudsweep.engine.scan.FailedRegion;
import io.cloudsweep.engine.scan.ScanGap;
import io.cloudsweep.engine.scan.ScanReport;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A table for people: most expensive first, money right-aligned so the figures line up, then totals by rule
 * and overall, failed regions and what could not be decided.
 */
final class TableReport implements ReportWriter {

    private static final List<String> HEADER = List.of("$/MONTH", "RISK", "RULE", "REGION", "RESOURCE", "WHY");
    private static final String UNKNOWN = "unknown";

    @Override
    public void write(ScanReport report, PrintWriter out) {
        out.printf(Locale.ROOT, "CloudSweep scan of %s: %d region%s, %d resource%s, %.1f s%n%n",
                report.accounts().stream().map(TableReport::account).collect(Collectors.joining(", ")),
                report.regions().size(), report.regions().size() == 1 ? "" : "s", report.resourcesScanned(),
                report.resourcesScanned() == 1 ? "" : "s", report.duration().toMillis() / 1000.0);
        if (report.findings().isEmpty()) {
            out.println("No waste found.");
        } else {
            List<List<String>> rows = new ArrayList<>();
            rows.add(HEADER);
            for (Finding finding : report.findings()) {
                rows.add(List.of(
                        finding.monthlyCost().map(Money::toString).orElse(UNKNOWN),
                        finding.risk().id(),
                        finding.ruleId(),
                        finding.resource().region().code(),
                        finding.resource().id() + finding.tags().name().map(name -> " (" + name + ")").orElse(""),
                        finding.reason() + Figures.unknownCostReason(finding).map(why -> " (cost unknown: " + why + ")").orElse("")));
            }
            printAligned(rows, out);
        }
        ScanReport.Totals totals = report.totals();
        out.println();
        if (!totals.byRule().isEmpty()) {
            List<List<String>> byRule = new ArrayList<>();
            totals.byRule().forEach((rule, total) -> byRule.add(List.of(total.monthly().toString(), rule,
                    total.findings() + (total.findings() == 1 ? " finding" : " findings"))));
            printAligned(byRule, out);
            out.println();
        }
        out.printf("Total: %s a month (%s a year) in %d finding%s%s%n", totals.monthly(), totals.annual(), totals.findings(),
                totals.findings() == 1 ? "" : "s",
                totals.unknownCost() == 0 ? "" : " (" + totals.unknownCost() + " of unknown cost, not in the total)");
        for (FailedRegion failed : report.failedRegions()) {
            out.printf("Region %s of %s could not be scanned: %s%n", failed.region(), failed.accountId(), failed.error());
        }
        for (ScanGap gap : report.gaps()) {
            out.printf("Region %s of %s was scanned in part: %s%n", gap.region(), gap.accountId(), gap.error());
        }
        if (!report.diagnostics().isEmpty()) {
            out.printf("%nNot judged or not priced, for want of data:%n");
            for (Diagnostic diagnostic : report.diagnostics()) {
                out.printf("  %s %s %s: %s%n", diagnostic.ruleId(), diagnostic.resource().region(), diagnostic.resource().id(), diagnostic.detail());
            }
        }
    }

    private static String account(Account account) {
        return account.name().equals(account.id()) ? account.id() : account.name() + " (" + account.id() + ")";
    }

    /** Pads every column but the last to its widest cell; the first column is right-aligned (it holds money). */
    private static void printAligned(List<List<String>> rows, PrintWriter out) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int column = 0; column < columns; column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < columns; column++) {
                String cell = row.get(column);
                if (column == 0) {
                    line.append(" ".repeat(widths[0] - cell.length())).append(cell);
                } else if (column == columns - 1) {
                    line.append(cell);
                } else {
                    line.append(cell).append(" ".repeat(widths[column] - cell.length()));
                }
                if (column < columns - 1) {
                    line.append("  ");
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
