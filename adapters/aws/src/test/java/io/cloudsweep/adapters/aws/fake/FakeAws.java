package io.cloudsweep.adapters.aws.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.scan.CloudInventory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback AWS that speaks the wire protocols the SDK uses: the EC2 query protocol and the AWS query
 * protocol with XML answers for EC2, RDS, Elastic Load Balancing (both versions), CloudWatch and STS, and S3's REST
 * calls the audit export makes (see {@link #bucket}). Its
 * resources and metrics come from a {@link CloudInventory} (the demo account, or a generated one for the
 * benchmark), served the way AWS would: paged by {@code MaxResults}/{@code NextToken} or
 * {@code MaxRecords}/{@code Marker}, own snapshots and images only, target health per target group.
 *
 * <p>Tests can add latency, make a region or one action fail (access denied, 5xx), turn on AWS's
 * token-bucket rate limits, require an ExternalId for a role, and read how many calls of each action it
 * answered. The region and service of each call come from its SigV4 credential scope, as in AWS.
 */
public final class FakeAws implements AutoCloseable {

    static {
        // Answer without Nagle's delay, as real servers do, unless told otherwise (the tests' argLine says so too, for a
        // JVM whose first HttpServer is another's): otherwise a response's body waits for the client's delayed ACK of its headers.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    static final String MIRROR_KEY_PREFIX = "ASIAFAKE";
    private static final Pattern MIRROR_KEY = Pattern.compile(MIRROR_KEY_PREFIX + "(\\d{12})");
    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=([^/]+)/\\d{8}/([^/]+)/([^/]+)/aws4_request");

    final CloudInventory source;
    final Account account;
    final Instant now;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-aws");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> succeeded = new ConcurrentHashMap<>();
    private final List<Hold> holds = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final Map<String, Buckets.Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, String> externalIds = new ConcurrentHashMap<>();
    private final Map<String, Boolean> accessKeysSeen = new ConcurrentHashMap<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicLong latencyMillis = new AtomicLong();
    private volatile boolean rateLimits;
    private volatile boolean mirrorsAccounts;
    /** Shares of calls failed at random (throttled, then 500), drawn from a seeded random; none unless set. */
    private volatile double chaosThrottled;
    private volatile double chaosServerErrors;
    private volatile java.util.Random chaos = new java.util.Random(0);
    private final AtomicInteger injected = new AtomicInteger();
    /** A share of calls answered only after {@link #stall}, drawn from {@link #chaos} as well; none unless set. */
    private volatile double stalled;
    private volatile Duration stall = Duration.ZERO;
    private final AtomicInteger stalls = new AtomicInteger();
    private final Set<String> emptied = ConcurrentHashMap.newKeySet();
    private final Pricing pricing = new Pricing();
    private final CostExplorer costExplorer = new CostExplorer();
    private final S3 s3 = new S3();
    volatile int metricResultsPerPage = Integer.MAX_VALUE;
    final Changes changes = new Changes();
    /** Where AttachVolume put each volume, by volume id. */
    final Map<String, String> attachedDevices = new ConcurrentHashMap<>();
    /** Databases deleted with a final snapshot, by the snapshot's identifier, to restore from. */
    final Map<String, RdsInstance> deletedDatabases = new ConcurrentHashMap<>();

    private FakeAws(CloudInventory source, Account account, Instant now) throws IOException {
        this.source = source;
        this.account = account;
        this.now = now;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** Serves {@code source}'s {@code account}, whose metrics end the day of {@code now}. */
    public static FakeAws start(CloudInventory source, Account account, Instant now) throws IOException {
        return new FakeAws(source, account, now);
    }

    /** The region's resources as they stand now: the source's, changed by the cleanup calls answered so far. */
    public List<Resource> live(Region region) {
        if (emptied.contains(region.code())) {
            return List.of();
        }
        return changes.apply(region.code(), source.describe(account, region).resources());
    }

    /**
     * A share of all calls fails at random, as AWS under load: {@code throttled} of them with the service's throttling
     * error (EC2's RequestLimitExceeded 503, the query services' Throttling 400), {@code serverErrors} with a 500;
     * the draws come from {@code seed}, so a run can be repeated.
     */
    public FakeAws chaos(double throttled, double serverErrors, long seed) {
        chaos = new java.util.Random(seed);
        chaosThrottled = throttled;
        chaosServerErrors = serverErrors;
        return this;
    }

    /**
     * A share of all calls is answered only after {@code stall}, as an AWS endpoint that hangs: a client with a shorter
     * attempt timeout abandons them and tries again. The draws come from the seed {@link #chaos} was given.
     */
    public FakeAws stalls(double share, Duration stall) {
        this.stall = stall;
        this.stalled = share;
        return this;
    }

    /** How many calls {@link #stalls} held back. */
    public int stalled() {
        return stalls.get();
    }

    /** How many calls {@link #chaos} failed. */
    public int injected() {
        return injected.get();
    }

    /** Every list in {@code region} comes back empty (or whole again), as an outage or a role that sees nothing might answer. */
    public FakeAws emptied(String region, boolean empty) {
        if (empty) {
            emptied.add(region);
        } else {
            emptied.remove(region);
        }
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every answer waits this long first, like a real network. */
    public FakeAws latency(Duration latency) {
        latencyMillis.set(latency.toMillis());
        return this;
    }

    /** AWS's request-rate buckets, per region and action: EC2 Describe* 100 burst, 20/s; EC2's other actions 200 burst, 5/s; GetMetricData 50/s. */
    public FakeAws rateLimits(boolean on) {
        rateLimits = on;
        return this;
    }

    /**
     * Every account reached through {@code sts:AssumeRole} sees this world as its own: the role's session key names its
     * account, which STS, the owner ids and the rate buckets then answer for. The world is shared, so mirrors are for
     * reading (many accounts in a scale benchmark), not for cleanups.
     */
    public FakeAws mirrorAccounts(boolean on) {
        mirrorsAccounts = on;
        return this;
    }

    boolean mirrorsAccounts() {
        return mirrorsAccounts;
    }

    /** The account a request's access key belongs to: a mirror's session key names it; every other key is the world's. */
    private Account callerOf(String accessKeyId) {
        Matcher mirror = MIRROR_KEY.matcher(accessKeyId);
        return mirror.matches() ? new Account(mirror.group(1), "mirror") : account;
    }

    /** Every call of {@code action} in every region is denied, as by a role whose policy leaves it out. */
    public FakeAws deny(String action) {
        for (Region region : source.enabledRegions(account)) {
            fail(region.code(), action, 403, action.startsWith("ec2:") ? "UnauthorizedOperation" : "AccessDenied");
        }
        return this;
    }

    /** Calls of {@code action} succeed again in every region, as once the role's policy grants it. */
    public FakeAws allow(String action) {
        failures.keySet().removeIf(key -> key.endsWith("|" + action));
        return this;
    }

    /** Cost Explorer bills {@code usd} a day for {@code service} (its SERVICE dimension, such as {@code EC2 - Other}) from {@code from} on. */
    public FakeAws dailyCost(String service, java.time.LocalDate from, String usd) {
        costExplorer.bill(service, from, new java.math.BigDecimal(usd));
        return this;
    }

    /** Every call of {@code action} (such as {@code ec2:DescribeVolumes}, or {@code *}) in {@code region} fails. */
    public FakeAws fail(String region, String action, int status, String code) {
        failures.put(region + "|" + action, new Failure(status, code, Integer.MAX_VALUE));
        return this;
    }

    /** The next {@code times} calls of {@code action} in {@code region} fail, later ones succeed. */
    public FakeAws failTimes(String region, String action, int status, String code, int times) {
        failures.put(region + "|" + action, new Failure(status, code, times));
        return this;
    }

    /** {@code sts:AssumeRole} of {@code roleArn} succeeds only with this external id. */
    public FakeAws requireExternalId(String roleArn, String externalId) {
        externalIds.put(roleArn, externalId);
        return this;
    }

    /** CloudWatch returns at most this many results a page, so callers must follow NextToken. */
    public FakeAws metricResultsPerPage(int results) {
        metricResultsPerPage = results;
        return this;
    }

    /**
     * A product the Pricing API knows: its service code, attributes (regionCode, productFamily, volumeApiName,
     * usagetype, ...) and on-demand USD price per unit.
     */
    public FakeAws product(String serviceCode, Map<String, String> attributes, String usd, String unit) {
        pricing.add(serviceCode, attributes, usd, unit);
        return this;
    }

    /**
     * A crash point: the first call of {@code action} (such as {@code ec2:DeleteVolume}) waits until released, before
     * AWS acts on it ({@code applied} false) or after, with its answer unsent; when {@code armedBy} is an action, only
     * once a call of it has succeeded (the describe that verifies a delete, say).
     */
    public Hold hold(String action, boolean applied, String armedBy) {
        Hold hold = new Hold(action, applied, armedBy);
        holds.add(hold);
        return hold;
    }

    /** How many calls of {@code action} succeeded (2xx), in all regions: for a mutation, how often AWS made it. */
    public int succeeded(String action) {
        return succeeded.getOrDefault(action, new AtomicInteger()).get();
    }

    /** How many calls of {@code action} were answered (including failed ones), in all regions. */
    /** The device DescribeVolumes and DescribeInstances show {@code volumeId} attached at on {@code instance}. */
    public String deviceOf(io.cloudsweep.engine.model.Ec2Instance instance, String volumeId) {
        return Responses.device(this, instance, volumeId);
    }

    /** The device AttachVolume attached {@code volumeId} at, if it did. */
    public Optional<String> attachedDevice(String volumeId) {
        return Optional.ofNullable(attachedDevices.get(volumeId));
    }

    public int calls(String action) {
        return calls.entrySet().stream().filter(entry -> entry.getKey().endsWith("|" + action))
                .mapToInt(entry -> entry.getValue().get()).sum();
    }

    /** How many calls of {@code action} were answered in {@code region}. */
    public int calls(String region, String action) {
        AtomicInteger count = calls.get(region + "|" + action);
        return count == null ? 0 : count.get();
    }

    /** Every action called, with its count over all regions. */
    public Map<String, Integer> callsByAction() {
        Map<String, Integer> byAction = new HashMap<>();
        calls.forEach((key, count) -> byAction.merge(key.substring(key.indexOf('|') + 1), count.get(), Integer::sum));
        return byAction;
    }

    public int throttled() {
        return throttled.get();
    }

    /** Whether a call was signed with this access key id. */
    public boolean sawAccessKey(String accessKeyId) {
        return accessKeysSeen.containsKey(accessKeyId);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Adds an empty bucket; under Object Lock, it refuses writes without a checksum and never replaces an object. */
    public FakeAws bucket(String name, boolean objectLock) {
        s3.bucket(name, objectLock);
        return this;
    }

    /** The bucket's objects by key, as they were written. */
    public Map<String, byte[]> objects(String bucket) {
        return s3.objects(bucket);
    }

    /** Calls by action, then {@code throttled N}, one a line: what {@code GET /_stats} answers. */
    public String stats() {
        StringBuilder out = new StringBuilder();
        new java.util.TreeMap<>(callsByAction()).forEach((action, count) -> out.append(action).append(' ').append(count).append('\n'));
        return out.append("throttled ").append(throttled.get()).append('\n').toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod()) && "/_stats".equals(exchange.getRequestURI().getPath())) {
            try (exchange) {
                byte[] bytes = stats().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            return;
        }
        try (exchange) {
            byte[] raw = readAll(exchange.getRequestBody());
            String body = new String(raw, StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher scope = authorization == null ? null : CREDENTIAL_SCOPE.matcher(authorization);
            if (scope == null || !scope.find()) {
                respond(exchange, 403, Responses.queryError("IncompleteSignature", "Authorization header required", "Sender"));
                return;
            }
            accessKeysSeen.put(scope.group(1), true);
            Account caller = callerOf(scope.group(1));
            String region = scope.group(2);
            String service = scope.group(3);
            if (service.equals("s3")) {
                serveS3(exchange, region, raw);
                return;
            }
            boolean json = service.equals("pricing") || service.equals("ce");
            Map<String, String> params = json ? Map.of() : form(body);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String action = json ? (target == null ? "" : target.substring(target.indexOf('.') + 1)) : params.getOrDefault("Action", "");
            String iamAction = iamPrefix(service) + ":" + action;
            calls.computeIfAbsent(region + "|" + iamAction, key -> new AtomicInteger()).incrementAndGet();
            pause();
            if (!service.equals("sts")) {
                stallAtRandom();
            }

            boolean ec2 = service.equals("ec2");
            Failure failure = failureFor(region, iamAction);
            if (failure == null && !service.equals("sts")) {
                failure = chaosFor(ec2);
            }
            if (failure != null && json) {
                respondJson(exchange, failure.status(), "{\"__type\":\"" + failure.code() + "\",\"Message\":\"injected failure\"}");
                return;
            }
            if (json) {
                Pricing.Answer answer = service.equals("ce") ? costExplorer.getCostAndUsage(body) : pricing.getProducts(body);
                respondJson(exchange, answer.status(), answer.json());
                return;
            }
            if (failure != null) {
                respond(exchange, failure.status(), ec2 ? Responses.ec2Error(failure.code(), "injected failure")
                        : Responses.queryError(failure.code(), "injected failure", failure.status() >= 500 ? "Receiver" : "Sender"));
                return;
            }
            if (ec2 && "true".equals(params.get("DryRun"))) {
                // AWS checks the permission and stops: allowed, it answers DryRunOperation (412)
                respond(exchange, 412, Responses.ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set."));
                return;
            }
            if (rateLimits && !allowed(caller, region, service, action)) {
                throttled.incrementAndGet();
                respond(exchange, ec2 ? 503 : 400, ec2 ? Responses.ec2Error("RequestLimitExceeded", "Request limit exceeded.")
                        : Responses.queryError("Throttling", "Rate exceeded", "Sender"));
                return;
            }
            if (!service.equals("sts") && source.enabledRegions(account).stream().noneMatch(r -> r.code().equals(region))) {
                respond(exchange, 401, ec2 ? Responses.ec2Error("OptInRequired", "region not enabled")
                        : Responses.queryError("OptInRequired", "region not enabled", "Sender"));
                return;
            }
            if (held(iamAction, false)) {
                return;
            }
            Responses.Answer answer = new Responses(this, Region.of(region), caller).answer(service, params);
            if (answer.status() / 100 == 2) {
                succeeded.computeIfAbsent(iamAction, key -> new AtomicInteger()).incrementAndGet();
                holds.forEach(hold -> hold.answered(iamAction));
            }
            held(iamAction, true);
            respond(exchange, answer.status(), answer.xml());
        } catch (RuntimeException e) {
            respond(exchange, 500, Responses.queryError("InternalFailure", String.valueOf(e), "Receiver"));
        }
    }

    private void serveS3(HttpExchange exchange, String region, byte[] raw) throws IOException {
        String action = "s3:" + S3.action(exchange.getRequestMethod());
        calls.computeIfAbsent(region + "|" + action, key -> new AtomicInteger()).incrementAndGet();
        pause();
        Failure failure = failureFor(region, action);
        S3.Answer answer = failure != null ? S3.Answer.error(failure.status(), failure.code(), "injected failure")
                : s3.answer(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), raw);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.getResponseHeaders().set("x-amz-request-id", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    String externalIdFor(String roleArn) {
        return externalIds.get(roleArn);
    }

    /** Whether a crash point held this call (until released); one held before acting is then dropped unanswered. */
    private boolean held(String iamAction, boolean afterActing) {
        for (Hold hold : holds) {
            if (hold.takes(iamAction, afterActing)) {
                hold.hold();
                return true;
            }
        }
        return false;
    }

    private void stallAtRandom() {
        double draw;
        synchronized (this) {
            draw = stalled > 0 ? chaos.nextDouble() : 1;
        }
        if (draw < stalled) {
            stalls.incrementAndGet();
            try {
                Thread.sleep(stall.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A failure drawn at random, when chaos is on. */
    private Failure chaosFor(boolean ec2) {
        double draw;
        synchronized (this) {
            draw = chaos.nextDouble();
        }
        if (draw < chaosThrottled) {
            injected.incrementAndGet();
            return ec2 ? new Failure(503, "RequestLimitExceeded", 1) : new Failure(400, "Throttling", 1);
        }
        if (draw < chaosThrottled + chaosServerErrors) {
            injected.incrementAndGet();
            return new Failure(500, ec2 ? "InternalError" : "InternalFailure", 1);
        }
        return null;
    }

    private Failure failureFor(String region, String iamAction) {
        for (String key : List.of(region + "|" + iamAction, region + "|*")) {
            Failure failure = failures.get(key);
            if (failure != null && failure.remaining().getAndDecrement() > 0) {
                return failure;
            }
        }
        return null;
    }

    private boolean allowed(Account caller, String region, String service, String action) {
        Buckets.Rate rate = Buckets.rateFor(service, action);
        if (rate == null) {
            return true;
        }
        return buckets.computeIfAbsent(caller.id() + "|" + region + "|" + service + "|" + action, key -> new Buckets.Bucket(rate))
                .tryTake();
    }

    private void pause() {
        long millis = latencyMillis.get();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String iamPrefix(String service) {
        return switch (service) {
            case "monitoring" -> "cloudwatch";
            default -> service;
        };
    }

    private static void respondJson(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    static Map<String, String> form(String body) {
        Map<String, String> params = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private record Failure(int status, String code, AtomicInteger remaining) {
        Failure(int status, String code, int times) {
            this(status, code, new AtomicInteger(times));
        }
    }
}
