package io.cloudsweep.adapters.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The Pricing API's {@code GetProducts} in the AWS JSON 1.1 protocol: TERM_MATCH filters over known products. */
final class Pricing {

    record Answer(int status, String json) {
    }

    private record Product(String serviceCode, Map<String, String> attributes, String usd, String unit, String sku) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Product> products = new CopyOnWriteArrayList<>();

    void add(String serviceCode, Map<String, String> attributes, String usd, String unit) {
        products.add(new Product(serviceCode, Map.copyOf(attributes), usd, unit, "SKU" + (products.size() + 1000)));
    }

    Answer getProducts(String body) throws IOException {
        JsonNode request = JSON.readTree(body);
        String serviceCode = request.path("ServiceCode").asText();
        ArrayNode priceList = JSON.createArrayNode();
        for (Product product : products) {
            if (product.serviceCode().equals(serviceCode) && matches(product, request.path("Filters"))) {
                priceList.add(JSON.writeValueAsString(document(product)));
            }
        }
        ObjectNode response = JSON.createObjectNode().put("FormatVersion", "aws_v1");
        response.set("PriceList", priceList);
        return new Answer(200, JSON.writeValueAsString(response));
    }

    private static boolean matches(Product product, JsonNode filters) {
        for (JsonNode filter : filters) {
            if (!"TERM_MATCH".equals(filter.path("Type").asText())
                    || !filter.path("Value").asText().equals(product.attributes().get(filter.path("Field").asText()))) {
                return false;
            }
        }
        return true;
    }

    /** A price list document shaped as the Pricing API's {@code aws_v1} format. */
    private static ObjectNode document(Product product) {
        ObjectNode document = JSON.createObjectNode();
        ObjectNode productNode = document.putObject("product").put("sku", product.sku());
        productNode.put("productFamily", product.attributes().getOrDefault("productFamily", ""));
        ObjectNode attributes = productNode.putObject("attributes");
        product.attributes().forEach(attributes::put);
        document.put("serviceCode", product.serviceCode());
        String term = product.sku() + ".JRTCKXETXF";
        ObjectNode onDemand = document.putObject("terms").putObject("OnDemand").putObject(term)
                .put("sku", product.sku()).put("offerTermCode", "JRTCKXETXF").put("effectiveDate", "2026-11-01T00:00:00Z");
        onDemand.putObject("priceDimensions").putObject(term + ".6YS6EN2CT7")
                .put("unit", product.unit()).put("beginRange", "0").put("endRange", "Inf").put("description", "fake price")
                .putObject("pricePerUnit").put("USD", product.usd());
        document.put("version", "20261101000000").put("publicationDate", "2026-11-01T00:00:00Z");
        return document;
    }
}
