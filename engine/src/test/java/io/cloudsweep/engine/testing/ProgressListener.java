package io.cloudsweep.engine.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One line on the console per test class as it ends (its tests, failures and time), so that {@code mvn -q verify} shows
 * how it is getting on instead of minutes of silence. Registered for every module whose tests have this module's test
 * jar on their class path (META-INF/services).
 */
public final class ProgressListener implements TestExecutionListener {

    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> tests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();

    @Override
    public void executionStarted(TestIdentifier test) {
        if (isClass(test)) {
            started.put(test.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest()) {
            String owner = owner(test);
            tests.computeIfAbsent(owner, key -> new AtomicInteger()).incrementAndGet();
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                failed.computeIfAbsent(owner, key -> new AtomicInteger()).incrementAndGet();
            }
            return;
        }
        if (!isClass(test)) {
            return;
        }
        String name = ((ClassSource) test.getSource().orElseThrow()).getClassName();
        Long begun = started.remove(test.getUniqueId());
        double seconds = begun == null ? 0 : (System.nanoTime() - begun) / 1e9;
        int count = tests.getOrDefault(name, new AtomicInteger()).get();
        int failures = failed.getOrDefault(name, new AtomicInteger()).get()
                + (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? 0 : 1);
        System.out.printf(Locale.ROOT, "  %-4s %-60s %3d test%s %6.1f s%n", failures == 0 ? "ok" : "FAIL", name.replace("io.cloudsweep.", ""),
                count, count == 1 ? " " : "s", seconds);
        System.out.flush();
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (isClass(test)) {
            System.out.printf(Locale.ROOT, "  %-4s %-60s skipped: %s%n", "--", ((ClassSource) test.getSource().orElseThrow()).getClassName()
                    .replace("io.cloudsweep.", ""), reason);
            System.out.flush();
        }
    }

    private static boolean isClass(TestIdentifier test) {
        return test.isContainer() && test.getSource().filter(ClassSource.class::isInstance).isPresent();
    }

    /** The class a test belongs to: its unique id names it as {@code [class:NAME]}. */
    private static String owner(TestIdentifier test) {
        String id = test.getUniqueId();
        int at = id.indexOf("[class:");
        return at < 0 ? "" : id.substring(at + 7, id.indexOf(']', at));
    }
}
