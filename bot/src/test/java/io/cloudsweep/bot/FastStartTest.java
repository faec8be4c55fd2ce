package io.cloudsweep.bot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FastStartTest {

    @Test
    void aScanRunsWithTheQuickCompilerTheSerialCollectorAndA128MbFirstHeapWhenNothingElseIsSaid() {
        assertThat(FastStart.childOptions(List.of("-Dfile.encoding=UTF-8")))
                .containsExactly("-Dfile.encoding=UTF-8", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms128m");
    }

    @Test
    void theCallersOwnHeapCompilerAndCollectorAreKeptAndNotContradicted() {
        // -Xms128m beside -Xmx96m would stop the JVM from starting at all
        assertThat(FastStart.childOptions(List.of("-Xmx96m"))).doesNotContain("-Xms128m");
        assertThat(FastStart.childOptions(List.of("-XX:MaxRAMPercentage=50"))).doesNotContain("-Xms128m");
        assertThat(FastStart.childOptions(List.of("-XX:+UseParallelGC", "-XX:-TieredCompilation")))
                .containsExactly("-XX:+UseParallelGC", "-XX:-TieredCompilation", "-Xms128m");
    }
}
