package io.cloudsweep.adapters.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cost Explorer's {@code GetCostAndUsage} (JSON 1.1, {@code AWSInsightsIndexService}): daily unblended cost of the
 * services in the request's SERVICE filter, as the test billed them, one result per day of the period.
 */
final class CostExplorer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Service → (first day → daily cost from that day on). */
    private final Map<String, NavigableMap<LocalDate, BigDecimal>> bills = new ConcurrentHashMap<>();

    void bill(String service, LocalDate from, BigDecimal daily) {
        bills.computeIfAbsent(service, name -> new TreeMap<>()).put(from, daily);
    }

    Pricing.Answer getCostAndUsage(String body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            return new Pricing.Answer(400, "{\"__type\":\"ValidationException\",\"Message\":\"not JSON\"}");
        }
        LocalDate start = LocalDate.parse(request.at("/TimePeriod/Start").asText());
        LocalDate end = LocalDate.parse(request.at("/TimePeriod/End").asText());
        if (!"DAILY".equals(request.path("Granularity").asText()) || !start.isBefore(end)) {
            return new Pricing.Answer(400, "{\"__type\":\"ValidationException\",\"Message\":\"bad period or granularity\"}");
        }
        List<String> services = JSON.convertValue(request.at("/Filter/Dimensions/Values"), JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode days = answer.putArray("ResultsByTime");
        for (LocalDate day = start; day.isBefore(end); day = day.plusDays(1)) {
            BigDecimal total = BigDecimal.ZERO;
            for (String service : services) {
                NavigableMap<LocalDate, BigDecimal> bill = bills.get(service);
                Map.Entry<LocalDate, BigDecimal> rate = bill == null ? null : bill.floorEntry(day);
                if (rate != null) {
                    total = total.add(rate.getValue());
                }
            }
            ObjectNode result = days.addObject();
            result.putObject("TimePeriod").put("Start", day.toString()).put("End", day.plusDays(1).toString());
            result.putObject("Total").putObject("UnblendedCost").put("Amount", total.toPlainString()).put("Unit", "USD");
            result.putArray("Groups");
            result.put("Estimated", false);
        }
        return new Pricing.Answer(200, answer.toString());
    }
}
