package io.cloudsweep.bot.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.report.ChartRenderer;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.storage.Outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a notification says, from its outbox row: the webhook's JSON ({@code id}, {@code event}, {@code created_at},
 * {@code organization_id}, {@code data}), and an email's subject, plain text and HTML (a digest's with its chart inline).
 */
final class Notices {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An email: subject, the plain-text and HTML bodies, and the chart the HTML shows inline as {@code cid:chart}, if any. */
    record Email(String subject, String text, String html, Optional<byte[]> chart) {
    }

    private final ChartRenderer charts;

    Notices(ChartRenderer charts) {
        this.charts = charts;
    }

    String webhookBody(Outbox.Delivery delivery) {
        ObjectNode body = JSON.createObjectNode().put("id", delivery.idempotencyKey()).put("event", delivery.event().id())
                .put("created_at", delivery.createdAt().toString()).put("organization_id", delivery.organizationId());
        body.set("data", data(delivery));
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification could not be written as JSON", e);
        }
    }

    /** A notification's subject and text, without the chart an email would draw. */
    Email words(Outbox.Delivery delivery) {
        return email(delivery, false);
    }

    Email email(Outbox.Delivery delivery) {
        return email(delivery, true);
    }

    private Email email(Outbox.Delivery delivery, boolean withChart) {
        JsonNode data = data(delivery);
        List<String> lines = new ArrayList<>();
        String subject;
        Optional<byte[]> chart = Optional.empty();
        switch (delivery.event()) {
            case SCAN_FINISHED -> {
                subject = "CloudSweep: scan " + data.path("scan").asText() + " found " + data.path("findings").asInt() + " findings, "
                        + usd(data.path("monthly_cost_usd")) + " a month";
                lines.add("Accounts: " + String.join(", ", strings(data.path("accounts"))));
                lines.add(data.path("new").asInt() + " new, " + data.path("seen_again").asInt() + " seen again, " + data.path("resolved").asInt()
                        + " resolved.");
                if (data.path("failed_regions").asInt() > 0 || data.path("failed_accounts").size() > 0) {
                    lines.add("Not read: " + data.path("failed_regions").asInt() + " regions, accounts " + strings(data.path("failed_accounts")) + ".");
                }
            }
            case NEW_FINDINGS -> {
                subject = "CloudSweep: " + data.path("count").asInt() + " new findings, " + usd(data.path("monthly_cost_usd")) + " a month";
                data.path("findings").forEach(f -> lines.add(f.path("rule").asText() + " " + f.path("resource_id").asText() + " ("
                        + f.path("account_id").asText() + ", " + f.path("region").asText() + "): " + usd(f.path("monthly_cost_usd")) + "/month, "
                        + f.path("risk").asText() + " risk. " + f.path("reason").asText()));
            }
            case CLEANUP_FAILED -> {
                subject = "CloudSweep: cleanup " + data.path("cleanup").asText() + " failed (" + data.path("action").asText() + " "
                        + data.path("resource_id").asText() + ")";
                lines.add("Cleanup " + data.path("cleanup").asText() + " of finding " + data.path("finding").asText() + " (" + data.path("rule").asText()
                        + ", " + data.path("resource_id").asText() + " in account " + data.path("account_id").asText() + ", " + data.path("region").asText()
                        + ") failed: " + data.path("reason").asText());
                if (!data.path("backup_id").isNull() && !data.path("backup_id").isMissingNode()) {
                    lines.add("Its backup " + data.path("backup_id").asText() + " is kept.");
                }
                lines.add("Nothing is tried again by itself: look at the finding's card, then approve it again or reject it.");
            }
            case DIGEST_READY -> {
                boolean week = data.path("scope").asText().equals(Digest.Scope.WEEK.id());
                subject = "CloudSweep " + (week ? "weekly digest" : "monthly report") + ": " + usd(data.path("open_monthly_usd")) + "/month open, "
                        + usd(data.path("saved_in_period_usd")) + " saved";
                lines.add("Open waste: " + usd(data.path("open_monthly_usd")) + "/month in " + data.path("open_findings").asInt() + " findings.");
                lines.add("New: " + tally(data.path("new")) + "; resolved: " + tally(data.path("resolved")) + "; cleaned up: " + tally(data.path("cleaned")) + ".");
                lines.add("Saved (realised): " + usd(data.path("saved_in_period_usd")) + (week ? " this week" : " this month") + ", "
                        + usd(data.path("saved_total_usd")) + " in total; now saving " + usd(data.path("run_rate_monthly_usd")) + "/month.");
                data.path("top").forEach(f -> lines.add("Open: " + f.path("finding").asText() + " " + f.path("resource_id").asText() + " ("
                        + f.path("rule").asText() + ") " + usd(f.path("monthly_cost_usd")) + "/month"));
                lines.add("Needs attention: " + data.path("snoozes_ending").asInt() + " snoozes ending, " + data.path("failed_cleanups").asInt()
                        + " failed cleanups, " + data.path("waiting_approvals").asInt() + " approvals waiting for a second admin.");
                if (withChart) {
                    chart = Optional.of(charts.png(trend(data.path("trend")), 640, 300)).filter(png -> png.length > 0);
                }
            }
            case APPROVAL_WAITING -> {
                subject = "CloudSweep: " + data.path("finding").asText() + " has waited " + data.path("days").asInt() + " days for a second admin";
                lines.add(data.path("finding").asText() + " (" + data.path("rule").asText() + ", " + data.path("resource_id").asText() + ") was approved by "
                        + data.path("approved_by").asText() + " on " + data.path("since").asText() + "; high risk needs a second admin's approval.");
            }
            default -> throw new IllegalArgumentException("no email for " + delivery.event());
        }
        String text = String.join("\n", lines) + "\n";
        StringBuilder html = new StringBuilder("<html><body style=\"font-family:sans-serif\"><h2>").append(escape(subject)).append("</h2>");
        lines.forEach(line -> html.append("<p>").append(escape(line)).append("</p>"));
        if (chart.isPresent()) {
            html.append("<p><img src=\"cid:chart\" width=\"640\" height=\"300\" alt=\"Open waste and realised savings, last 12 weeks\"></p>");
        }
        html.append("</body></html>");
        return new Email(subject, text, html.toString(), chart);
    }

    private static JsonNode data(Outbox.Delivery delivery) {
        try {
            return JSON.readTree(delivery.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an outbox row's payload is not JSON", e);
        }
    }

    private static List<Digest.TrendPoint> trend(JsonNode weeks) {
        List<Digest.TrendPoint> trend = new ArrayList<>();
        weeks.forEach(week -> trend.add(new Digest.TrendPoint(Instant.parse(week.path("week_ending").asText()),
                week.path("open_monthly_usd").isNumber() ? Optional.of(Money.usd(week.path("open_monthly_usd").decimalValue())) : Optional.empty(),
                Money.usd(week.path("saved_to_date_usd").decimalValue()))));
        return trend;
    }

    private static String tally(JsonNode tally) {
        return tally.path("count").asInt() + " (" + usd(tally.path("monthly_usd")) + "/month)";
    }

    private static String usd(JsonNode amount) {
        return amount.isNumber() ? Money.usd(amount.decimalValue()).toString() : "unknown";
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
