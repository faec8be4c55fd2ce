package io.cloudsweep.bot.report;

import io.cloudsweep.engine.format.Csv;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.scan.ScanReport;

import java.io.PrintWriter;
import java.util.List;

/** One row a finding under a header row, RFC 4180 quoting; unknown costs are empty cells with the reason beside. */
final class CsvReport implements ReportWriter {

    static final List<String> HEADER = List.of("rule", "resource_type", "resource_id", "arn", "account_id", "region",
            "monthly_cost_usd", "annual_cost_usd", "cost_unknown_reason", "risk", "confidence", "action", "reason",
            "price_source", "price_date", "tags");

    @Override
    public void write(ScanReport report, PrintWriter out) {
        out.print(Csv.formatLine(HEADER) + "\r\n");
        for (Finding finding : report.findings()) {
            out.print(Csv.formatLine(row(finding)) + "\r\n");
        }
    }

    private static List<String> row(Finding finding) {
        return List.of(
                finding.ruleId(),
                finding.resource().type().id(),
                finding.resource().id(),
                finding.resource().arn(),
                finding.resource().accountId(),
                finding.resource().region().code(),
                finding.monthlyCost().map(Figures::usd).map(Object::toString).orElse(""),
                finding.annualCost().map(Figures::usd).map(Object::toString).orElse(""),
                Figures.unknownCostReason(finding).orElse(""),
                finding.risk().id(),
                finding.confidence().id(),
                finding.action().id(),
                finding.reason(),
                Figures.priceSource(finding).map(source -> source.origin()).orElse(""),
                Figures.priceSource(finding).flatMap(source -> source.effective()).map(Object::toString).orElse(""),
                Figures.tags(finding.tags()));
    }
}
