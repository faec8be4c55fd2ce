package io.cloudsweep.bot.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsweep.bot.report.JsonReport;
import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.ChatListener;
import io.cloudsweep.engine.chat.CommandInterpreter;
import io.cloudsweep.engine.chat.Reply;
import io.cloudsweep.engine.model.CleanupId;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.report.Savings;
import io.cloudsweep.engine.report.SavingsLedger;
import io.cloudsweep.engine.store.AccountSettings;
import io.cloudsweep.engine.store.ApiKeys;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.FindingFilter;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.engine.store.StoredFinding;
import io.cloudsweep.storage.AwsAccounts;
import io.cloudsweep.storage.CleanupHistory;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.IdempotencyKeys;
import io.cloudsweep.storage.PostgresApiKeys;
import io.cloudsweep.storage.PostgresAuditLog;
import io.cloudsweep.storage.PostgresReports;
import io.cloudsweep.storage.RateLimits;
import io.cloudsweep.storage.ScanHistory;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * The REST API for integrations, under {@code /api/v1}: every request carries {@code Authorization: Bearer <api key>},
 * answers in the JSON of {@code scan --format json}, and sees its key's organization alone; another organization's
 * finding is "not found", never "forbidden", so ids cannot be probed. Errors are {@code application/problem+json}
 * (RFC 9457). The routes are those of {@code /api/v1/openapi.json}, a test keeps them equal.
 */
public final class ApiV1 {

    /** The most findings one page holds, and how many it holds unless asked. */
    static final int MAX_PAGE = 200;
    static final int DEFAULT_PAGE = 50;
    /** The most audit entries one answer holds. */
    static final int MAX_AUDIT = 500;
    /** The most scans one page holds. */
    static final int MAX_SCANS = 100;
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern RULE = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern SCAN_ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** The most regions a scan started through the API may name. */
    static final int MAX_SCAN_REGIONS = 40;
    private static final Set<String> FINDINGS_PARAMETERS = Set.of("account", "region", "rule", "status", "min_cost", "limit", "cursor");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpString WWW_AUTHENTICATE = new HttpString("WWW-Authenticate");
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");
    private static final HttpString IDEMPOTENCY_KEY = new HttpString("Idempotency-Key");
    private static final HttpString REPLAYED = new HttpString("Idempotent-Replayed");

    /** The largest body a decision takes. */
    static final int MAX_BODY = 4096;

    /**
     * How many requests a key, and an organization's keys together, may make: a burst of {@code capacity}, refilled at
     * {@code perSecond}, in buckets every replica shares.
     */
    public record Limits(RateLimits.Limit perKey, RateLimits.Limit perOrganization) {
        public static Limits defaults() {
            return new Limits(new RateLimits.Limit(20, 5), new RateLimits.Limit(60, 15));
        }
    }

    /** What the API reads and writes: the keys, the findings, the rate buckets and the answers kept for idempotency keys. */
    public record Stores(ApiKeys keys, FindingQueries findings, RateLimits buckets, IdempotencyKeys answers, AccountSettings accounts,
                         AuditLog audit, SavingsLedger ledger, ScanHistory scans, CleanupHistory cleanups) {

        /** The stores in {@code database}, the findings as the running CloudSweep reads them. */
        public static Stores in(Database database, FindingQueries findings, Clock clock) {
            return new Stores(new PostgresApiKeys(database), findings, new RateLimits(database), new IdempotencyKeys(database),
                    new AwsAccounts(database, clock), new PostgresAuditLog(database), new PostgresReports(database), new ScanHistory(database),
                    new CleanupHistory(database));
        }
    }

    private final ApiKeys keys;
    private final FindingQueries findings;
    private final RateLimits buckets;
    private final IdempotencyKeys answers;
    private final AccountSettings accounts;
    private final AuditLog audit;
    private final SavingsLedger ledger;
    private final ScanHistory scans;
    private final CleanupHistory cleanups;
    private final Limits limits;
    private final CommandInterpreter interpreter;
    private final ChatListener chats;
    private final LongFunction<Organization> organizations;
    private final Clock clock;
    private final String openApi;

