package io.cloudsweep.bot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

class TeamsPackageCommandTest {

    private static final String APP_ID = "00000000-1111-2222-3333-444444444444";
    private static final String TEAMS_APP_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    @TempDir
    Path dir;

    @Test
    void thePackageHoldsTheManifestForThisBotAndBothIcons() throws IOException {
        Path zip = dir.resolve("app.zip");
        CliRun run = CliRun.withEnvironment(Map.of(), "teams-package", "--app-id", APP_ID, "--host", "bot.example.com",
                "--teams-app-id", TEAMS_APP_ID, "--out", zip.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(file.entries())) {
                entries.put(entry.getName(), file.getInputStream(entry).readAllBytes());
            }
        }
        assertThat(entries).containsOnlyKeys("manifest.json", "color.png", "outline.png");
        JsonNode manifest = new ObjectMapper().readTree(entries.get("manifest.json"));
        assertThat(manifest.get("manifestVersion").asText()).isEqualTo("1.17");
        assertThat(manifest.get("id").asText()).isEqualTo(TEAMS_APP_ID);
        JsonNode bot = manifest.get("bots").get(0);
        assertThat(bot.get("botId").asText()).isEqualTo(APP_ID);
        assertThat(bot.get("scopes")).extracting(JsonNode::asText).containsExactly("personal", "team", "groupChat");
        assertThat(bot.get("commandLists").get(0).get("commands").size()).isBetween(1, 10);
        assertThat(manifest.get("validDomains").get(0).asText()).isEqualTo("bot.example.com");
        assertThat(manifest.toString()).doesNotContain("${");
        assertThat(java.util.Arrays.copyOf(entries.get("color.png"), 4)).containsExactly(0x89, 'P', 'N', 'G');
        assertThat(pngSize(entries.get("color.png"))).containsExactly(192, 192);
        assertThat(pngSize(entries.get("outline.png"))).containsExactly(32, 32);
    }

    @Test
    void anAppIdThatIsNotAGuidIsRefused() {
        CliRun run = CliRun.withEnvironment(Map.of(), "teams-package", "--app-id", "my-bot", "--host", "bot.example.com",
                "--out", dir.resolve("app.zip").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--app-id must be the bot's app id, a GUID");
    }

    /** Width and height from a PNG's IHDR chunk. */
    private static int[] pngSize(byte[] png) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(png, 16, 8);
        return new int[] {buffer.getInt(), buffer.getInt()};
    }
}
