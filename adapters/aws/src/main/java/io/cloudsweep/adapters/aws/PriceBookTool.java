package io.cloudsweep.adapters.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsweep.engine.format.Csv;
import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.PriceCoverage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the price book from AWS's own price list: the offer files AWS publishes per service and region at
 * {@code https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<service>/current/<region>/index.json}, saved as
 * {@code <service>-<region>.json} in one folder (AmazonEC2, AWSELB, AmazonRDS). It asks each file the same questions the
 * Pricing API is asked at run time ({@link PricingQueries}), for every price the rules can ask for in every default region
 * and every instance type the current book prices; what no file answers is written as {@code # missing:}, so the book
 * says what it lacks. Offer files are read as a stream: an EC2 file of several hundred megabytes needs little memory.
 *
 * <pre>java -cp bot/target/cloudsweep.jar io.cloudsweep.adapters.aws.PriceBookTool offers/ &gt; aws-prices.csv</pre>
 */
public final class PriceBookTool {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> HEADER = List.of("service", "region", "item", "usd", "unit", "effective", "source");

    private PriceBookTool() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
            System.err.println("usage: PriceBookTool <folder of offer files named <service>-<region>.json>");
            System.exit(2);
        }
        write(Path.of(args[0]), PriceBook.embedded(), LocalDate.now(), System.out);
    }

    /** The book for every key {@code current} and the rules ask for, from the offer files in {@code offers}. */
    static void write(Path offers, PriceBook current, LocalDate built, PrintStream out) {
        Map<String, Map<PriceKey, PricingQueries.Query>> byFile = new HashMap<>();
        Set<PriceKey> unanswerable = new TreeSet<>(ORDER);
        for (PriceKey key : wanted(current)) {
            Optional<PricingQueries.Query> query = PricingQueries.forKey(key);
            if (query.isEmpty()) {
                unanswerable.add(key);
            } else {
                byFile.computeIfAbsent(query.get().serviceCode() + "-" + key.region() + ".json", file -> new HashMap<>()).put(key, query.get());
            }
        }
        Map<PriceKey, PriceBook.Price> found = new HashMap<>();
        byFile.forEach((file, questions) -> {
            Path path = offers.resolve(file);
            if (Files.isRegularFile(path)) {
                found.putAll(answer(path, questions));
            }
        });
        out.println("# CloudSweep embedded price book: AWS public on-demand prices in USD, from AWS's price list offer files.");
        out.println("# version: " + built);
        out.println("# Built by io.cloudsweep.adapters.aws.PriceBookTool; prices missing here are unknown, never zero.");
        out.println(Csv.formatLine(HEADER));
        found.entrySet().stream().sorted(Map.Entry.comparingByKey(ORDER)).forEach(entry -> out.println(Csv.formatLine(List.of(
                entry.getKey().service(), entry.getKey().region(), entry.getKey().item(), entry.getValue().usd().toPlainString(),
                entry.getValue().unit(), entry.getValue().source().effective().map(Object::toString).orElse(""),
                entry.getValue().source().citation()))));
        Set<PriceKey> missing = new TreeSet<>(ORDER);
        byFile.values().forEach(questions -> questions.keySet().stream().filter(key -> !found.containsKey(key)).forEach(missing::add));
        missing.addAll(unanswerable);
        out.println("#");
        out.println("# Prices a rule can ask for that the offer files read did not give:");
        missing.forEach(key -> out.println("# missing: " + key.service() + "," + key.region() + "," + key.item()));
    }

    private static final Comparator<PriceKey> ORDER = Comparator.comparing(PriceKey::service).thenComparing(PriceKey::item)
            .thenComparing(PriceKey::region);

    /** Every rule dimension in every default region, and every instance type the current book prices, in every default region. */
    static Set<PriceKey> wanted(PriceBook current) {
        Set<PriceKey> wanted = new TreeSet<>(ORDER);
        for (Region region : PriceCoverage.DEFAULT_REGIONS) {
            wanted.addAll(PriceCoverage.keysRulesAskFor(current, region));
            current.keys().stream().filter(key -> key.service().equals("ec2") || key.service().equals("rds") && key.item().contains("/db."))
                    .forEach(key -> wanted.add(new PriceKey(key.service(), region.code(), key.item())));
        }
        return wanted;
    }

    /** The price of each question {@code file} answers, reading its products, then its on-demand terms, as a stream. */
    static Map<PriceKey, PriceBook.Price> answer(Path file, Map<PriceKey, PricingQueries.Query> questions) {
        Map<String, List<Map.Entry<PriceKey, JsonNode>>> matching = new HashMap<>();
        Map<PriceKey, PriceBook.Price> answers = new HashMap<>();
        String publication = "";
        try (JsonParser parser = new JsonFactory(JSON).createParser(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "publicationDate" -> publication = parser.getText();
                    case "products" -> {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            parser.nextToken();
                            JsonNode product = parser.readValueAsTree();
                            questions.forEach((key, query) -> {
                                if (matches(product, query)) {
                                    matching.computeIfAbsent(product.path("sku").asText(), sku -> new ArrayList<>()).add(Map.entry(key, product));
                                }
                            });
                        }
                    }
                    case "terms" -> {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String kind = parser.currentName();
                            parser.nextToken();
                            if (!kind.equals("OnDemand")) {
                                parser.skipChildren();
                                continue;
                            }
                            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                                String sku = parser.currentName();
                                parser.nextToken();
                                if (!matching.containsKey(sku)) {
                                    parser.skipChildren();
                                    continue;
                                }
                                JsonNode terms = parser.readValueAsTree();
                                String published = publication;
                                for (Map.Entry<PriceKey, JsonNode> match : matching.get(sku)) {
                                    if (answers.containsKey(match.getKey())) {
                                        continue;
                                    }
                                    ObjectNode document = JSON.createObjectNode();
                                    document.set("product", match.getValue());
                                    document.putObject("terms").set("OnDemand", terms);
                                    AwsPriceFetcher.onDemandPrice(document.toString(), questions.get(match.getKey()))
                                            .map(price -> cited(price, file, published, sku))
                                            .ifPresent(price -> answers.put(match.getKey(), price));
                                }
                            }
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the offer file " + file, e);
        }
        return answers;
    }

    /** Whether the offer file's product has every attribute the query filters on (productFamily is a field of its own there). */
    private static boolean matches(JsonNode product, PricingQueries.Query query) {
        for (Map.Entry<String, String> filter : query.filters().entrySet()) {
            JsonNode value = filter.getKey().equals("productFamily") ? product.path("productFamily") : product.path("attributes").path(filter.getKey());
            if (!value.asText("").equals(filter.getValue())) {
                return false;
            }
        }
        return query.fits(product.path("attributes").path("usagetype").asText(""));
    }

    private static PriceBook.Price cited(PriceBook.Price price, Path file, String publication, String sku) {
        String citation = "AWS price list offer file " + file.getFileName() + (publication.isEmpty() ? "" : " published " + publication)
                + " sku " + sku;
        return new PriceBook.Price(price.usd(), price.unit(), new PriceSource(PriceSource.EMBEDDED, citation, price.source().effective()));
    }
}
