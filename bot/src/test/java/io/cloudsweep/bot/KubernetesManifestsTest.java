package io.cloudsweep.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests parse, probe the routes the server answers, run the image the README builds as a user that
 * is not root on a read-only root filesystem, and name exactly the settings the code reads: every one, none it does not.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of("..");
    private static final Path MANIFESTS = ROOT.resolve("manifests/kubernetes");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern SETTING = Pattern.compile("\"((?:CLOUDSWEEP|SLACK|MICROSOFT|BOT|AWS)_[A-Z0-9_]+)\"|\\$\\{(CLOUDSWEEP_[A-Z_]+)");

    /** Settings that only the one-shot {@code scan} reads; the server never does, so its manifests leave them out. */
    private static final Set<String> ONE_SHOT_SETTINGS = Set.of("CLOUDSWEEP_FAST_START");

    private static JsonNode manifest(String file) throws IOException {
        return YAML.readTree(MANIFESTS.resolve(file).toFile());
    }

    /** The settings the code reads from its environment (the AWS SDK's own aside, which the SDK documents). */
    private static Set<String> settingsTheCodeReads() throws IOException {
        Set<String> names = new TreeSet<>();
        List<Path> roots = List.of(ROOT.resolve("bot/src/main"), ROOT.resolve("storage/src/main"), ROOT.resolve("adapters"));
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(file -> file.toString().contains("/src/main/") && (file.toString().endsWith(".java") || file.toString().endsWith(".xml")))
                        .forEach(file -> {
                            Matcher matcher = SETTING.matcher(read(file));
                            while (matcher.find()) {
                                names.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
                            }
                        });
            }
        }
        names.removeIf(name -> name.startsWith("AWS_") && !name.equals("AWS_REGION"));
        names.removeAll(ONE_SHOT_SETTINGS);
        return names;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theDeploymentRunsTwoReplicasOfTheImageProbedOnTheServersRoutesAsANonRootUser() throws IOException {
        JsonNode deployment = manifest("deployment.yaml");
        assertThat(deployment.get("kind").asText()).isEqualTo("Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(read(ROOT.resolve("bot/src/main/java/io/cloudsweep/bot/server/BotServer.java"))).contains("\"/readyz\"", "\"/healthz\"");
        Matcher built = Pattern.compile("docker build -t (\\S+) \\.").matcher(read(ROOT.resolve("README.md")));
        assertThat(built.find()).isTrue();
        assertThat(container.get("image").asText()).matches("([a-z0-9.-]+/)*" + built.group(1) + ":[\\w.-]+");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(3000);
        assertThat(container.get("args").toString()).contains("\"--port\",\"3000\"");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
        List<String> mounted = new ArrayList<>();
        container.get("volumeMounts").forEach(mount -> mounted.add(mount.get("mountPath").asText()));
        assertThat(mounted).contains("/tmp", "/data");
        assertThat(pod.get("serviceAccountName").asText()).isEqualTo(manifest("serviceaccount.yaml").at("/metadata/name").asText());
    }

    @Test
    void theConfigMapAndSecretNameEverySettingTheCodeReadsAndNoOther() throws IOException {
        Set<String> named = new TreeSet<>();
        manifest("configmap.yaml").get("data").fieldNames().forEachRemaining(named::add);
        Set<String> secrets = new TreeSet<>();
        manifest("secret.example.yaml").get("stringData").fieldNames().forEachRemaining(secrets::add);
        named.addAll(secrets);

        assertThat(named).isEqualTo(settingsTheCodeReads());
        assertThat(secrets).as("what is secret is in the Secret").contains("CLOUDSWEEP_DB_PASSWORD", "CLOUDSWEEP_SECRET_KEY",
                "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_CLIENT_SECRET", "MICROSOFT_APP_PASSWORD", "CLOUDSWEEP_SMTP_PASSWORD");
        JsonNode sources = manifest("deployment.yaml").at("/spec/template/spec/containers/0/envFrom");
        assertThat(sources.findValuesAsText("name")).containsExactly("cloudsweep", "cloudsweep");
    }

    @Test
    void theServiceBudgetAndIngressReachTheDeploymentAndTheIngressServesOnlyTheChatsAndTheApiOverTls() throws IOException {
        assertThat(manifest("service.yaml").at("/spec/selector/app.kubernetes.io~1name").asText()).isEqualTo("cloudsweep");
        assertThat(manifest("poddisruptionbudget.yaml").at("/spec/minAvailable").asInt()).isEqualTo(1);
        JsonNode ingress = manifest("ingress.yaml");
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isNotEmpty();
        List<String> paths = ingress.at("/spec/rules/0/http/paths").findValuesAsText("path");
        assertThat(paths).containsExactly("/slack", "/api", "/privacy", "/terms");
    }

    @Test
    void serveHelpNamesEverySettingTheCodeReads() throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        int code = io.cloudsweep.bot.cli.Cli.create(java.time.Clock.systemUTC(), java.util.Map.of(), new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true)).execute("serve", "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains(settingsTheCodeReads());
        assertThat(out.toString()).doesNotContain("INTERFACES.md");
    }

    @Test
    void scanHelpNamesTheSettingsOnlyItReads() {
        java.io.StringWriter out = new java.io.StringWriter();
        int code = io.cloudsweep.bot.cli.Cli.create(java.time.Clock.systemUTC(), java.util.Map.of(), new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true)).execute("scan", "--help");

        assertThat(code).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains(ONE_SHOT_SETTINGS);
    }
}
