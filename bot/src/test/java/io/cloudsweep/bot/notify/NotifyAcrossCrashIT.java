package io.cloudsweep.bot.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.engine.demo.DemoCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cloudsweep.bot.server.ServedJar.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, killed (SIGKILL) between a cleanup's failure and its notification's delivery: the terminal chat
 * connects an account on the loopback AWS, adds a webhook and an email target while both receivers are down, and
 * approves a volume whose delete AWS refuses; once the failure shows, the process is killed. Started again on the same
 * data directory with the receivers up, it delivers the event to each, once.
 */
class NotifyAcrossCrashIT {

    private static final Path JAR = Path.of(System.getProperty("cloudsweep.jar", "target/cloudsweep.jar"));
    private static final String ROLE = "arn:aws:iam::" + DemoCloud.ACCOUNT.id() + ":role/CloudSweep";
    private static final String VOLUME = "vol-0e41b7c2d9a3f0101";

    @TempDir
    Path dir;
    private FakeAws fake;
    private int hookPort;
    private int smtpPort;
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final Map<String, JsonNode> taken = new ConcurrentHashMap<>();
    private HttpServer hook;
    private GreenMail mail;

    /** A chat process, its output gathered as it comes. */
    private static final class Chat implements AutoCloseable {
        final Process process;
        final StringBuffer out = new StringBuffer();
        final OutputStream in;

        Chat(Process process) {
            this.process = process;
            this.in = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream stream = process.getInputStream()) {
                    byte[] buffer = new byte[8192];
                    for (int read; (read = stream.read(buffer)) > 0; ) {
                        out.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                    }
                } catch (IOException ignored) {
                    // the process went away
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        void type(String line) throws IOException {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        String awaitOutput(String pattern) throws InterruptedException {
            Pattern wanted = Pattern.compile(pattern);
            return eventually(() -> {
                Matcher matcher = wanted.matcher(out);
                return matcher.find() ? matcher.group(matcher.groupCount() > 0 ? 1 : 0) : null;
            }, Duration.ofSeconds(90), () -> "no '" + pattern + "' in:\n" + out);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @BeforeEach
    void start() throws IOException {
        fake = FakeAws.start(DemoCloud.at(Instant.now()), DemoCloud.ACCOUNT, Instant.now());
        hookPort = freePort();
        smtpPort = freePort();
    }

    @AfterEach
    void stop() {
        if (hook != null) {
            hook.stop(0);
        }
        if (mail != null) {
            mail.stop();
        }
        fake.close();
    }

    private Chat chat() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dfile.encoding=UTF-8",
                "-jar", JAR.toString(), "chat", "--data-dir", dir.resolve("data").toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("AWS_ENDPOINT_URL", fake.endpoint().toString(), "AWS_ACCESS_KEY_ID", "AKIAFAKECRASH",
                "AWS_SECRET_ACCESS_KEY", "fake-secret", "AWS_EC2_METADATA_DISABLED", "true", "CLOUDSWEEP_SMTP_HOST", "127.0.0.1",
                "CLOUDSWEEP_SMTP_PORT", String.valueOf(smtpPort), "CLOUDSWEEP_SMTP_FROM", "cloudsweep@example.com",
                "CLOUDSWEEP_SMTP_SECURITY", "none"));
        return new Chat(builder.start());
    }

    @Test
    void aFailedCleanupIsDeliveredOnceToTheWebhookAndTheMailboxAfterTheProcessIsKilled() throws Exception {
        try (Chat first = chat()) {
            first.type("connect " + ROLE);
            first.awaitOutput("Scan complete: \\d+ findings");
            first.type("policy set cleanup on " + DemoCloud.ACCOUNT.id());
            first.awaitOutput("are now on");
            first.type("notify add webhook http://127.0.0.1:" + hookPort + "/hook cleanup.failed");
            first.type("notify add email ops@example.com cleanup.failed");
            first.awaitOutput("Notifications #2: email ops@example.com");
            first.type("findings ebs-unattached");
            String finding = first.awaitOutput("(F-\\d+)  delete the volume[^\\n]* " + VOLUME);
            fake.deny("ec2:DeleteVolume");
            first.type("approve " + finding);
            first.awaitOutput("! Cleanup C-1 of " + finding + " \\(delete_volume " + VOLUME);
            // the receivers are down: the first attempts fail, and the process dies before the next
            first.process.destroyForcibly().waitFor();
        }
        assertThat(keys).isEmpty();

        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", hookPort), 0);
        hook.createContext("/hook", exchange -> {
            try (exchange) {
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                keys.add(key);
                taken.putIfAbsent(key, new ObjectMapper().readTree(exchange.getRequestBody()));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        hook.start();
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try (Chat second = chat()) {
            second.type("notify");
            eventually(() -> !keys.isEmpty() && mail.getReceivedMessages().length > 0 ? true : null, Duration.ofSeconds(120),
                    () -> "not delivered after the restart:\n" + second.out);
            second.in.close();
            second.process.waitFor();
        }
        assertThat(keys).as("once").hasSize(1);
        JsonNode event = taken.values().iterator().next();
        assertThat(event.get("event").asText()).isEqualTo("cleanup.failed");
        assertThat(event.at("/data/resource_id").asText()).isEqualTo(VOLUME);
        assertThat(event.at("/data/reason").asText()).contains("ec2:DeleteVolume");
        assertThat(mail.getReceivedMessages()).hasSize(1);
        assertThat(mail.getReceivedMessages()[0].getSubject()).startsWith("CloudSweep: cleanup C-1 failed (delete_volume " + VOLUME);
    }
}
