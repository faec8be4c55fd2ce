package io.cloudsweep.engine.format;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTest {

    @Test
    void quotesOnlyFieldsThatNeedItAndReadsThemBack() {
        List<String> fields = List.of("plain", "with, comma", "with \"quotes\"", "", "multi\nline");

        String line = Csv.formatLine(fields);

        assertThat(line).isEqualTo("plain,\"with, comma\",\"with \"\"quotes\"\"\",,\"multi\nline\"");
        assertThat(Csv.parseLine(line)).isEqualTo(fields);
    }

    @Test
    void refusesAnUnterminatedQuote() {
        assertThatThrownBy(() -> Csv.parseLine("a,\"b")).hasMessageContaining("unterminated");
    }
}
