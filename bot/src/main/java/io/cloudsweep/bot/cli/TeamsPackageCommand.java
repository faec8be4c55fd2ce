package io.cloudsweep.bot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code cloudsweep teams-package}: the Teams app package to upload (manifest.json with the bot's app id and host
 * filled in, and the two icons, zipped flat as Teams wants them).
 */
@Command(name = "teams-package", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Writes the Teams app package (manifest.json, color.png, outline.png) to upload in Teams or its admin center.",
                "The bot is the Azure Bot registration whose messaging endpoint is https://HOST/api/messages."})
final class TeamsPackageCommand implements Callable<Integer> {

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]+)?");

    @Option(names = "--app-id", required = true, paramLabel = "GUID", description = "The bot's Microsoft app id (MICROSOFT_APP_ID).")
    private String appId;

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "The public host that reaches cloudsweep serve, e.g. bot.example.com.")
    private String host;

    @Option(names = "--teams-app-id", paramLabel = "GUID",
            description = "The Teams app's own id; keep it across versions so an upload updates the app (default: a new one).")
    private String teamsAppId;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "cloudsweep-teams.zip", description = "Where to write it (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!GUID.matcher(appId).matches()) {
            throw new ParameterException(spec.commandLine(), "--app-id must be the bot's app id, a GUID, not '" + appId + "'");
        }
        if (teamsAppId != null && !GUID.matcher(teamsAppId).matches()) {
            throw new ParameterException(spec.commandLine(), "--teams-app-id must be a GUID, not '" + teamsAppId + "'");
        }
        if (!HOST.matcher(host).matches()) {
            throw new ParameterException(spec.commandLine(), "--host must be a host name such as bot.example.com, not '" + host + "'");
        }
        String id = teamsAppId != null ? teamsAppId : UUID.randomUUID().toString();
        String manifest = new String(resource("manifest.json"), StandardCharsets.UTF_8)
                .replace("${MICROSOFT_APP_ID}", appId).replace("${TEAMS_APP_ID}", id).replace("${BOT_HOST}", host);
        try (OutputStream file = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(file)) {
            add(zip, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
            add(zip, "color.png", resource("color.png"));
            add(zip, "outline.png", resource("outline.png"));
        }
        spec.commandLine().getOut().printf("Teams app package written to %s (Teams app id %s, bot %s); upload it in Teams > Apps >"
                + " Manage your apps > Upload an app%n", out, id, appId);
        return ExitCodes.OK;
    }

    private static void add(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TeamsPackageCommand.class.getResourceAsStream("/teams/" + name)) {
            if (in == null) {
                throw new IOException("the Teams app's " + name + " is missing from this build");
            }
            return in.readAllBytes();
        }
    }
}
