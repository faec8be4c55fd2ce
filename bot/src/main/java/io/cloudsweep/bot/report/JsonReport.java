package io.cloudsweep.bot.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Fact;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.scan.Diagnostic;
import io.cloudsweep.engine.scan.FailedRegion;
import io.cloudsweep.engine.scan.ScanGap;
import io.cloudsweep.engine.scan.ScanReport;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The JSON report as the README describes it ({@code scan}, {@code findings}, {@code totals}), with
 * more fields beside the documented ones: ARN, confidence, evidence, price source and date, diagnostics.
 * A finding of unknown cost has {@code monthly_cost_usd: null} and says why in {@code cost_unknown_reason}.
 */
public final class JsonReport implements ReportWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void write(ScanReport report, PrintWriter out) {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("scan", scan(report));
        ArrayNode findings = root.putArray("findings");
        report.findings().forEach(finding -> findings.add(finding(finding)));
        root.set("totals", totals(report.totals()));
        try {
            out.println(MAPPER.writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode scan(ScanReport report) {
        ObjectNode scan = MAPPER.createObjectNode();
        scan.put("started_at", report.startedAt().toString());
        scan.put("finished_at", report.finishedAt().toString());
        scan.put("duration_ms", report.duration().toMillis());
        ArrayNode accounts = scan.putArray("accounts");
        report.accounts().stream().map(Account::id).forEach(accounts::add);
        ArrayNode regions = scan.putArray("regions");
        report.regions().stream().map(Region::code).forEach(regions::add);
        ArrayNode failed = scan.putArray("failed_regions");
        for (FailedRegion region : report.failedRegions()) {
            failed.addObject().put("region", region.region().code()).put("account_id", region.accountId()).put("error", region.error());
        }
        ArrayNode gaps = scan.putArray("gaps");
        for (ScanGap gap : report.gaps()) {
            ArrayNode types = gaps.addObject().put("region", gap.region().code()).put("account_id", gap.accountId())
                    .put("error", gap.error()).putArray("resource_types");
            gap.types().stream().map(ResourceType::id).sorted().forEach(types::add);
        }
        scan.put("resources_scanned", report.resourcesScanned());
        scan.put("price_book", PriceBook.embedded().version());
        ArrayNode diagnostics = scan.putArray("diagnostics");
        for (Diagnostic diagnostic : report.diagnostics()) {
            diagnostics.addObject()
                    .put("rule", diagnostic.ruleId())
                    .put("resource_id", diagnostic.resource().id())
                    .put("account_id", diagnostic.resource().accountId())
                    .put("region", diagnostic.resource().region().code())
                    .put("detail", diagnostic.detail());
        }
        return scan;
    }

    /** One finding as `scan --format json` shows it; the REST API shows findings the same way. */
    public static ObjectNode finding(Finding finding) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("rule", finding.ruleId());
        node.put("resource_type", finding.resource().type().id());
        node.put("resource_id", finding.resource().id());
        node.put("arn", finding.resource().arn());
        node.put("account_id", finding.resource().accountId());
        node.put("region", finding.resource().region().code());
        node.put("monthly_cost_usd", finding.monthlyCost().map(Figures::usd).orElse(null));
        node.put("annual_cost_usd", finding.annualCost().map(Figures::usd).orElse(null));
        Figures.unknownCostReason(finding).ifPresent(reason -> node.put("cost_unknown_reason", reason));
        node.put("risk", finding.risk().id());
        node.put("confidence", finding.confidence().id());
        node.put("action", finding.action().id());
        node.put("reason", finding.reason());
        ObjectNode evidence = node.putObject("evidence");
        for (Fact fact : finding.evidence()) {
            evidence.put(fact.name(), fact.value());
        }
        Figures.priceSource(finding).ifPresent(source -> {
            node.put("price_source", source.origin());
            node.put("price_date", source.effective().map(Object::toString).orElse(null));
            node.put("price_citation", source.citation());
        });
        ObjectNode tags = node.putObject("tags");
        finding.tags().values().forEach(tags::put);
        return node;
    }

    private static ObjectNode totals(ScanReport.Totals totals) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("findings", totals.findings());
        node.put("monthly_cost_usd", Figures.usd(totals.monthly()));
        node.put("annual_cost_usd", Figures.usd(totals.annual()));
        node.put("unknown_cost_findings", totals.unknownCost());
        ObjectNode byRule = node.putObject("by_rule");
        totals.byRule().forEach((rule, total) -> byRule.putObject(rule)
                .put("findings", total.findings())
                .put("monthly_cost_usd", Figures.usd(total.monthly())));
        return node;
    }
}
