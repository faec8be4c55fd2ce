package io.cloudsweep.bot.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudsweep.bot.report.TrendChart;
import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.ApprovalPolicy;
import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.cleanup.CleanupLimits;
import io.cloudsweep.engine.cleanup.CleanupService;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.decisions.Approvals;
import io.cloudsweep.engine.decisions.Decisions;
import io.cloudsweep.engine.demo.DemoCleanupActions;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.report.Digests;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import io.cloudsweep.engine.store.NotifyEvent;
import io.cloudsweep.engine.store.NotifyTargets;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.AwsAccounts;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.Outbox;
import io.cloudsweep.storage.PostgresCleanupStore;
import io.cloudsweep.storage.PostgresDecisions;
import io.cloudsweep.storage.PostgresFindingStore;
import io.cloudsweep.storage.PostgresNotifyTargets;
import io.cloudsweep.storage.PostgresReports;
import io.cloudsweep.storage.SecretBox;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import io.cloudsweep.engine.testing.MovingClock;
import io.cloudsweep.engine.testing.RefusingActions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cleanup fails for real (its delete refused); the failure and its notifications commit together; the server that
 * wrote them is gone before delivering (its objects dropped, as a crash leaves it), and a fresh one delivers them: the
 * webhook, to a receiver on loopback that checks the signature as the README says and fails three times first, gets the
 * event once; the email arrives at an SMTP server in the test, text and HTML. A delivery cut off after sending is sent
 * again under the same idempotency key, which the receiver uses to take it once.
 */
class NotificationDeliveryTest {

