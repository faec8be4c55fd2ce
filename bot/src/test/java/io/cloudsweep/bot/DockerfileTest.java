package io.cloudsweep.bot;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs where the tests do, so the image is not built here: what can be checked without one is. The
 * build stage runs the README's build command; the runtime stage copies the jar that command makes, runs as a user that
 * is not root, keeps its data in a volume, and checks its health on the port it serves.
 */
class DockerfileTest {

    private static final Path ROOT = Path.of("..");

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    private static List<String> instructions() throws IOException {
        return Arrays.stream(read("Dockerfile").replace("\\\n", " ").split("\n")).map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    @Test
    void theBuildStageRunsTheReadmesBuildCommandAndTheRuntimeCopiesTheJarItMakes() throws IOException {
        List<String> lines = instructions();
        assertThat(lines).filteredOn(line -> line.startsWith("FROM ")).hasSize(2)
                .anySatisfy(from -> assertThat(from).contains("AS build")).last().asString().contains("17-jre");
        Matcher readme = Pattern.compile("\n(mvn [^&\n]+?) && java -jar (\\S+) serve --demo").matcher(read("README.md"));
        assertThat(readme.find()).as("the README's two commands").isTrue();
        String build = lines.stream().filter(line -> line.startsWith("RUN mvn")).findFirst().orElseThrow().substring("RUN ".length());
        assertThat(build.replace(" -B", "")).as("the README's build command, in batch mode").isEqualTo(readme.group(1));
        String jar = readme.group(2);
        assertThat(read("bot/pom.xml")).contains("<finalName>" + Path.of(jar).getFileName().toString().replace(".jar", "") + "</finalName>");
        assertThat(lines).contains("COPY --from=build /src/" + jar + " /app/cloudsweep.jar");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("ENTRYPOINT").contains("\"-jar\", \"/app/cloudsweep.jar\"")
                .contains("-Dfile.encoding=UTF-8").contains("MaxRAMPercentage")
                // the compilers the benchmarks measure the server with (bench.jit in bot/pom.xml)
                .contains("\"-XX:TieredStopAtLevel=1\"")
                // background work (scans, chat work, jobs) below the requests it acknowledges: see ChatWork
                .contains("\"-XX:ThreadPriorityPolicy=1\"")
                // ... and as far below them as Linux goes (nice 19)
                .contains("\"-XX:JavaPriority1_To_OSPriority=19\""));
    }

    @Test
    void itRunsAsAUserThatIsNotRootWithItsDataInAVolumeAndChecksItsHealthOnThePortItServes() throws IOException {
        List<String> lines = instructions();
        String user = lines.stream().filter(line -> line.startsWith("USER ")).reduce((first, last) -> last).orElseThrow();
        assertThat(user.substring(5).split(":")[0]).doesNotMatch("0|root");
        assertThat(lines).contains("VOLUME /data");
        String command = lines.stream().filter(line -> line.startsWith("CMD ")).findFirst().orElseThrow();
        Matcher port = Pattern.compile("\"--port\", \"(\\d+)\"").matcher(command);
        assertThat(port.find()).isTrue();
        assertThat(command).contains("\"--data-dir\", \"/data\"").contains("\"--host\", \"0.0.0.0\"");
        assertThat(lines).contains("EXPOSE " + port.group(1));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("HEALTHCHECK")
                .contains("http://127.0.0.1:" + port.group(1) + "/healthz"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("RUN apt-get").contains("curl").contains("fontconfig"));
    }

    @Test
    void theBuildContextLeavesOutBuildsAndHistory() throws IOException {
        assertThat(read(".dockerignore").lines().toList()).contains(".git", "**/target");
    }
}
