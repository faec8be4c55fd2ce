package io.cloudsweep.bot.teams;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The Teams side on loopback: the Bot Framework's OpenID metadata and signing keys (an RSA test key, endorsed for
 * {@code msteams}), the token endpoint that hands the bot its outbound token, and the Bot Connector that takes its
 * replies and updates, all recorded.
 */
final class FakeTeams implements AutoCloseable {

    static {
        // Answer without Nagle's delay, as real servers do, unless told otherwise (the tests' argLine says so too, for a
        // JVM whose first HttpServer is another's): otherwise a response's body waits for the client's delayed ACK of its headers.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    static final String ISSUER = "https://api.botframework.com";
    static final String KEY_ID = "test-kid";
    static final String OUTBOUND_TOKEN = "outbound-token-from-the-tenant";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One call to the connector or the token endpoint: method, path, body, Authorization header, and the activity id answered. */
    record Call(String method, String path, String body, String authorization, String answeredId) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpServer server;
    private final KeyPair key = rsa();
    private final KeyPair otherKey = rsa();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final java.util.Queue<Integer> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The conversation's members Teams knows, by their Teams id, with their AAD object ids. */
    private final Map<String, String> members = new java.util.concurrent.ConcurrentHashMap<>(Map.of("29:aad-bo", "aad-bo"));

    FakeTeams() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/openid", exchange -> send(exchange, 200, "{\"issuer\":\"" + ISSUER + "\",\"jwks_uri\":\"" + base() + "/keys\","
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
        server.createContext("/keys", exchange -> send(exchange, 200, jwks()));
        server.createContext("/login/", this::token);
        server.createContext("/teams/", this::connector);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String serviceUrl() {
        return base() + "/teams/";
    }

    String authority() {
        return base() + "/login";
    }

    /** A token as the Bot Framework signs it for {@code appId}, valid now, for this service URL. */
    String token(String appId) {
        return token(appId, ISSUER, serviceUrl(), Instant.now().plusSeconds(600), key);
    }

    String token(String audience, String issuer, String serviceUrl, Instant expires, boolean signedWithTheKnownKey) {
        return token(audience, issuer, serviceUrl, expires, signedWithTheKnownKey ? key : otherKey);
    }

    private static String token(String audience, String issuer, String serviceUrl, Instant expires, KeyPair with) {
        return JWT.create().withKeyId(KEY_ID).withIssuer(issuer).withAudience(audience).withClaim("serviceurl", serviceUrl)
                .withNotBefore(java.util.Date.from(Instant.now().minusSeconds(60))).withExpiresAt(java.util.Date.from(expires))
                .sign(Algorithm.RSA256((RSAPublicKey) with.getPublic(), (RSAPrivateKey) with.getPrivate()));
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String method, Predicate<Call> matching) {
        return calls.stream().filter(call -> call.method().equals(method)).filter(matching).toList();
    }

    /** Replies and updates sent to the connector. */
    List<Call> connectorCalls() {
        return calls.stream().filter(call -> call.path().startsWith("/teams/")).toList();
    }

    private void token(HttpExchange exchange) throws IOException {
        record(exchange, "");
        send(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":\"" + OUTBOUND_TOKEN + "\"}");
    }

    /** The next connector calls answer these statuses, one each, as Teams does when it throttles (429 with Retry-After) or hiccups. */
    void failNext(Integer... statuses) {
        failures.addAll(List.of(statuses));
    }

    private void connector(HttpExchange exchange) throws IOException {
        Integer failure = failures.poll();
        if (failure != null) {
            record(exchange, "HTTP " + failure);
            if (failure == 429) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            send(exchange, failure, "{\"error\":{\"code\":\"Throttled\",\"message\":\"try later\"}}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("GET") && path.contains("/members/")) {
            record(exchange, "member");
            String member = java.net.URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
            String aad = members.get(member);
            send(exchange, aad == null ? 404 : 200, aad == null ? "{\"error\":{\"code\":\"MemberNotFoundInConversation\"}}"
                    : "{\"id\":\"" + member + "\",\"name\":\"" + aad + "\",\"aadObjectId\":\"" + aad + "\",\"tenantId\":\"tenant-acme\"}");
            return;
        }
        if (exchange.getRequestMethod().equals("POST") && path.equals("/teams/v3/conversations")) {
            // Create Conversation: a personal chat, named after its one member
            String chat = "a:personal-" + ids.incrementAndGet();
            record(exchange, chat);
            send(exchange, 201, "{\"id\":\"" + chat + "\"}");
            return;
        }
        String id = exchange.getRequestMethod().equals("PUT") ? path.substring(path.lastIndexOf('/') + 1) : "activity-" + ids.incrementAndGet();
        record(exchange, id);
        send(exchange, 200, "{\"id\":\"" + id + "\"}");
    }

    private void record(HttpExchange exchange, String answeredId) throws IOException {
        calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), exchange.getRequestHeaders().getFirst("Authorization"),
                answeredId));
    }

    private String jwks() {
        RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KEY_ID + "\",\"n\":\"" + base64(publicKey.getModulus())
                + "\",\"e\":\"" + base64(publicKey.getPublicExponent()) + "\",\"endorsements\":[\"msteams\"]}]}";
    }

    private static String base64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
