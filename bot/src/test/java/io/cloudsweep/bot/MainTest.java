package io.cloudsweep.bot;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(warnings, true, StandardCharsets.UTF_8);

    @Test
    void aServerWithoutATerminalLogsJsonLinesAndTheRestText() {
        assertThat(Main.logConfiguration(null, true, err)).contains("logback-json.xml");
        assertThat(Main.logConfiguration(null, false, err)).isEmpty();
        assertThat(Main.logConfiguration("  ", true, err)).contains("logback-json.xml");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theEnvironmentDecidesOverTheDefault() {
        assertThat(Main.logConfiguration("json", false, err)).contains("logback-json.xml");
        assertThat(Main.logConfiguration(" TEXT ", true, err)).isEmpty();
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anUnknownFormatIsSaidAndTheDefaultKept() {
        assertThat(Main.logConfiguration("yaml", true, err)).contains("logback-json.xml");
        assertThat(Main.logConfiguration("yaml", false, err)).isEqualTo(Optional.empty());
        assertThat(warnings.toString(StandardCharsets.UTF_8))
                .contains("CLOUDSWEEP_LOG_FORMAT=yaml is neither json nor text; logging as json")
                .contains("CLOUDSWEEP_LOG_FORMAT=yaml is neither json nor text; logging as text");
    }

    @Test
    void theJsonConfigurationShipsInTheJar() {
        assertThat(Main.class.getClassLoader().getResource("logback-json.xml")).isNotNull();
    }
}