    /**
     * @param interpreter   decides on findings and queues scans as the chats do
     * @param chats         shows a decided finding's card again wherever a chat posted it
     * @param organizations an organization by id
     */
    public ApiV1(Stores stores, Limits limits, CommandInterpreter interpreter, ChatListener chats, LongFunction<Organization> organizations,
                 Clock clock) {
        this.keys = stores.keys();
        this.findings = stores.findings();
        this.buckets = stores.buckets();
        this.answers = stores.answers();
        this.accounts = stores.accounts();
        this.audit = stores.audit();
        this.ledger = stores.ledger();
        this.scans = stores.scans();
        this.cleanups = stores.cleanups();
        this.limits = limits;
        this.interpreter = interpreter;
        this.chats = chats;
        this.organizations = organizations;
        this.clock = clock;
        this.openApi = resource("/api/openapi.json");
    }

    /** The routes, for the server. */
    public List<BotServer.Route> routes() {
        return List.of(
                BotServer.Route.get("/api/v1/openapi.json", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
                    exchange.getResponseSender().send(openApi, StandardCharsets.UTF_8);
                }),
                BotServer.Route.get("/api/v1/findings", authenticated(this::findings)),
                BotServer.Route.get("/api/v1/findings/{id}", authenticated(this::finding)),
                BotServer.Route.get("/api/v1/accounts", authenticated(this::accounts)),
                BotServer.Route.get("/api/v1/scans", authenticated(this::scans)),
                BotServer.Route.post("/api/v1/scans", authenticated((exchange, holder) -> posted(exchange, holder, body -> startScan(holder, body)))),
                BotServer.Route.get("/api/v1/scans/{id}", authenticated(this::scan)),
                BotServer.Route.get("/api/v1/cleanups/{id}", authenticated(this::cleanup)),
                BotServer.Route.get("/api/v1/savings", authenticated(this::savings)),
                BotServer.Route.get("/api/v1/audit", authenticated(this::audit)),
                BotServer.Route.post("/api/v1/findings/{id}/approve", decision("approve")),
                BotServer.Route.post("/api/v1/findings/{id}/snooze", decision("snooze")),
                BotServer.Route.post("/api/v1/findings/{id}/reject", decision("reject")),
                BotServer.Route.post("/api/v1/cleanups/{id}/undo", decision("undo")));
    }

    private HttpHandler decision(String decision) {
        return authenticated((exchange, holder) -> {
            String id = exchange.getQueryParameters().get("id").getFirst();
            posted(exchange, holder, body -> decide(holder, decision, id, body));
        });
    }

    /** A problem the client caused or asked about, answered as {@code application/problem+json}. */
    static final class Problem extends RuntimeException {
        final int status;
        final String title;
        /** For a 429: when to try again. */
        final Optional<java.time.Duration> retryAfter;

        Problem(int status, String title, String detail) {
            this(status, title, detail, Optional.empty());
        }

        private Problem(int status, String title, String detail, Optional<java.time.Duration> retryAfter) {
            super(detail, null, false, false);
            this.status = status;
            this.title = title;
            this.retryAfter = retryAfter;
        }

        static Problem tooMany(java.time.Duration retryAfter, String detail) {
            return new Problem(429, "Too Many Requests", detail, Optional.of(retryAfter));
        }

        /** Whole seconds to wait, at least one. */
        static long seconds(java.time.Duration wait) {
            return Math.max(1, (wait.toMillis() + 999) / 1000);
        }

        static Problem badRequest(String detail) {
            return new Problem(400, "Bad Request", detail);
        }

        static Problem notFound(String detail) {
            return new Problem(404, "Not Found", detail);
        }
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpServerExchange exchange, ApiKeys.Holder holder);
    }

    /** Runs {@code handler} off the I/O thread for a request with a live key, else answers 401. */
    private HttpHandler authenticated(Handler handler) {
        return new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                try {
                    String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
                    Optional<ApiKeys.Holder> holder = authorization != null && authorization.startsWith("Bearer ")
                            ? keys.authenticate(authorization.substring("Bearer ".length()).trim(), clock.instant()) : Optional.empty();
                    if (holder.isEmpty()) {
                        exchange.getResponseHeaders().put(WWW_AUTHENTICATE, "Bearer realm=\"cloudsweep\"");
                        throw new Problem(401, "Unauthorized", authorization == null
                                ? "send an API key as Authorization: Bearer <key> (`apikey create` in the chat makes one)"
                                : "the API key is not valid: it may have been revoked, or mistyped");
                    }
                    limit("key:" + holder.get().prefix(), limits.perKey());
                    limit("organization:" + holder.get().organizationId(), limits.perOrganization());
                    handler.handle(exchange, holder.get());
                } catch (Problem problem) {
                    problem(exchange, problem);
                }
            }
        };
    }

    /** The organization's connected accounts: ids, names, roles, whether cleanups are on, missing permissions, last scan. */
    private void accounts(HttpServerExchange exchange, ApiKeys.Holder holder) {
        noParameters(exchange);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("accounts");
        for (AccountSettings.ConnectedAccount account : accounts.accounts(holder.organizationId())) {
            ObjectNode node = list.addObject();
            node.put("account_id", account.accountId());
            node.put("name", account.name());
            node.put("role_arn", account.roleArn().orElse(null));
            node.put("cleanups_enabled", account.cleanupsEnabled());
            ArrayNode missing = node.putArray("missing_permissions");
            account.missingPermissions().forEach(missing::add);
            account.lastScan().ifPresent(scan -> {
                ObjectNode last = node.putObject("last_scan");
                last.put("id", scan.scanId());
                last.put("at", scan.at().toString());
                last.put("status", scan.status());
                scan.error().ifPresent(error -> last.put("error", error));
            });
        }
        json(exchange, 200, body);
    }

    /** The organization's stored scans, newest first, a page at a time. */
    private void scans(HttpServerExchange exchange, ApiKeys.Holder holder) {
        Map<String, Deque<String>> query = exchange.getQueryParameters();
        for (String name : query.keySet()) {
            if (!name.equals("limit") && !name.equals("cursor")) {
                throw Problem.badRequest("unknown parameter '" + shortened(name) + "'; the parameters are cursor, limit");
            }
        }
        int limit = parameter(query, "limit").map(value -> bounded(value, MAX_SCANS, "limit")).orElse(20);
        long before = parameter(query, "cursor").map(ApiV1::cursor).orElse(Long.MAX_VALUE);
        json(exchange, 200, page("scans", scans.page(holder.organizationId(), before, limit + 1), limit, ApiV1::scan, ScanHistory.Scan::id));
    }

    private void scan(HttpServerExchange exchange, ApiKeys.Holder holder) {
        String id = exchange.getQueryParameters().get("id").getFirst();
        long scanId;
        try {
            scanId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw Problem.badRequest("'" + shortened(id) + "' is not a scan id such as 12");
        }
        json(exchange, 200, scan(scans.find(holder.organizationId(), scanId).orElseThrow(() -> Problem.notFound("there is no scan " + id))));
    }

    /** A scan as it was asked for and stands now, with its stored result once it has one, and the URL that follows it. */
    private static ObjectNode scan(ScanHistory.Scan scan) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", scan.id());
        node.put("url", "/api/v1/scans/" + scan.id());
        node.put("status", scan.status());
        node.put("started_by", scan.startedBy());
        node.put("via", scan.via().orElse(null));
        node.put("account", scan.account().orElse(null));
        ArrayNode regions = node.putArray("regions_asked");
        scan.regions().forEach(regions::add);
        node.put("attempts", scan.attempts());
        node.put("progress", scan.progress().orElse(null));
        node.put("outcome", scan.outcome().orElse(null));
        node.put("queued_at", scan.queuedAt().toInstant().toString());
        node.put("finished_at", scan.finishedAt().map(at -> at.toInstant().toString()).orElse(null));
        scan.result().ifPresentOrElse(result -> {
            ObjectNode stored = node.putObject("result");
            stored.put("id", result.id());
            stored.put("status", result.status());
            stored.put("started_at", result.startedAt().toInstant().toString());
            stored.put("finished_at", result.finishedAt() == null ? null : result.finishedAt().toInstant().toString());
            stored.put("regions_total", result.regionsTotal());
            stored.put("regions_done", result.regionsDone());
            stored.put("resources_scanned", result.resourcesSeen());
            stored.put("findings", result.findingsCount());
            stored.put("monthly_cost_usd", result.monthlyCostUsd());
            stored.put("unknown_cost_findings", result.unknownCostCount());
            stored.set("regions", stored(result.regionResults(), "scan " + scan.id()));
        }, () -> node.putNull("result"));
        return node;
    }

    /** JSON the database keeps (a scan's regions, a cleanup's steps). */
    private static JsonNode stored(String json, String of) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(of + " has stored JSON that does not parse", e);
        }
    }

    /** A cleanup with every step it took: what state, by whom, when, and what it said. */
    private void cleanup(HttpServerExchange exchange, ApiKeys.Holder holder) {
        String id = exchange.getQueryParameters().get("id").getFirst();
        long cleanupId = CleanupId.parse(id).map(CleanupId::value)
                .orElseThrow(() -> Problem.badRequest("'" + shortened(id) + "' is not a cleanup id such as C-3"));
        CleanupHistory.Cleanup cleanup = cleanups.find(holder.organizationId(), cleanupId)
                .orElseThrow(() -> Problem.notFound("there is no cleanup " + id));
        ObjectNode node = JSON.createObjectNode();
        node.put("id", CleanupId.of(cleanup.id()).toString());
        node.put("finding", FindingId.of(cleanup.findingId()).toString());
        node.put("state", cleanup.state());
        node.put("dry_run", cleanup.dryRun());
        node.put("backup_id", cleanup.backupId());
        node.put("error", cleanup.error());
        node.put("created_at", cleanup.createdAt().toInstant().toString());
        node.put("done_at", cleanup.doneAt() == null ? null : cleanup.doneAt().toInstant().toString());
        node.put("undone_at", cleanup.undoneAt() == null ? null : cleanup.undoneAt().toInstant().toString());
        node.put("monthly_saving_usd", cleanup.monthlySavingUsd());
        node.set("steps", stored(cleanup.steps(), "cleanup " + id));
        json(exchange, 200, node);
    }

    /** Realised savings, as {@code savings} in the chat counts them (weeks and months in UTC). */
    private void savings(HttpServerExchange exchange, ApiKeys.Holder holder) {
        noParameters(exchange);
        Savings.Totals totals = Savings.totals(ledger.realised(holder.organizationId()), clock.instant(), java.time.ZoneOffset.UTC);
        ObjectNode body = JSON.createObjectNode();
        body.put("this_week_usd", totals.thisWeek().amount());
        body.put("week_from", totals.weekFrom().toString());
        body.put("this_month_usd", totals.thisMonth().amount());
        body.put("month_from", totals.monthFrom().toString());
        body.put("total_usd", totals.total().amount());
        body.put("run_rate_monthly_usd", totals.runRate().amount());
        body.put("projected_year_usd", totals.projectedYear().amount());
        body.put("cleanups_saving", totals.saving());
        body.put("cleanups_undone", totals.undone());
        body.put("cleanups_unpriced", totals.unpriced());
        json(exchange, 200, body);
    }

    /**
     * The organization's audit entries, a page at a time from the latest (newest last; the cursor pages back to older
     * ones), and whether the whole chain verifies.
     */
    private void audit(HttpServerExchange exchange, ApiKeys.Holder holder) {
        Map<String, Deque<String>> query = exchange.getQueryParameters();
        for (String name : query.keySet()) {
            if (!name.equals("limit") && !name.equals("cursor")) {
                throw Problem.badRequest("unknown parameter '" + shortened(name) + "'; the parameters are cursor, limit");
            }
        }
        int count = parameter(query, "limit").map(value -> bounded(value, MAX_AUDIT, "limit")).orElse(100);
        long before = parameter(query, "cursor").map(ApiV1::cursor).orElse(Long.MAX_VALUE);
        List<AuditLog.Entry> fetched = audit.before(holder.organizationId(), before, count + 1);
        List<AuditLog.Entry> page = fetched.subList(Math.max(0, fetched.size() - count), fetched.size());
        ObjectNode body = JSON.createObjectNode();
        body.put("next_cursor", fetched.size() > count ? cursorOf(page.get(0).id()) : null);
        ArrayNode entries = body.putArray("entries");
        for (AuditLog.Entry entry : page) {
            ObjectNode node = entries.addObject();
            node.put("id", entry.id());
            node.put("at", entry.at().toString());
            node.put("actor", entry.actor());
            node.put("action", entry.action());
            node.put("subject", entry.subject());
            ObjectNode details = node.putObject("details");
            entry.details().forEach(details::put);
        }
        ObjectNode chain = body.putObject("chain");
        Optional<AuditLog.Break> broken = audit.verify();
        chain.put("verified", broken.isEmpty());
        broken.ifPresent(at -> {
            chain.put("broken_at_entry", at.entryId());
            chain.put("problem", at.problem());
        });
        json(exchange, 200, body);
    }

    private static void noParameters(HttpServerExchange exchange) {
        if (!exchange.getQueryParameters().isEmpty()) {
            throw Problem.badRequest("this route takes no parameters");
        }
    }

    /** Takes a token from {@code bucket}, or answers 429 with when to try again. */
    private void limit(String bucket, RateLimits.Limit limit) {
        Optional<java.time.Duration> wait = buckets.take(bucket, limit);
        if (wait.isPresent()) {
            throw Problem.tooMany(wait.get(), "over " + limit.capacity() + " requests at once or " + limit.perSecond() + " a second "
                    + (bucket.startsWith("key:") ? "for this key" : "for this organization's keys") + "; try again in "
                    + Problem.seconds(wait.get()) + " s");
        }
    }

    private void findings(HttpServerExchange exchange, ApiKeys.Holder holder) {
        Map<String, Deque<String>> query = exchange.getQueryParameters();
        for (String name : query.keySet()) {
            if (!FINDINGS_PARAMETERS.contains(name)) {
                throw Problem.badRequest("unknown parameter '" + shortened(name) + "'; the parameters are " + String.join(", ",
                        FINDINGS_PARAMETERS.stream().sorted().toList()));
            }
        }
        FindingFilter filter = new FindingFilter(
                parameter(query, "account").map(account -> checked(account, ACCOUNT, "account", "a 12-digit AWS account id")),
                parameter(query, "region").map(ApiV1::region),
                parameter(query, "rule").map(rule -> checked(rule, RULE, "rule", "a rule id such as ebs-unattached")),
                parameter(query, "status").map(ApiV1::status),
                parameter(query, "min_cost").map(ApiV1::amount).orElse(BigDecimal.ZERO));
        int limit = parameter(query, "limit").map(ApiV1::limit).orElse(DEFAULT_PAGE);
        long after = parameter(query, "cursor").map(ApiV1::cursor).orElse(0L);
        json(exchange, 200, page("findings", findings.page(holder.organizationId(), filter, after, limit + 1), limit, ApiV1::finding,
                StoredFinding::id));
    }

    /**
     * A page: the first {@code limit} of {@code fetched} (which holds one more when there is a next page) under {@code field},
     * and the cursor to the next page, or null on the last.
     */
    private static <T> ObjectNode page(String field, List<T> fetched, int limit, java.util.function.Function<T, ObjectNode> json,
                                       java.util.function.ToLongFunction<T> id) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray(field);
        fetched.stream().limit(limit).forEach(item -> list.add(json.apply(item)));
        body.put("next_cursor", fetched.size() > limit ? cursorOf(id.applyAsLong(fetched.get(limit - 1))) : null);
        return body;
    }

    private void finding(HttpServerExchange exchange, ApiKeys.Holder holder) {
        String id = exchange.getQueryParameters().get("id").getFirst();
        long findingId = FindingId.parse(id).map(FindingId::value)
                .orElseThrow(() -> Problem.badRequest("'" + shortened(id) + "' is not a finding id such as F-12"));
        StoredFinding stored = findings.find(holder.organizationId(), findingId)
                .orElseThrow(() -> Problem.notFound("there is no finding " + id));
        ObjectNode body = finding(stored);
        ArrayNode decisions = body.putArray("decisions");
        stored.decisions().forEach(decision -> {
            ObjectNode node = decisions.addObject();
            node.put("by", decision.userId());
            node.put("decision", decision.decision());
            node.put("at", decision.at().toString());
            decision.reason().ifPresent(reason -> node.put("reason", reason));
        });
        stored.cleanup().ifPresent(cleanup -> {
            ObjectNode node = body.putObject("cleanup");
            node.put("id", cleanup.cleanupId().toString());
            node.put("state", cleanup.state().id());
            node.put("dry_run", cleanup.dryRun());
        });
        json(exchange, 200, body);
    }

    /** What a {@code POST} answers: its status and body, kept for its idempotency key. */
    private record Answer(int status, ObjectNode body) {
    }

    /**
     * A {@code POST}: its body read (capped) and parsed, then {@code action} run on it, unless the same
     * {@code Idempotency-Key} came before with the same request, whose first answer is given again. An answer with a
     * {@code url} (a scan started) points {@code Location} at it.
     */
    private void posted(HttpServerExchange exchange, ApiKeys.Holder holder, java.util.function.Function<JsonNode, Answer> action) {
        String text = bodyText(exchange);
        Optional<String> idempotency = idempotencyKey(exchange);
        // the SHA-256 of the request tells a retry from another request sent with the same key
        String request = exchange.getRequestMethod() + " " + exchange.getRequestPath() + " " + ApiKeys.hash(text);
        if (idempotency.isPresent()) {
            Optional<IdempotencyKeys.Answer> earlier = answers.find(holder.organizationId(), idempotency.get());
            if (earlier.isPresent()) {
                if (!earlier.get().request().equals(request)) {
                    throw new Problem(422, "Unprocessable Content", "this Idempotency-Key was sent with another request in the last day;"
                            + " use a new key for a new request");
                }
                exchange.getResponseHeaders().put(REPLAYED, "true");
                locate(exchange, parsed(earlier.get().body()));
                send(exchange, earlier.get().status(), "application/json; charset=utf-8", earlier.get().body());
                return;
            }
        }
        Answer answer = action.apply(parsed(text));
        idempotency.ifPresent(key -> answers.remember(holder.organizationId(), key, request, answer.status(), answer.body().toString()));
        locate(exchange, answer.body());
        json(exchange, answer.status(), answer.body());
    }

    private static void locate(HttpServerExchange exchange, JsonNode body) {
        if (body.path("url").isTextual()) {
            exchange.getResponseHeaders().put(Headers.LOCATION, body.get("url").asText());
        }
    }

    /**
     * Approve, snooze or reject a finding, or undo a cleanup: the same decision as the buttons, as the key's creator with
     * the key's role (so a high-risk finding still needs a second, different admin), audited as made through the key; the
     * finding's card is shown again wherever a chat posted it.
     */
    private Answer decide(ApiKeys.Holder holder, String decision, String id, JsonNode body) {
        boolean undo = decision.equals("undo");
        Optional<CleanupId> cleanupId = undo ? CleanupId.parse(id) : Optional.empty();
        Optional<FindingId> asFinding = undo ? Optional.empty() : FindingId.parse(id);
        if (cleanupId.isEmpty() && asFinding.isEmpty()) {
            throw Problem.badRequest("'" + shortened(id) + "' is not " + (undo ? "a cleanup id such as C-3" : "a finding id such as F-12"));
        }
        if (holder.role() == Role.VIEWER) {
            // before anything is looked up: a viewer's press on a decided card is told "already", a viewer's key is refused
            throw new Problem(403, "Forbidden", "viewer keys cannot approve, snooze, reject or undo; an admin can make a member key");
        }
        ChatCommand command = switch (decision) {
            case "undo" -> {
                fieldsOnly(body, Set.of());
                yield new ChatCommand.Undo(cleanupId.orElseThrow());
            }
            case "approve" -> {
                fieldsOnly(body, Set.of());
                yield new ChatCommand.Approve(asFinding.orElseThrow());
            }
            case "snooze" -> {
                fieldsOnly(body, Set.of("days"));
                JsonNode days = body.get("days");
                if (days == null || !days.canConvertToInt() || !ChatCommand.Snooze.DAYS.contains(days.asInt())) {
                    throw Problem.badRequest("a snooze needs {\"days\": 7, 30 or 90}");
                }
                yield new ChatCommand.Snooze(asFinding.orElseThrow(), days.asInt());
            }
            default -> {
                fieldsOnly(body, Set.of("reason"));
                JsonNode reason = body.get("reason");
                if (reason != null && !reason.isTextual()) {
                    throw Problem.badRequest("a reason is a string");
                }
                yield new ChatCommand.Reject(asFinding.orElseThrow(), Optional.ofNullable(reason).map(JsonNode::asText));
            }
        };
        Reply reply = interpreter.run(request(holder, command));
        if (!(reply instanceof Reply.Decided decided)) {
            throw Problem.notFound("there is no " + (undo ? "cleanup " : "finding ") + id);
        }
        Reply.Outcome outcome = decided.outcomes().get(0);
        if (outcome.refused()) {
            throw new Problem(409, "Conflict", outcome.message());
        }
        chats.show(outcome.card());
        ObjectNode answer = JSON.createObjectNode();
        answer.put("result", switch (outcome.result()) {
            case DONE -> "done";
            case AWAITING -> "awaiting_second_admin";
            default -> "already";
        });
        answer.put("message", outcome.message());
        findings.find(holder.organizationId(), outcome.finding().value()).ifPresent(stored -> answer.set("finding", finding(stored)));
        return new Answer(outcome.result() == Reply.Result.AWAITING ? 202 : 200, answer);
    }

    /** A command of the key's creator, with the key's role, attributed to the key; nothing in it waits for a chat. */
    private CommandInterpreter.Request request(ApiKeys.Holder holder, ChatCommand command) {
        Actor actor = new Actor(holder.createdBy(), holder.role(), Optional.of("apikey:" + holder.name()));
        return new CommandInterpreter.Request(organizations.apply(holder.organizationId()), actor, command, ChatListener.NONE,
                mention -> Optional.empty(), "");
    }

    /**
     * Queues a scan of one connected account (by id or name) or all, in the regions given or every enabled one, as the
     * chat's {@code scan} does, and answers at once (202) with the scan and the URL that follows it; it runs on whichever
     * replica takes it and posts nowhere.
     */
    private Answer startScan(ApiKeys.Holder holder, JsonNode body) {
        fieldsOnly(body, Set.of("account", "regions"));
        Optional<String> account = Optional.ofNullable(body.get("account")).map(node -> {
            if (!node.isTextual() || !SCAN_ACCOUNT.matcher(node.asText()).matches()) {
                throw Problem.badRequest("an account is a connected account's 12-digit id or its name (account)");
            }
            return node.asText();
        });
        List<Region> regions = new java.util.ArrayList<>();
        JsonNode given = body.get("regions");
        if (given != null) {
            if (!given.isArray() || given.size() > MAX_SCAN_REGIONS) {
                throw Problem.badRequest("regions is a list of up to " + MAX_SCAN_REGIONS + " region codes such as [\"eu-west-1\"]");
            }
            for (JsonNode region : given) {
                regions.add(Region.of(region(region.isTextual() ? region.asText() : region.toString())));
            }
        }
        if (holder.role() == Role.VIEWER) {
            throw new Problem(403, "Forbidden", "viewer keys cannot start scans; an admin can make a member key");
        }
        if (account.isPresent() && accounts.accounts(holder.organizationId()).stream().noneMatch(connected -> connected.isCalled(account.get()))) {
            throw new Problem(422, "Unprocessable Content", "no account '" + shortened(account.get()) + "' is connected; GET /api/v1/accounts lists them");
        }
        Reply reply = interpreter.queueScan(request(holder, new ChatCommand.Scan(account, regions)), "", false);
        if (reply instanceof Reply.Throttled throttled) {
            throw Problem.tooMany(throttled.retryAfter(), throttled.text());
        }
        if (!(reply instanceof Reply.Queued queued)) {
            throw new Problem(409, "Conflict", reply instanceof Reply.Private refused ? refused.text() : "the scan was not started");
        }
        ScanHistory.Scan scan = scans.find(holder.organizationId(), queued.scan().id()).orElseThrow();
        return new Answer(202, scan(scan));
    }

    /** The {@code Idempotency-Key} header, when sent: 1 to 255 visible characters. */
    private static Optional<String> idempotencyKey(HttpServerExchange exchange) {
        String key = exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY);
        if (key == null) {
            return Optional.empty();
        }
        if (!key.matches("[\\x21-\\x7E]{1,255}")) {
            throw Problem.badRequest("an Idempotency-Key is 1 to 255 visible ASCII characters, such as a UUID");
        }
        return Optional.of(key);
    }

    private static String bodyText(HttpServerExchange exchange) {
        try {
            return Bodies.read(exchange, MAX_BODY);
        } catch (IOException e) {
            throw Problem.badRequest("the body is over " + MAX_BODY + " bytes, or could not be read");
        }
    }

    /** The request's JSON body: an object, or none at all. */
    private static JsonNode parsed(String text) {
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw Problem.badRequest("the body is a JSON object, or nothing");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Problem.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static void fieldsOnly(JsonNode body, Set<String> allowed) {
        body.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw Problem.badRequest("unknown field '" + shortened(name) + "'" + (allowed.isEmpty() ? "; this takes no body"
                        : "; the fields are " + String.join(", ", allowed)));
            }
        });
    }

    /** A stored finding: its id and status, then the finding as {@code scan --format json} shows it. */
    private static ObjectNode finding(StoredFinding stored) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", FindingId.of(stored.id()).toString());
        node.put("status", stored.status().id());
        node.put("first_seen", stored.firstSeen().toString());
        node.setAll(JsonReport.finding(stored.finding()));
        return node;
    }

    private static Optional<String> parameter(Map<String, Deque<String>> query, String name) {
        Deque<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw Problem.badRequest("'" + name + "' is given " + values.size() + " times; give it once");
        }
        return Optional.of(values.getFirst().trim());
    }

    private static String checked(String value, Pattern pattern, String name, String what) {
        if (!pattern.matcher(value).matches()) {
            throw Problem.badRequest("'" + shortened(value) + "' is not " + what + " (" + name + ")");
        }
        return value;
    }

    private static String region(String value) {
        try {
            return Region.of(value).code();
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("'" + shortened(value) + "' is not a region such as eu-west-1 (region)");
        }
    }

    private static StoredFinding.Status status(String value) {
        try {
            return StoredFinding.Status.fromId(value);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("'" + shortened(value) + "' is not a status: " + String.join(", ",
                    java.util.Arrays.stream(StoredFinding.Status.values()).map(StoredFinding.Status::id).toList()));
        }
    }

    private static BigDecimal amount(String value) {
        try {
            BigDecimal amount = new BigDecimal(value);
            if (amount.signum() < 0 || amount.compareTo(new BigDecimal("1000000000")) > 0) {
                throw new NumberFormatException();
            }
            return amount;
        } catch (NumberFormatException e) {
            throw Problem.badRequest("'" + shortened(value) + "' is not an amount in USD such as 25 or 12.50 (min_cost)");
        }
    }

    private static int limit(String value) {
        return bounded(value, MAX_PAGE, "limit");
    }

    private static int bounded(String value, int max, String name) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw Problem.badRequest("'" + shortened(value) + "' is not a page size from 1 to " + max + " (" + name + ")");
    }

    /**
     * A cursor names the last item of the page before (a finding, or the oldest scan or audit entry shown); it is opaque
     * to clients, who pass back what they were given.
     */
    static String cursorOf(long findingId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("after:" + findingId).getBytes(StandardCharsets.UTF_8));
    }

    private static long cursor(String value) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            if (decoded.startsWith("after:")) {
                long id = Long.parseLong(decoded.substring("after:".length()));
                if (id >= 0) {
                    return id;
                }
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw Problem.badRequest("'" + shortened(value) + "' is not a cursor this API gave (cursor)");
    }

    private static String shortened(String value) {
        return value.length() <= 40 ? value : value.substring(0, 39) + "…";
    }

    private static void json(HttpServerExchange exchange, int status, ObjectNode body) {
        send(exchange, status, "application/json; charset=utf-8", body.toString());
    }

    private static void send(HttpServerExchange exchange, int status, String type, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
    }

    private static void problem(HttpServerExchange exchange, Problem problem) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", problem.title);
        body.put("status", problem.status);
        body.put("detail", problem.getMessage());
        problem.retryAfter.ifPresent(wait -> exchange.getResponseHeaders().put(RETRY_AFTER, String.valueOf(Problem.seconds(wait))));
        exchange.setStatusCode(problem.status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/problem+json");
        exchange.getResponseSender().send(body.toString(), StandardCharsets.UTF_8);
    }

    private static String resource(String name) {
        try (InputStream in = ApiV1.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
