package io.cloudsweep.bot.slack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback Slack Web API: answers the methods CloudSweep calls as Slack does ({@code ok}, a {@code ts} for each
 * message), records every call with its form fields, and can answer 429 with a Retry-After, as Slack rate-limits.
 */
final class FakeSlack implements AutoCloseable {

    static {
        // Answer without Nagle's delay, as real servers do, unless told otherwise (the tests' argLine says so too, for a
        // JVM whose first HttpServer is another's): otherwise a response's body waits for the client's delayed ACK of its headers.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** One Web API call: the method, its form fields, the ts the fake gave a posted message, and when it came ({@link System#nanoTime}). */
    record Call(String method, Map<String, String> fields, String ts, String authorization, long at) {
        Call(String method, Map<String, String> fields, String ts, String authorization) {
            this(method, fields, ts, authorization, System.nanoTime());
        }

        String field(String name) {
            return fields.getOrDefault(name, "");
        }
    }

    private final HttpServer server;
    /** Every call so far; guarded by itself (a benchmark makes tens of thousands, too many to copy on each). */
    private final List<Call> calls = new ArrayList<>();
    private final AtomicInteger messages = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final List<String> uploads = new CopyOnWriteArrayList<>();
    private final List<byte[]> uploadedBytes = new CopyOnWriteArrayList<>();
    private final Set<String> workspaceAdmins = ConcurrentHashMap.newKeySet();
    /** Bot tokens Slack knows, with their workspace; the single-workspace test token is Acme's. */
    private final Map<String, String> teamOfToken = new ConcurrentHashMap<>(Map.of("xoxb-test-token", "T0ACME", "xoxb-bench", "T0ACME"));
    private final Map<String, Install> installs = new ConcurrentHashMap<>();
    /** The workspace's people, by id, with their user names; users.info and users.list answer from these. */
    private final Map<String, String> people = new ConcurrentHashMap<>(Map.of("U0ANA", "ana", "U0BO", "bo", "U0CY", "cy", "U0DAN", "dan",
            "U0EVE", "eve", "U0VI", "vi", "U0INSTALLER", "installer", "U0MEMBER", "member", "U0OWNER", "owner"));

    /** What oauth.v2.access hands out for a code: the workspace, the installer, the bot token. */
    record Install(String clientId, String clientSecret, String team, String installer, String botToken) {
    }

    FakeSlack() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/api/", this::handle);
        server.createContext("/upload/", this::upload);
        server.createContext("/respond/", this::respond);
        // several threads, as Slack answers calls side by side: one would make every call of the bot's wait its turn
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "fake-slack");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        }));
        startBelowTheServer(server);
    }

    /**
     * Starts {@code server} at the lowest priority, its dispatcher thread included (a thread takes its creator's priority),
     * so that where the JVM heeds priorities (the benchmarks), Slack's CPU is not taken from the server's
     * acknowledgements: on Slack's side it would be Slack's own.
     */
    private static void startBelowTheServer(HttpServer server) throws IOException {
        Thread starter = new Thread(server::start, "fake-slack-start");
        starter.setPriority(Thread.MIN_PRIORITY);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the fake Slack", e);
        }
    }

    URI apiUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/");
    }

    /** users.info says {@code user} is a workspace admin. */
    void makeWorkspaceAdmin(String user) {
        people.putIfAbsent(user, user.toLowerCase(java.util.Locale.ROOT));
        workspaceAdmins.add(user);
    }

    /** oauth.v2.access will exchange {@code code} (once) for this install, when the client id and secret match. */
    void expectInstall(String code, Install install) {
        installs.put(code, install);
    }

    /** The next {@code times} chat.postMessage calls get 429 with Retry-After: 1. */
    void rateLimitNextPosts(int times) {
        rateLimited.set(times);
    }

    private void record(Call call) {
        synchronized (calls) {
            calls.add(call);
            calls.notifyAll();
        }
    }

    /**
     * The first call of {@code method} that {@code matching} admits, made already or arriving within {@code longest};
     * empty when none came. Each call is looked at once.
     */
    Optional<Call> awaitCall(String method, Predicate<Call> matching, Duration longest) throws InterruptedException {
        long deadline = System.nanoTime() + longest.toNanos();
        int seen = 0;
        synchronized (calls) {
            while (true) {
                for (; seen < calls.size(); seen++) {
                    Call call = calls.get(seen);
                    if (call.method().equals(method) && matching.test(call)) {
                        return Optional.of(call);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(calls, left);
            }
        }
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    List<Call> calls(String method) {
        return calls().stream().filter(call -> call.method().equals(method)).toList();
    }

    List<Call> calls(String method, Predicate<Call> matching) {
        return calls(method).stream().filter(matching).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            Map<String, String> fields = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (method.equals("chat.postMessage") && rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                record(new Call(method + " (429)", fields, "", authorization));
                exchange.getResponseHeaders().add("Retry-After", "1");
                send(exchange, 429, "{\"ok\":false,\"error\":\"ratelimited\"}");
                return;
            }
            String ts = method.equals("chat.postMessage") ? "1764172800." + String.format("%06d", messages.incrementAndGet()) : "";
            record(new Call(method, fields, ts, authorization));
            String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : fields.get("token");
            String body = switch (method) {
                case "auth.test" -> teamOfToken.containsKey(token) ? "{\"ok\":true,\"url\":\"https://acme.slack.com/\",\"team\":\"Acme\","
                        + "\"user\":\"cloudsweep\",\"team_id\":\"" + teamOfToken.get(token) + "\",\"user_id\":\"UBOT\",\"bot_id\":\"BBOT\"}"
                        : "{\"ok\":false,\"error\":\"invalid_auth\"}";
                case "oauth.v2.access" -> exchange(fields, authorization);
                case "users.info" -> people.containsKey(fields.get("user")) ? "{\"ok\":true,\"user\":" + user(fields.get("user")) + "}"
                        : "{\"ok\":false,\"error\":\"user_not_found\"}";
                case "users.list" -> usersPage(fields.getOrDefault("cursor", ""));
                case "chat.postMessage" -> "{\"ok\":true,\"channel\":\"" + fields.get("channel") + "\",\"ts\":\"" + ts + "\"}";
                case "chat.update" -> "{\"ok\":true,\"channel\":\"" + fields.get("channel") + "\",\"ts\":\"" + fields.get("ts") + "\"}";
                case "chat.postEphemeral" -> "{\"ok\":true,\"message_ts\":\"1764172800.999999\"}";
                case "views.publish", "views.open" -> "{\"ok\":true,\"view\":{\"id\":\"V1\"}}";
                case "files.getUploadURLExternal" -> "{\"ok\":true,\"upload_url\":\"http://127.0.0.1:" + server.getAddress().getPort()
                        + "/upload/F0CSV\",\"file_id\":\"F0CSV\"}";
                case "files.completeUploadExternal" -> "{\"ok\":true,\"files\":[{\"id\":\"F0CSV\",\"title\":\"findings\"}]}";
                default -> "{\"ok\":false,\"error\":\"unknown_method\"}";
            };
            send(exchange, 200, body);
        }
    }

    private String user(String id) {
        return "{\"id\":\"" + id + "\",\"team_id\":\"T0ACME\",\"name\":\"" + people.get(id) + "\",\"deleted\":false,\"is_bot\":false,"
                + "\"is_admin\":" + workspaceAdmins.contains(id) + ",\"is_owner\":false,\"is_primary_owner\":false,"
                + "\"profile\":{\"display_name\":\"" + people.get(id) + "\",\"real_name\":\"" + people.get(id).toUpperCase(java.util.Locale.ROOT) + " Test\"}}";
    }

    /** users.list, two people a page, as Slack pages with next_cursor. */
    private String usersPage(String cursor) {
        List<String> ids = people.keySet().stream().sorted().toList();
        int from = cursor.isEmpty() ? 0 : Integer.parseInt(cursor);
        int to = Math.min(ids.size(), from + 2);
        List<String> members = new ArrayList<>();
        ids.subList(from, to).forEach(id -> members.add(user(id)));
        return "{\"ok\":true,\"members\":[" + String.join(",", members) + "],\"response_metadata\":{\"next_cursor\":\""
                + (to < ids.size() ? String.valueOf(to) : "") + "\"}}";
    }

    /** oauth.v2.access: the code for a token, the app authenticated with HTTP Basic as Slack asks. */
    private String exchange(Map<String, String> fields, String authorization) {
        Install install = installs.remove(fields.getOrDefault("code", ""));
        if (install == null) {
            return "{\"ok\":false,\"error\":\"invalid_code\"}";
        }
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((install.clientId() + ":" + install.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        boolean inForm = install.clientId().equals(fields.get("client_id")) && install.clientSecret().equals(fields.get("client_secret"));
        if (!basic.equals(authorization) && !inForm) {
            return "{\"ok\":false,\"error\":\"invalid_client\"}";
        }
        teamOfToken.put(install.botToken(), install.team());
        return "{\"ok\":true,\"app_id\":\"A0SWEEP\",\"authed_user\":{\"id\":\"" + install.installer() + "\"},"
                + "\"scope\":\"commands,chat:write,chat:write.public,files:write,users:read\",\"token_type\":\"bot\","
                + "\"access_token\":\"" + install.botToken() + "\",\"bot_user_id\":\"UBOT2\",\"team\":{\"id\":\"" + install.team()
                + "\",\"name\":\"Beta\"},\"enterprise\":null,\"is_enterprise_install\":false}";
    }

    /** A response_url Slack gave with a command: what is posted there is recorded as a "response_url" call with its JSON as "body". */
    URI responseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/respond/1");
    }

    private void respond(HttpExchange exchange) throws IOException {
        try (exchange) {
            record(new Call("response_url", Map.of("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)), "",
                    exchange.getRequestHeaders().getFirst("Authorization")));
            send(exchange, 200, "ok");
        }
    }

    /** The file bytes themselves, posted to the upload URL files.getUploadURLExternal gave out. */
    private void upload(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            uploads.add(new String(bytes, StandardCharsets.UTF_8));
            uploadedBytes.add(bytes);
            send(exchange, 200, "OK - " + bytes.length);
        }
    }

    /** What was uploaded, each file's bytes as sent (multipart framing included). */
    List<byte[]> uploadedBytes() {
        return List.copyOf(uploadedBytes);
    }

    /** What was uploaded, each file's bytes as text (multipart framing included). */
    List<String> uploads() {
        return List.copyOf(uploads);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            fields.put(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                    equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static List<String> methods(List<Call> calls) {
        List<String> methods = new ArrayList<>();
        calls.forEach(call -> methods.add(call.method()));
        return methods;
    }
}
