package io.cloudsweep.bot.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsweep.bot.Clouds;
import io.cloudsweep.bot.EngineSettings;
import io.cloudsweep.bot.Sweeper;
import io.cloudsweep.bot.jobs.JobScheduler;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.store.ApiKeys;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.PostgresApiKeys;
import io.cloudsweep.storage.IdempotencyKeys;
import io.cloudsweep.storage.PostgresFindingStore;
import io.cloudsweep.storage.RateLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1} over HTTP on the server, the real database behind it: keys, the findings' pages and filters, one finding,
 * problems as RFC 9457 JSON, and the OpenAPI document kept equal to the routes.
 */
class ApiV1Test {

    private static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    private static Database database;
    private static Sweeper sweeper;
    private static BotServer server;
    private static long acmeId;
    private static String acmeKey;
    private static String memberKey;
    private static String adminKey;
    private static String otherAdminKey;
    private static String globexKey;
    private static String revokedKey;
    private static int acmeFindings;

    @BeforeAll
    static void start() {
        database = Database.open(DatabaseSettings.embedded(dataDir));
        database.migrate();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        EngineSettings settings = EngineSettings.load(null);
        sweeper = Sweeper.start(database, settings, Clouds.of(database, true, Map.of(), clock), clock, JobScheduler.Options.defaults());
        Organization acme = sweeper.organization(Organization.Platform.SLACK, "T-ACME");
        Organization globex = sweeper.organization(Organization.Platform.SLACK, "T-GLOBEX");
        acmeId = acme.id();
        var report = settings.scanService(DemoCloud.at(NOW), clock).scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE);
        new PostgresFindingStore(database).save(acme, report);
        acmeFindings = report.findings().size();
        PostgresApiKeys keys = new PostgresApiKeys(database);
        acmeKey = keys.create(acme.id(), "jira", Role.VIEWER, "U0ANA").orElseThrow().key();
        memberKey = keys.create(acme.id(), "ci", Role.MEMBER, "U0ANA").orElseThrow().key();
        adminKey = keys.create(acme.id(), "ops", Role.ADMIN, "U0ANA").orElseThrow().key();
        otherAdminKey = keys.create(acme.id(), "ops-bo", Role.ADMIN, "U0BO").orElseThrow().key();
        globexKey = keys.create(globex.id(), "grafana", Role.ADMIN, "U0GLO").orElseThrow().key();
        revokedKey = keys.create(acme.id(), "old", Role.ADMIN, "U0ANA").orElseThrow().key();
        keys.revoke(acme.id(), "old", "U0ANA");
        server = BotServer.start("127.0.0.1", 0, database, api().routes(), Optional.empty());
    }

    /** Limits no test here reaches but the one about them. */
    private static ApiV1 api() {
        return api(new ApiV1.Limits(new RateLimits.Limit(100_000, 1000), new RateLimits.Limit(100_000, 1000)));
    }

    private static ApiV1 api(ApiV1.Limits limits) {
        return new ApiV1(ApiV1.Stores.in(database, sweeper.findings(), Clock.fixed(NOW, ZoneOffset.UTC)), limits, sweeper.interpreter(),
                sweeper.chats(), sweeper::organization, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        server.close();
        sweeper.close();
        database.close();
    }

    private static HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The first finding of the organization the key sees, of {@code risk}, still open. */
    private static String openFinding(String risk, String rule) throws IOException, InterruptedException {
        for (JsonNode finding : body(get("/api/v1/findings?status=open&limit=200" + (rule == null ? "" : "&rule=" + rule), acmeKey)).get("findings")) {
            if (finding.get("risk").asText().equals(risk)) {
                return finding.get("id").asText();
            }
        }
        throw new AssertionError("no open " + risk + "-risk finding");
    }

    private static String status(String id) throws IOException, InterruptedException {
        return body(get("/api/v1/findings/" + id, acmeKey)).get("status").asText();
    }

    @Test
    void aMemberKeyApprovesALowRiskFindingAndItsCleanupRunsAuditedAsTheKeyAndItsCreator() throws Exception {
        String id = openFinding("low", "eip-unassociated");
        java.util.concurrent.CountDownLatch cleaned = new java.util.concurrent.CountDownLatch(1);
        sweeper.addListener(card -> {
            if (card instanceof io.cloudsweep.engine.chat.Card.FindingCard finding && finding.findingId().toString().equals(id)
                    && finding.status().startsWith("cleaned")) {
                cleaned.countDown();
            }
        });

        HttpResponse<String> approved = post("/api/v1/findings/" + id + "/approve", memberKey, "");
        HttpResponse<String> again = post("/api/v1/findings/" + id + "/approve", memberKey, "");

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(body(approved).get("result").asText()).isEqualTo("done");
        assertThat(body(approved).get("finding").get("id").asText()).isEqualTo(id);
        assertThat(again.statusCode()).as(again.body()).isIn(200, 409);
        assertThat(cleaned.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the cleanup's last card").isTrue();
        assertThat(status(id)).as("the cleanup ran").isEqualTo("cleaned");
        String audited = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT actor || ' ' || (details ->> 'via') FROM audit_log WHERE action = 'finding.approved' AND subject = :subject")
                .bind("subject", "finding/" + id.substring(2)).mapTo(String.class).one());
        assertThat(audited).isEqualTo("U0ANA apikey:ci");

        String cleanup = body(get("/api/v1/findings/" + id, acmeKey)).get("cleanup").get("id").asText();
        JsonNode steps = body(get("/api/v1/cleanups/" + cleanup, acmeKey));
        assertThat(steps.get("finding").asText()).isEqualTo(id);
        assertThat(steps.get("state").asText()).isEqualTo("done");
        assertThat(steps.get("steps")).extracting(step -> step.get("state").asText()).startsWith("approved").endsWith("done");
        assertThat(steps.get("steps").get(0).get("by").asText()).isEqualTo("U0ANA");
        assertThat(steps.get("steps").get(0).get("detail").asText()).isEqualTo("approved by U0ANA; the last through apikey:ci");
        assertThat(get("/api/v1/cleanups/" + cleanup, globexKey).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/cleanups/F-1", acmeKey).statusCode()).isEqualTo(400);
        HttpResponse<String> byViewer = post("/api/v1/cleanups/" + cleanup + "/undo", acmeKey, "");
        HttpResponse<String> undone = post("/api/v1/cleanups/" + cleanup + "/undo", memberKey, "");
        HttpResponse<String> twice = post("/api/v1/cleanups/" + cleanup + "/undo", memberKey, "");
        HttpResponse<String> elsewhere = post("/api/v1/cleanups/" + cleanup + "/undo", globexKey, "");

        assertThat(byViewer.statusCode()).isEqualTo(403);
        assertThat(undone.statusCode()).as(undone.body()).isEqualTo(200);
        assertThat(body(undone).get("finding").get("status").asText()).isEqualTo("rolled_back");
        assertThat(twice.statusCode()).as(twice.body()).isEqualTo(409);
        assertThat(body(twice).get("detail").asText()).contains("was undone already");
        assertThat(elsewhere.statusCode()).isEqualTo(404);
    }

    @Test
    void aViewerKeyCannotDecideAndAnotherOrganizationsKeyFindsNothing() throws Exception {
        String id = openFinding("low", "ebs-snapshot-old");

        HttpResponse<String> viewer = post("/api/v1/findings/" + id + "/approve", acmeKey, "");
        HttpResponse<String> other = post("/api/v1/findings/" + id + "/reject", globexKey, "{\"reason\": \"not ours\"}");

        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(viewer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(status(id)).isEqualTo("open");
    }

    @Test
    void aHighRiskFindingNeedsTwoDifferentAdminsNotOnePersonsTwoKeys() throws Exception {
        String id = openFinding("high", null);

        HttpResponse<String> first = post("/api/v1/findings/" + id + "/approve", adminKey, "");
        HttpResponse<String> samePerson = post("/api/v1/findings/" + id + "/approve", memberKey, "");
        HttpResponse<String> second = post("/api/v1/findings/" + id + "/approve", otherAdminKey, "");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(body(first).get("result").asText()).isEqualTo("awaiting_second_admin");
        assertThat(samePerson.statusCode()).as("U0ANA's other key: " + samePerson.body()).isIn(200, 409);
        assertThat(status(id)).isNotIn("cleaning", "cleaned");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(body(second).get("result").asText()).isEqualTo("done");
    }

    @Test
    void snoozeAndRejectTakeTheirBodiesAndRefuseBadOnes() throws Exception {
        String snoozed = openFinding("low", "ebs-gp2-to-gp3");
        Map<String, String> bad = Map.of(
                "{\"days\": 12}", "a snooze needs {\"days\": 7, 30 or 90}",
                "{\"days\": 7, \"x\": 1}", "unknown field 'x'",
                "[1, 2]", "the body is a JSON object, or nothing",
                "{not json", "the body is not JSON",
                "{\"days\": \"" + "7".repeat(5000) + "\"}", "the body is over 4096 bytes");
        for (Map.Entry<String, String> body : bad.entrySet()) {
            HttpResponse<String> response = post("/api/v1/findings/" + snoozed + "/snooze", memberKey, body.getKey());
            assertThat(response.statusCode()).as(body.getValue()).isEqualTo(400);
            assertThat(body(response).get("detail").asText()).contains(body.getValue());
        }

        java.util.concurrent.CompletableFuture<io.cloudsweep.engine.chat.Card.FindingCard> shown = new java.util.concurrent.CompletableFuture<>();
        sweeper.addListener(card -> {
            if (card instanceof io.cloudsweep.engine.chat.Card.FindingCard finding && finding.findingId().toString().equals(snoozed)) {
                shown.complete(finding);
            }
        });
        assertThat(post("/api/v1/findings/" + snoozed + "/snooze", memberKey, "{\"days\": 30}").statusCode()).isEqualTo(200);
        assertThat(status(snoozed)).isEqualTo("snoozed");
        assertThat(shown.get(10, java.util.concurrent.TimeUnit.SECONDS).status()).as("the card, shown again to the chats").startsWith("snoozed");
        String rejected = openFinding("low", "ebs-gp2-to-gp3");
        assertThat(post("/api/v1/findings/" + rejected + "/reject", memberKey, "{\"reason\": \"kept on purpose\"}").statusCode()).isEqualTo(200);
        assertThat(status(rejected)).isEqualTo("rejected");
        assertThat(post("/api/v1/findings/" + rejected + "/reject", memberKey, "{\"reason\": 5}").statusCode()).isEqualTo(400);
    }

    @Test
    void overItsLimitAKeyGets429WithRetryAfterAndAnotherKeyOfTheOrganizationDrawsOnTheSharedBucket() throws Exception {
        PostgresApiKeys keys = new PostgresApiKeys(database);
        Organization limited = sweeper.organization(Organization.Platform.SLACK, "T-LIMITED");
        String one = keys.create(limited.id(), "one", Role.VIEWER, "U0LIM").orElseThrow().key();
        String two = keys.create(limited.id(), "two", Role.VIEWER, "U0LIM").orElseThrow().key();
        ApiV1.Limits small = new ApiV1.Limits(new RateLimits.Limit(3, 0.01), new RateLimits.Limit(4, 0.01));
        try (BotServer tight = BotServer.start("127.0.0.1", 0, database, api(small).routes(), Optional.empty())) {
            java.util.function.Function<String, HttpResponse<String>> call = key -> {
                try {
                    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tight.port() + "/api/v1/findings"))
                            .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            };
            for (int i = 0; i < 3; i++) {
                assertThat(call.apply(one).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> over = call.apply(one);
            assertThat(over.statusCode()).isEqualTo(429);
            assertThat(over.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
            assertThat(body(over).get("detail").asText()).contains("for this key");
            assertThat(call.apply(two).statusCode()).as("the organization's fourth").isEqualTo(200);
            HttpResponse<String> organizationOver = call.apply(two);
            assertThat(organizationOver.statusCode()).isEqualTo(429);
            assertThat(body(organizationOver).get("detail").asText()).contains("for this organization's keys");
        }
    }

    @Test
    void aRepeatedIdempotencyKeyGetsTheFirstAnswerAndAnotherRequestWithItIsRefused() throws Exception {
        String id = openFinding("medium", "ebs-unattached");
        String other = body(get("/api/v1/findings?status=open&rule=ec2-stopped-long", acmeKey)).get("findings").get(0).get("id").asText();

        HttpResponse<String> first = postWithKey("/api/v1/findings/" + id + "/snooze", "{\"days\": 7}", "retry-7f3a");
        HttpResponse<String> retried = postWithKey("/api/v1/findings/" + id + "/snooze", "{\"days\": 7}", "retry-7f3a");
        HttpResponse<String> reused = postWithKey("/api/v1/findings/" + other + "/snooze", "{\"days\": 7}", "retry-7f3a");
        HttpResponse<String> badKey = postWithKey("/api/v1/findings/" + id + "/snooze", "{\"days\": 7}", "has space");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(body(first).get("result").asText()).isEqualTo("done");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).as("the first answer, not 'already'").isEqualTo(first.body());
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(status(other)).as("not snoozed by a reused key").isEqualTo("open");
        assertThat(badKey.statusCode()).isEqualTo(400);
        int snoozes = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'finding.snoozed' AND subject = :subject")
                .bind("subject", "finding/" + id.substring(2)).mapTo(Integer.class).one());
        assertThat(snoozes).isEqualTo(1);
    }

    @Test
    void accountsSavingsAndTheAuditReadForTheKeysOrganizationAlone() throws Exception {
        new io.cloudsweep.storage.PostgresAuditLog(database).append(new io.cloudsweep.engine.store.AuditLog.Event(Optional.of(acmeId), NOW,
                "U0ANA", "policy.shown", "organization/" + acmeId, Map.of()));
        String rejected = body(get("/api/v1/findings?status=open&rule=ec2-idle", acmeKey)).get("findings").get(0).get("id").asText();
        assertThat(post("/api/v1/findings/" + rejected + "/reject", memberKey, "").statusCode()).isEqualTo(200);
        JsonNode accounts = body(get("/api/v1/accounts", acmeKey));
        JsonNode savings = body(get("/api/v1/savings", acmeKey));
        JsonNode audit = body(get("/api/v1/audit?limit=500", acmeKey));
        JsonNode otherAudit = body(get("/api/v1/audit", globexKey));

        assertThat(accounts.get("accounts")).singleElement().satisfies(account -> {
            assertThat(account.get("account_id").asText()).isEqualTo(DemoCloud.ACCOUNT.id());
            assertThat(account.get("cleanups_enabled").asBoolean()).isTrue();
            assertThat(account.has("external_id")).isFalse();
        });
        assertThat(savings.get("total_usd").isNumber()).isTrue();
        assertThat(savings.get("run_rate_monthly_usd").isNumber()).isTrue();
        assertThat(audit.get("chain").get("verified").asBoolean()).isTrue();
        assertThat(audit.get("entries")).isNotEmpty().allSatisfy(entry -> assertThat(entry.get("action").asText()).isNotEmpty());
        JsonNode last = audit.get("entries").get(audit.get("entries").size() - 1);
        assertThat(last.get("action").asText()).isEqualTo("finding.rejected");
        assertThat(last.get("details").get("via").asText()).isEqualTo("apikey:ci");
        assertThat(otherAudit.get("entries").toString()).doesNotContain("apikey:ci", "U0ANA");
        assertThat(get("/api/v1/audit?limit=501", acmeKey).statusCode()).isEqualTo(400);
        JsonNode latest = body(get("/api/v1/audit?limit=1", acmeKey));
        JsonNode older = body(get("/api/v1/audit?limit=1&cursor=" + latest.get("next_cursor").asText(), acmeKey));
        assertThat(latest.get("entries")).singleElement().satisfies(entry -> assertThat(entry.get("id").asLong()).isEqualTo(last.get("id").asLong()));
        assertThat(older.get("entries")).singleElement().satisfies(entry -> assertThat(entry.get("id").asLong()).isLessThan(last.get("id").asLong()));
        assertThat(get("/api/v1/savings?x=1", acmeKey).statusCode()).isEqualTo(400);
    }

    private static HttpResponse<String> postWithKey(String path, String body, String idempotencyKey) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + memberKey).header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void aKeyPagesThroughItsOrganizationsFindingsWithTheScansJsonShape() throws Exception {
        List<String> ids = new ArrayList<>();
        String path = "/api/v1/findings?limit=7";
        int pages = 0;
        while (path != null) {
            HttpResponse<String> page = get(path, acmeKey);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            JsonNode body = body(page);
            body.get("findings").forEach(finding -> ids.add(finding.get("id").asText()));
            pages++;
            path = body.get("next_cursor").isNull() ? null : "/api/v1/findings?limit=7&cursor=" + body.get("next_cursor").asText();
        }

        assertThat(ids).hasSize(acmeFindings).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo((acmeFindings + 6) / 7);
        JsonNode first = body(get("/api/v1/findings?limit=1", acmeKey)).get("findings").get(0);
        assertThat(fieldNames(first)).contains("id", "status", "first_seen", "rule", "resource_type", "resource_id", "arn", "account_id", "region",
                "monthly_cost_usd", "risk", "confidence", "action", "reason", "evidence", "tags");
    }

    @Test
    void filtersNarrowThePageAndEachFindingReadsAlone() throws Exception {
        // other tests here decide on findings: the status filter is checked on whatever is open now
        JsonNode costly = body(get("/api/v1/findings?region=us-east-1&min_cost=50&limit=200", acmeKey));
        JsonNode open = body(get("/api/v1/findings?status=open&rule=ebs-gp2-to-gp3&limit=200", acmeKey));

        assertThat(costly.get("findings")).isNotEmpty().allSatisfy(finding -> {
            assertThat(finding.get("region").asText()).isEqualTo("us-east-1");
            assertThat(finding.get("monthly_cost_usd").asDouble()).isGreaterThanOrEqualTo(50);
        });
        assertThat(open.get("findings")).allSatisfy(finding -> {
            assertThat(finding.get("status").asText()).isEqualTo("open");
            assertThat(finding.get("rule").asText()).isEqualTo("ebs-gp2-to-gp3");
        });
        String id = costly.get("findings").get(0).get("id").asText();
        HttpResponse<String> one = get("/api/v1/findings/" + id, acmeKey);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(body(one).get("id").asText()).isEqualTo(id);
        assertThat(body(one).get("decisions").isArray()).isTrue();
    }

    @Test
    void anotherOrganizationsKeySeesNoneOfItAndGets404ForItsFindings() throws Exception {
        String acmeFinding = body(get("/api/v1/findings?limit=1", acmeKey)).get("findings").get(0).get("id").asText();

        assertThat(body(get("/api/v1/findings", globexKey)).get("findings")).isEmpty();
        HttpResponse<String> probe = get("/api/v1/findings/" + acmeFinding, globexKey);
        assertThat(probe.statusCode()).isEqualTo(404);
        assertThat(probe.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(body(probe).get("detail").asText()).isEqualTo("there is no finding " + acmeFinding);
        assertThat(get("/api/v1/findings/F-999999", acmeKey).statusCode()).isEqualTo(404);
    }

    @Test
    void everyRouteRefusesNoKeyAndARevokedOneAViewerKeyPostsNothingAndAnotherOrganizationsKeyFindsNone() throws Exception {
        String finding = openFinding("low", "ebs-snapshot-old");
        assertThat(post("/api/v1/findings/" + finding + "/approve", memberKey, "").statusCode()).isEqualTo(200);
        String cleanup = body(get("/api/v1/findings/" + finding, acmeKey)).get("cleanup").get("id").asText();
        new io.cloudsweep.storage.ScanRuns(database, Clock.fixed(NOW, ZoneOffset.UTC), java.time.Duration.ofMinutes(15))
                .recorded(acmeId, "U0ANA", List.of(DemoCloud.ACCOUNT.id()), database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT max(id) FROM scans WHERE organization_id = :organization").bind("organization", acmeId).mapTo(Long.class).one()));
        String scan = body(get("/api/v1/scans?limit=1", acmeKey)).get("scans").get(0).get("id").asText();
        JsonNode paths = body(get("/api/v1/openapi.json", null)).get("paths");
        List<String> routes = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> routes.add(method.toUpperCase() + " "
                + path.getKey().replace("{id}", path.getKey().contains("cleanups") ? cleanup : path.getKey().contains("scans") ? scan : finding))));
        routes.removeIf(route -> route.endsWith("/openapi.json"));

        for (String route : routes) {
            String path = route.substring(route.indexOf(' ') + 1);
            boolean posts = route.startsWith("POST");
            String body = path.endsWith("/snooze") ? "{\"days\": 7}" : "";
            for (String key : new String[]{null, revokedKey}) {
                HttpResponse<String> response = posts ? post(path, key, body) : get(path, key);
                assertThat(response.statusCode()).as(route + " with " + (key == null ? "no key" : "a revoked key")).isEqualTo(401);
            }
            if (posts) {
                HttpResponse<String> viewer = post(path, acmeKey, body);
                assertThat(viewer.statusCode()).as(route + " with a viewer key: " + viewer.body()).isEqualTo(403);
            }
            if (path.matches(".*/(F|C)-\\d+.*|.*/scans/\\d+")) {
                HttpResponse<String> other = posts ? post(path, globexKey, body) : get(path, globexKey);
                assertThat(other.statusCode()).as(route + " with another organization's key").isEqualTo(404);
            } else if (!posts) {
                assertThat(get(path, globexKey).body()).as(route + " with another organization's key").doesNotContain(finding, "U0ANA");
            }
        }
        assertThat(routes).as("every route but the document").hasSize(api().routes().size() - 1);
    }

    @Test
    void noKeyAWrongOneAndARevokedOneGet401AsProblems() throws Exception {
        for (String key : new String[]{null, "csk_AAAAAAAA_" + "B".repeat(40), revokedKey, acmeKey.substring(0, acmeKey.length() - 1) + (acmeKey.endsWith("0") ? "1" : "0"),
                "not a key at all"}) {
            HttpResponse<String> response = get("/api/v1/findings", key);
            assertThat(response.statusCode()).as(String.valueOf(key)).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"cloudsweep\"");
            assertThat(body(response).get("status").asInt()).isEqualTo(401);
            assertThat(response.body()).doesNotContain(acmeKey);
        }
    }

    @Test
    void badParametersGet400SayingWhatIsWrong() throws Exception {
        Map<String, String> cases = Map.of(
                "/api/v1/findings?limit=0", "not a page size from 1 to 200 (limit)",
                "/api/v1/findings?limit=abc", "not a page size",
                "/api/v1/findings?min_cost=-3", "not an amount in USD",
                "/api/v1/findings?status=gone", "'gone' is not a status: open,",
                "/api/v1/findings?region=mars", "'mars' is not a region",
                "/api/v1/findings?account=12", "'12' is not a 12-digit AWS account id",
                "/api/v1/findings?cursor=xyz", "'xyz' is not a cursor this API gave",
                "/api/v1/findings?sort=cost", "unknown parameter 'sort'",
                "/api/v1/findings?limit=1&limit=2", "'limit' is given 2 times",
                "/api/v1/findings/X-1", "'X-1' is not a finding id such as F-12");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            HttpResponse<String> response = get(bad.getKey(), acmeKey);
            assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(body(response).get("detail").asText()).as(bad.getKey()).contains(bad.getValue());
        }
    }

    @Test
    void aMemberKeyStartsAScanFollowsItToItsStoredResultAndTooManyScansGet429() throws Exception {
        HttpResponse<String> byViewer = post("/api/v1/scans", acmeKey, "");
        HttpResponse<String> badRegion = post("/api/v1/scans", memberKey, "{\"regions\": [\"mars-1\"]}");
        HttpResponse<String> notConnected = post("/api/v1/scans", memberKey, "{\"account\": \"210987654321\"}");
        HttpResponse<String> started = post("/api/v1/scans", memberKey, "{\"account\": \"" + DemoCloud.ACCOUNT.id() + "\", \"regions\": [\"ap-southeast-2\"]}");

        assertThat(byViewer.statusCode()).isEqualTo(403);
        assertThat(badRegion.statusCode()).isEqualTo(400);
        assertThat(body(badRegion).get("detail").asText()).contains("'mars-1' is not a region");
        assertThat(notConnected.statusCode()).isEqualTo(422);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode queued = body(started);
        String url = queued.get("url").asText();
        assertThat(started.headers().firstValue("Location")).hasValue(url);
        assertThat(queued.get("status").asText()).isIn("queued", "running", "completed");
        assertThat(queued.get("via").asText()).isEqualTo("apikey:ci");
        assertThat(queued.get("regions_asked")).extracting(JsonNode::asText).containsExactly("ap-southeast-2");
        JsonNode done = ServedJar.eventually(() -> {
            try {
                JsonNode scan = body(get(url, memberKey));
                return scan.get("status").asText().equals("queued") || scan.get("status").asText().equals("running") ? null : scan;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, java.time.Duration.ofSeconds(60), () -> "the scan did not end");
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("result").get("regions_total").asInt()).isEqualTo(1);
        assertThat(done.get("result").get("regions")).singleElement().satisfies(region -> assertThat(region.toString()).contains("ap-southeast-2"));
        assertThat(body(get("/api/v1/scans?limit=1", memberKey)).get("scans")).singleElement()
                .satisfies(scan -> assertThat(scan.get("id")).isEqualTo(queued.get("id")));
        assertThat(get(url, globexKey).statusCode()).isEqualTo(404);

        HttpResponse<String> refused = null;
        for (int i = 0; i < io.cloudsweep.bot.jobs.QueuedScans.DEFAULT_LIMIT.capacity() + 1 && refused == null; i++) {
            HttpResponse<String> again = post("/api/v1/scans", memberKey, "{\"regions\": [\"ap-southeast-2\"]}");
            assertThat(again.statusCode()).as(again.body()).isIn(202, 409, 429);
            refused = again.statusCode() == 429 ? again : null;
        }
        assertThat(refused).as("the organization's scans are limited").isNotNull();
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        assertThat(body(refused).get("detail").asText()).contains("as many scans as it may");
    }

    @Test
    void theOpenApiDocumentNamesEveryRouteAndEveryDocumentedRouteAnswers() throws Exception {
        HttpResponse<String> document = get("/api/v1/openapi.json", null);
        assertThat(document.statusCode()).isEqualTo(200);
        JsonNode openApi = body(document);
        assertThat(openApi.get("openapi").asText()).startsWith("3.");

        io.swagger.v3.parser.core.models.SwaggerParseResult parsed = new io.swagger.v3.parser.OpenAPIV3Parser()
                .readContents(document.body(), null, new io.swagger.v3.parser.core.models.ParseOptions());
        assertThat(parsed.getMessages()).as("what the OpenAPI parser finds wrong").isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();

        TreeSet<String> documented = new TreeSet<>();
        openApi.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        TreeSet<String> routed = new TreeSet<>();
        api().routes().forEach(route -> routed.add(route.method() + " " + route.path()));
        assertThat(documented).isEqualTo(routed);
        String finding = body(get("/api/v1/findings?limit=1", acmeKey)).get("findings").get(0).get("id").asText();
        for (String route : documented) {
            String path = route.substring(route.indexOf(' ') + 1)
                    .replace("{id}", route.contains("cleanups") ? "C-999999" : route.contains("scans") ? "-999999" : "F-999999");
            // a scan of an account that is not connected is refused before anything is queued
            int status = route.startsWith("GET") ? get(path, acmeKey).statusCode()
                    : post(path, memberKey, path.endsWith("/snooze") ? "{\"days\": 7}" : path.endsWith("/scans") ? "{\"account\": \"999999999999\"}" : "")
                    .statusCode();
            assertThat(status).as(route + " answers, here that there is no such object").isIn(200, 404, 422);
            assertThat(status == 404).isEqualTo(path.contains("-999999"));
        }
        assertThat(finding).startsWith("F-");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
