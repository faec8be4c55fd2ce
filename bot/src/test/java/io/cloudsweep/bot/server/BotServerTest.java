package io.cloudsweep.bot.server;

import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BotServerTest {

    private static Database database;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startDatabase() throws IOException {
        database = Database.open(DatabaseSettings.embedded(Files.createTempDirectory("cloudsweep-server-test")));
    }

    @AfterAll
    static void stopDatabase() {
        database.close();
    }

    private static HttpResponse<String> get(BotServer server, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePrivacyAndTermsPagesTheTeamsManifestLinksToAreServed() throws Exception {
        String manifest = java.nio.file.Files.readString(java.nio.file.Path.of("../manifests/teams/manifest.json"));
        try (BotServer server = BotServer.start("127.0.0.1", 0, database)) {
            for (String page : List.of("/privacy", "/terms")) {
                assertThat(manifest).contains("https://${BOT_HOST}" + page + "\"");
                HttpResponse<String> response = get(server, page);
                assertThat(response.statusCode()).as(page).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
                assertThat(response.body()).startsWith("<!doctype html>").contains("<h1>CloudSweep");
            }
            assertThat(get(server, "/privacy").body()).contains("Never the data in them", "No long-term AWS key is stored");
        }
    }

    @Test
    void readinessFollowsTheMigrationsAndLivenessIsAlwaysUp() throws Exception {
        try (BotServer server = BotServer.start("127.0.0.1", 0, database)) {
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> before = get(server, "/readyz");
            assertThat(before.statusCode()).isEqualTo(503);
            assertThat(before.body()).contains("migrations pending");

            database.migrate();

            HttpResponse<String> after = get(server, "/readyz");
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).contains("\"database\":\"ok\"");
            assertThat(after.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(get(server, "/nothing-here").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void stoppedServerRefusesConnections() throws Exception {
        BotServer server = BotServer.start("127.0.0.1", 0, database);
        int port = server.port();
        server.close();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }
}
