package io.cloudsweep.adapters.teams;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbound token: asked of the bot's own tenant at the configured authority, kept until near expiry, failures counted. */
class TenantCredentialsTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicLong failures = new AtomicLong();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.add(exchange.getRequestURI().getPath() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] body = (status.get() == 200 ? "{\"access_token\":\"token-1\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"
                        : "{\"error\":\"invalid_client\"}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status.get(), body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String authority() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/login/";
    }

    @Test
    void theTokenIsAskedOfTheBotsTenantOnceAndKept() {
        TenantCredentials credentials = new TenantCredentials("app-1", "s3cret", "tenant-acme", authority(), failures);

        assertThat(credentials.oAuthEndpoint()).isEqualTo("http://127.0.0.1:" + server.getAddress().getPort() + "/login/tenant-acme");
        assertThat(credentials.getToken().join()).isEqualTo("token-1");
        assertThat(credentials.getToken().join()).isEqualTo("token-1");
        assertThat(requests).singleElement().asString().startsWith("/login/tenant-acme/oauth2/v2.0/token ")
                .contains("grant_type=client_credentials", "client_id=app-1", "client_secret=s3cret",
                        "scope=https%3A%2F%2Fapi.botframework.com%2F.default");
        assertThat(failures).hasValue(0);
    }

    @Test
    void aKeptTokenIsGivenOnTheCallersThreadWithoutStartingOne() {
        TenantCredentials credentials = new TenantCredentials("app-1", "s3cret", "tenant-acme", authority(), failures);
        credentials.getToken().join();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long started = threads.getTotalStartedThreadCount();

        for (int i = 0; i < 200; i++) {
            CompletableFuture<String> token = credentials.getToken();
            assertThat(token).isCompletedWithValue("token-1");
        }

        // the SDK asks before every connector call: a thread for each (supplyAsync on two cores) would be 200 here
        assertThat(threads.getTotalStartedThreadCount() - started).isLessThan(20);
    }

    @Test
    void aRefusedTokenFailsLoudlyAndIsCounted() {
        status.set(401);
        TenantCredentials credentials = new TenantCredentials("app-1", "wrong", "tenant-acme", authority(), failures);

        assertThatThrownBy(() -> credentials.getToken().join()).isInstanceOf(CompletionException.class).hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("wrong");
        assertThat(failures).hasValue(1);
    }

    @Test
    void plainHttpIsAcceptedOnlyOnLoopback() {
        assertThatThrownBy(() -> new TenantCredentials("app-1", "s", "t", "http://login.example.com", failures))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be https");
        assertThat(new TenantCredentials("app-1", "s", "t", "https://login.microsoftonline.us", failures).oAuthEndpoint())
                .isEqualTo("https://login.microsoftonline.us/t");
    }
}
