package io.cloudsweep.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.bot.connector.authentication.MicrosoftAppCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bot's outbound credentials, for its own tenant at a configurable authority ({@code MICROSOFT_APP_AUTHORITY}):
 * the SDK would otherwise ask {@code botframework.com}, wrong for single-tenant bots. An https authority goes
 * through MSAL as the SDK does; a plain-http authority is accepted on a loopback host only (tests), where the
 * client-credentials request is made here and its token kept until a minute before it expires. Every failure to
 * get a token is logged and counted.
 */
final class TenantCredentials extends MicrosoftAppCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(TenantCredentials.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String endpoint;
    private final boolean loopback;
    private final AtomicLong failures;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String token;
    private long expiresAtNanos;

    /**
     * @throws IllegalArgumentException when the authority is not https, nor http on a loopback host
     */
    TenantCredentials(String appId, String password, String tenantId, String authority, AtomicLong failures) {
        super(appId, password, tenantId);
        URI uri = URI.create(authority.endsWith("/") ? authority.substring(0, authority.length() - 1) : authority);
        this.loopback = "http".equals(uri.getScheme()) && isLoopback(uri.getHost());
        if (!"https".equals(uri.getScheme()) && !loopback) {
            throw new IllegalArgumentException("MICROSOFT_APP_AUTHORITY must be https (plain http only on a loopback host, for tests), not "
                    + authority);
        }
        this.endpoint = uri + "/" + tenantId;
        this.failures = failures;
    }

    @Override
    public String oAuthEndpoint() {
        return endpoint;
    }

    @Override
    public CompletableFuture<String> getToken() {
        CompletableFuture<String> token = loopback ? loopbackToken() : super.getToken();
        return token.whenComplete((value, failure) -> {
            if (failure != null) {
                long count = failures.incrementAndGet();
                LOG.error("cannot get the Teams bot's token from {} ({} failures since start): {}", endpoint, count, failure.toString());
            }
        });
    }

    /**
     * The token from a loopback authority, got on the caller's thread, which waits for it anyway. Not
     * {@code supplyAsync}: where the common pool has one thread (two cores), it starts a thread for every call, and the
     * SDK asks for the token before each call to the connector.
     */
    private CompletableFuture<String> loopbackToken() {
        try {
            return CompletableFuture.completedFuture(clientCredentials());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private synchronized String clientCredentials() {
        if (token != null && System.nanoTime() < expiresAtNanos) {
            return token;
        }
        String form = "grant_type=client_credentials&client_id=" + encode(getAppId()) + "&client_secret=" + encode(getAppPassword())
                + "&scope=" + encode(oAuthScope() + "/.default");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/oauth2/v2.0/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !answer.hasNonNull("access_token")) {
                throw new IllegalStateException("the token endpoint answered HTTP " + response.statusCode() + " "
                        + answer.path("error").asText(""));
            }
            token = answer.get("access_token").asText();
            expiresAtNanos = System.nanoTime() + Duration.ofSeconds(Math.max(0, answer.path("expires_in").asLong(3600) - 60)).toNanos();
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the token endpoint " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while getting a token", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean isLoopback(String host) {
        try {
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
