package io.cloudsweep.bot.server;

import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code serve --tls-cert/--tls-key}: a certificate made in the test (keytool), written as PEM as an operator would give
 * it; a client that insists on TLS 1.3 gets {@code /healthz}, one that offers only TLS 1.2 still connects, and one that
 * offers only TLS 1.1 (in a JVM of its own, where TLS 1.1 is allowed) is refused by the server.
 */
class TlsTest {

    @TempDir
    Path dir;
    private Database database;
    private BotServer server;
    private KeyStore made;

    @BeforeEach
    void start() throws Exception {
        Path store = dir.resolve("made.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "bot",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        made = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            made.load(in, "changeit".toCharArray());
        }
        Certificate certificate = made.getCertificate("bot");
        PrivateKey key = (PrivateKey) made.getKey("bot", "changeit".toCharArray());
        Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));

        database = Database.open(DatabaseSettings.embedded(dir.resolve("data")));
        database.migrate();
        server = BotServer.start("127.0.0.1", 0, database, List.of(), Optional.of(Tls.fromPem(dir.resolve("cert.pem"), dir.resolve("key.pem"))));
    }

    @AfterEach
    void stop() {
        server.close();
        database.close();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private SSLContext trusting() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("bot", made.getCertificate("bot"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private String handshake(String protocol) throws Exception {
        try (SSLSocket socket = (SSLSocket) trusting().getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    @Test
    void aClientThatInsistsOnTls13GetsHealthzAndTls12IsStillServed() throws Exception {
        javax.net.ssl.SSLParameters only13 = new javax.net.ssl.SSLParameters();
        only13.setProtocols(new String[] {"TLSv1.3"});
        HttpClient client = HttpClient.newBuilder().sslContext(trusting()).sslParameters(only13).build();

        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"ok\"");
        assertThat(handshake("TLSv1.3")).isEqualTo("TLSv1.3");
        assertThat(handshake("TLSv1.2")).isEqualTo("TLSv1.2");
    }

    @Test
    void tls11IsRefusedByTheServerEvenToAClientThatAllowsIt() throws Exception {
        Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), OldClient.class.getName(), String.valueOf(server.port())).redirectErrorStream(true).start();
        String said = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // the server's alert, not the client declining: the client did offer TLS 1.1
        assertThat(said).as("the client offered TLS 1.1 and the server would not").startsWith("refused:").contains("alert: protocol_version");
    }

    @Test
    void aMissingOrWrongFileIsSaidByName() throws Exception {
        Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> Tls.fromPem(dir.resolve("nope.pem"), dir.resolve("key.pem"))).hasMessageContaining("nope.pem not found");
        assertThatThrownBy(() -> Tls.fromPem(dir.resolve("cert.pem"), dir.resolve("rsa.pem"))).hasMessageContaining("PKCS#8")
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    /** A client in its own JVM, TLS 1.1 allowed there, offering nothing else: prints whether the server took it. */
    public static final class OldClient {
        public static void main(String[] args) throws Exception {
            Security.setProperty("jdk.tls.disabledAlgorithms", "");
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            try (SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", Integer.parseInt(args[0]))) {
                socket.setEnabledProtocols(new String[] {"TLSv1.1"});
                socket.startHandshake();
                System.out.println("accepted: " + socket.getSession().getProtocol());
            } catch (java.io.IOException e) {
                System.out.println("refused: " + e);
            }
        }
    }
}
