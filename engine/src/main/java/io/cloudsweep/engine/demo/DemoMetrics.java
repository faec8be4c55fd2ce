package io.cloudsweep.engine.demo;

import java.util.Set;

/** Deterministic daily metric histories for the demo's resources. */
final class DemoMetrics {

    private DemoMetrics() {
    }

    /** One metric's value {@code daysAgo} days before today, or null for "no datapoint that day". */
    @FunctionalInterface
    interface Profile {
        Double valueDaysAgo(int daysAgo);
    }

    /** Around {@code base}, moving by up to {@code swing} from day to day, never negative. */
    static Profile around(double base, double swing) {
        return daysAgo -> Math.max(0, base + swing * Math.sin(daysAgo * 1.7));
    }

    /** The same every day (zero for "nothing happened", as CloudWatch reports connections). */
    static Profile constant(double value) {
        return daysAgo -> value;
    }

    /** {@code profile}, with no datapoint on the given days (the agent was down, say). */
    static Profile missingOn(Profile profile, Integer... daysAgo) {
        Set<Integer> gaps = Set.of(daysAgo);
        return day -> gaps.contains(day) ? null : profile.valueDaysAgo(day);
    }

    /** {@code profile}, with {@code value} on one day. */
    static Profile spike(Profile profile, int daysAgo, double value) {
        return day -> day == daysAgo ? value : profile.valueDaysAgo(day);
    }
}