    private static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");
    private static final Outbox.Policy POLICY = new Outbox.Policy(6, Duration.ofSeconds(10), Duration.ofHours(1));
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A webhook receiver as the README tells one to write: it checks the signature and the time, refuses with 503 the first
     * {@code failFirst} good requests, and takes an event once by its idempotency key.
     */
    private final class Receiver {
        final List<String> keys = new CopyOnWriteArrayList<>();
        final Map<String, JsonNode> taken = new ConcurrentHashMap<>();
        final List<String> refused = new CopyOnWriteArrayList<>();
        final AtomicInteger failFirst = new AtomicInteger();
        volatile String secret = "";
        HttpServer server;

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String header = exchange.getRequestHeaders().getFirst("CloudSweep-Signature");
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                long t = Long.parseLong(header.replaceAll("^t=(\\d+),v1=.*$", "$1"));
                String v1 = header.replaceAll("^t=\\d+,v1=([0-9a-f]+)$", "$1");
                boolean fresh = Math.abs(clock.instant().getEpochSecond() - t) <= 300;
                if (!fresh || !java.security.MessageDigest.isEqual(v1.getBytes(StandardCharsets.US_ASCII),
                        WebhookSender.signature(secret, t, body).getBytes(StandardCharsets.US_ASCII))) {
                    refused.add(key);
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                keys.add(key);
                if (failFirst.getAndDecrement() > 0) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                taken.putIfAbsent(key, JSON.readTree(body));
                exchange.sendResponseHeaders(204, -1);
            }
        }
    }

    @TempDir
    Path dataDir;
    private final MovingClock clock = new MovingClock(NOW);
    private final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());
    private final Receiver receiver = new Receiver();
    private final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    /** What chat channels that take notifications were sent. */
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private Database database;
    private Organization console;
    private DemoCloud cloud;

    @BeforeEach
    void start() throws IOException {
        receiver.start();
        mail.start();
        database = Database.open(DatabaseSettings.embedded(dataDir));
        database.migrate();
        console = new Organizations(database).console();
        cloud = DemoCloud.at(NOW);
        new AwsAccounts(database, clock).connect(console.id(), DemoCloud.ACCOUNT.id(), DemoCloud.ACCOUNT.name(), Optional.empty(),
                Optional.empty(), true);
        ScanService scans = new ScanService(cloud, RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), clock, 3);
        new PostgresFindingStore(database).save(console, scans.scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE));
        PostgresNotifyTargets targets = new PostgresNotifyTargets(database, box, clock);
        NotifyTargets.Added hook = (NotifyTargets.Added) targets.add(console.id(), new NotifyTargets.Request(NotifyTargets.Kind.WEBHOOK,
                receiver.url(), Set.of(NotifyEvent.CLEANUP_FAILED), Money.ZERO, Organization.Platform.CONSOLE, "terminal"), "console");
        receiver.secret = hook.secret().orElseThrow();
        targets.add(console.id(), new NotifyTargets.Request(NotifyTargets.Kind.EMAIL, "ops@example.com",
                Set.of(NotifyEvent.CLEANUP_FAILED, NotifyEvent.DIGEST_READY), Money.ZERO, Organization.Platform.CONSOLE, "terminal"), "console");
    }

    @AfterEach
    void stop() {
        receiver.server.stop(0);
        mail.stop();
        database.close();
    }

    /** A server's deliveries, as a freshly started one makes them. */
    private Deliveries restarted() {
        SmtpSettings smtp = new SmtpSettings("127.0.0.1", mail.getSmtp().getPort(), "cloudsweep@example.com", Optional.empty(), Optional.empty(),
                SmtpSettings.Security.NONE);
        return new Deliveries(new Outbox(database, box, POLICY, clock), new TrendChart(), new WebhookSender(clock),
                Optional.of(new EmailSender(smtp)), (organization, platform, conversation, card) -> {
                    posted.add(platform.id() + " " + conversation + ": " + io.cloudsweep.engine.chat.Cards.summary(card));
                    return new Outbox.Delivered();
                });
    }

    /** Approves the demo's medium-risk unattached volume and runs its cleanup, whose delete AWS refuses. */
    private long failedCleanup() {
        long finding = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT id FROM findings WHERE rule_id = 'ebs-unattached' AND risk = 'medium' ORDER BY id LIMIT 1").mapTo(Long.class).one());
        Decisions.Approval approval = new PostgresDecisions(database).approve(console.id(), finding, new Actor("console", Role.ADMIN),
                new Approvals(new ApprovalPolicy(), CleanupLimits.defaults()), clock.instant()).orElseThrow();
        long cleanup = ((Decisions.Approval.Started) approval).cleanupId();
        DemoCleanupActions demo = new DemoCleanupActions(cloud, clock);
        PostgresCleanupStore store = new PostgresCleanupStore(database, clock);
        new CleanupService(store, cloud, new RefusingActions(demo, "UnauthorizedOperation: You are not authorized to perform ec2:DeleteVolume"), RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()), new RiskPolicy(RiskPolicy.Parameters.defaults()),
                Protection.from(Settings.empty()), clock).advance(cleanup, "cloudsweep", step -> { });
        return cleanup;
    }

    @Test
    void aFailedCleanupReachesTheWebhookOnceAfterThreeFailuresAndTheMailboxOnceAcrossARestart() throws Exception {
        long cleanup = failedCleanup();
        receiver.failFirst.set(3);

        // the server that wrote the failure is gone; another delivers, its job running every few seconds
        Deliveries deliveries = restarted();
        List<Outbox.Run> runs = new ArrayList<>();
        for (int run = 0; run < 6; run++) {
            runs.add(deliveries.run());
            clock.advance(Duration.ofMinutes(10));
        }

        assertThat(runs.stream().mapToInt(Outbox.Run::delivered).sum()).as("the email, then the webhook at its fourth attempt").isEqualTo(2);
        assertThat(receiver.refused).as("every request signed and on time").isEmpty();
        assertThat(receiver.keys).hasSize(4).containsOnly(receiver.keys.get(0));
        assertThat(receiver.taken).hasSize(1);
        JsonNode event = receiver.taken.values().iterator().next();
        assertThat(event.get("event").asText()).isEqualTo("cleanup.failed");
        assertThat(event.get("id").asText()).isEqualTo(receiver.keys.get(0));
        assertThat(event.get("data").get("cleanup").asText()).isEqualTo("C-" + cleanup);
        assertThat(event.get("data").get("reason").asText()).contains("UnauthorizedOperation");
        assertThat(event.get("data").get("action").asText()).isEqualTo("delete_volume");

        assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage email = received[0];
        assertThat(email.getSubject()).startsWith("CloudSweep: cleanup C-" + cleanup + " failed (delete_volume vol-");
        assertThat(email.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
        assertThat(email.getMessageID()).startsWith("<cloudsweep-cleanup-" + cleanup + "-failed-t");
        Multipart alternative = (Multipart) email.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat((String) alternative.getBodyPart(0).getContent()).contains("UnauthorizedOperation");
        Multipart related = (Multipart) alternative.getBodyPart(1).getContent();
        assertThat(related.getBodyPart(0).getContentType()).startsWith("text/html");
    }

    @Test
    void aChannelThatTakesCleanupFailuresIsToldInWords() {
        new PostgresNotifyTargets(database, box, clock).add(console.id(), new NotifyTargets.Request(NotifyTargets.Kind.CHAT, "C0OPS",
                Set.of(NotifyEvent.CLEANUP_FAILED), Money.ZERO, Organization.Platform.SLACK, "C0OPS"), "console");
        long cleanup = failedCleanup();

        restarted().run();

        assertThat(posted).singleElement().asString().startsWith("slack C0OPS: CloudSweep: cleanup C-" + cleanup + " failed (delete_volume vol-")
                .contains("UnauthorizedOperation");
    }

    @Test
    void aDeliveryCutOffAfterSendingIsSentAgainUnderTheSameKeyAndTakenOnce() throws Exception {
        failedCleanup();
        Deliveries deliveries = restarted();
        Outbox dying = new Outbox(database, box, POLICY, clock);

        // the replica sends, then dies before it can record the delivery: its transaction goes with it
        try {
            dying.deliverDue(10, delivery -> {
                Outbox.Result result = deliveries.deliver(delivery);
                if (delivery.kind() == NotifyTargets.Kind.WEBHOOK) {
                    throw new ThreadDeath();
                }
                return result;
            });
        } catch (ThreadDeath expected) {
            // as a crash
        }
        deliveries.run();
        deliveries.run();

        assertThat(receiver.keys).hasSize(2).containsOnly(receiver.keys.get(0));
        assertThat(receiver.taken).as("the receiver takes it once, by its key").hasSize(1);
        assertThat(mail.getReceivedMessages()).as("the email, delivered before the cut").hasSize(1);
        assertThat(new Outbox(database, box, POLICY, clock).backlog()).isZero();
    }

    @Test
    void aDigestByEmailCarriesItsChartInline() throws Exception {
        PostgresReports reports = new PostgresReports(database);
        new Digests(reports, reports, clock).build(console.id(), Digest.Scope.WEEK, ZoneOffset.UTC);

        restarted().run();

        assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage email = mail.getReceivedMessages()[0];
        assertThat(email.getSubject()).startsWith("CloudSweep weekly digest: $1,584.79/month open");
        Multipart related = (Multipart) ((Multipart) email.getContent()).getBodyPart(1).getContent();
        assertThat((String) related.getBodyPart(0).getContent()).contains("<img src=\"cid:chart\"");
        BodyPart chart = related.getBodyPart(1);
        assertThat(chart.getContentType()).startsWith("image/png");
        assertThat(chart.getHeader("Content-ID")).containsExactly("<chart>");
        byte[] png = chart.getInputStream().readAllBytes();
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth()).isEqualTo(640);
        assertThat(receiver.keys).as("the webhook does not take digests").isEmpty();
    }
}
