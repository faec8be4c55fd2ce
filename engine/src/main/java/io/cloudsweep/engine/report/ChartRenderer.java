package io.cloudsweep.engine.report;

import java.util.List;

/** Draws a digest's trend (open waste and cumulative realised savings by week) as a PNG of the given size. Thread-safe. */
@FunctionalInterface
public interface ChartRenderer {

    /** Draws no chart: for chats and tests that do without one. */
    ChartRenderer NONE = (trend, width, height) -> new byte[0];

    byte[] png(List<Digest.TrendPoint> trend, int width, int height);
}
