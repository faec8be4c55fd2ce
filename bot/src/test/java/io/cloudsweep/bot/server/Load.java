package io.cloudsweep.bot.server;

import io.undertow.Undertow;
import io.undertow.util.Headers;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The benchmarks' load: an open loop at a steady rate (latency counted from each request's scheduled time, so a stall
 * shows), a closed loop for the ceiling, and a bare Undertow handler to hold a route against in the same run.
 */
public final class Load {

    private Load() {
    }

    /** What one steady phase measured. */
    public record Figures(int requests, double p50Ms, double p99Ms, double maxMs, double throughput, int failed) {
    }

    /** The JVM option the Dockerfile runs the server with, so that its background threads' low priority is heeded. */
    public static final String PRIORITIES = "-XX:ThreadPriorityPolicy=1";

    /** The JVM option the Dockerfile runs the server with, so that the lowest Java priority is Linux's lowest (nice 19). */
    public static final String LOWEST = "-XX:JavaPriority1_To_OSPriority=19";

    /** Whether this JVM heeds thread priorities, and how low the lowest is, for a benchmark's first lines ({@code -Dbench.priority}, {@code -Dbench.lowest}). */
    public static String priorities() {
        List<String> options = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!options.contains(PRIORITIES)) {
            return "ignored, the JVM's default: every thread alike";
        }
        return "heeded (" + PRIORITIES + "), scans and chat work below the acknowledgements, " + (options.contains(LOWEST)
                ? "at nice 19 (" + LOWEST + "), as the container runs the server" : "at the JVM's nice 4 for the lowest priority, not the container's 19");
    }

    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(4, daemons("bench-client"))).build();
    }

    /**
     * The threads that send the load's requests, each waiting for its answer: as many as are in flight, kept for reuse.
     * Not {@link HttpClient#sendAsync}: on a machine of two cores the common pool has one thread, and {@code sendAsync}
     * then completes every response on a thread started for it (JDK 17), a thread per request, which cost the load
     * more CPU than bare Undertow took to answer.
     */
    private static final ExecutorService SENDERS = Executors.newCachedThreadPool(daemons("bench-sender"));

    private static java.util.concurrent.ThreadFactory daemons(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Sends {@code request} on a sender thread: its answer (the body discarded), or the failure. */
    private static CompletableFuture<HttpResponse<Void>> send(HttpClient http, HttpRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return http.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }, SENDERS);
    }

    /** An Undertow answering "ok" to anything, started; stop it when done. */
    public static Undertow bare() {
        Undertow bare = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseSender().send("ok");
        }).build();
        bare.start();
        return bare;
    }

    public static IntFunction<HttpRequest> bareRequests(Undertow bare) {
        URI plain = URI.create("http://127.0.0.1:" + ((InetSocketAddress) bare.getListenerInfo().get(0).getAddress()).getPort() + "/");
        return i -> HttpRequest.newBuilder(plain).POST(HttpRequest.BodyPublishers.ofString("x")).build();
    }

    /** {@code rate} requests a second for {@code length}, each expected to be answered {@code status}; prints and returns the figures. */
    public static Figures steady(String name, HttpClient http, IntFunction<HttpRequest> requests, int rate, Duration length, int status)
            throws InterruptedException {
        int total = (int) (rate * length.toSeconds());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(total));
        long[] byRequest = new long[total];
        AtomicInteger failures = new AtomicInteger();
        java.util.Map<String, Integer> failedHow = new java.util.concurrent.ConcurrentHashMap<>();
        List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
        Cpu before = Cpu.now();
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < total; i++) {
            int request = i;
            long scheduled = start + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                // The load's schedule (an open loop at the rate), not a wait for the server: latency counts from here.
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            inFlight.add(send(http, requests.apply(i)).whenComplete((response, error) -> {
                if (error != null || response.statusCode() != status) {
                    failures.incrementAndGet();
                    failedHow.merge(error != null ? String.valueOf(rootCause(error)) : "HTTP " + response.statusCode(), 1, Integer::sum);
                }
                byRequest[request] = System.nanoTime() - scheduled;
                latencies.add(byRequest[request]);
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        Cpu used = Cpu.now().minus(before);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        Figures figures = new Figures(total, ms(sorted, 0.50), ms(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6, total / seconds, failures.get());
        System.out.printf(Locale.ROOT, "%-46s %5d requests at %d/s: p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  throughput %6.0f/s  failed %d%n",
                name, total, rate, figures.p50Ms(), figures.p99Ms(), figures.maxMs(), figures.throughput(), figures.failed());
        failedHow.forEach((how, count) -> System.out.printf(Locale.ROOT, "  %,d failed: %s%n", count, how));
        if (length.toSeconds() <= 10) {
            System.out.println("  p99 of the requests sent in each second: " + bySecond(byRequest, rate));
        }
        System.out.printf(Locale.ROOT, "  this JVM (the load, and the server unless it runs as a process of its own) meanwhile: %s%n", used.describe(seconds, total));
        return figures;
    }

    private static String bySecond(long[] byRequest, int rate) {
        List<String> seconds = new ArrayList<>();
        for (int from = 0; from < byRequest.length; from += rate) {
            long[] second = java.util.Arrays.copyOfRange(byRequest, from, Math.min(byRequest.length, from + rate));
            java.util.Arrays.sort(second);
            seconds.add(String.format(Locale.ROOT, "%.0f", second[Math.min(second.length - 1, (int) (second.length * 0.99))] / 1e6));
        }
        return String.join(", ", seconds) + " ms";
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** What a closed loop got answered, and in how long. */
    public record Ceiling(int requests, double seconds) {
        public double perSecond() {
            return requests / seconds;
        }
    }

    /** As fast as 32 clients can go for five seconds: the ceiling. */
    public static Ceiling closedLoop(String name, HttpClient http, IntFunction<HttpRequest> requests) throws InterruptedException {
        Semaphore slots = new Semaphore(32);
        AtomicInteger done = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        ThreadCpu threadsBefore = ThreadCpu.now();
        Cpu before = Cpu.now();
        long start = System.nanoTime();
        for (int i = 0; System.nanoTime() < end; i++) {
            slots.acquire();
            send(http, requests.apply(i)).whenComplete((response, error) -> {
                if (error != null) {
                    errors.add(error);
                }
                done.incrementAndGet();
                slots.release();
            });
        }
        slots.acquire(32);
        double seconds = (System.nanoTime() - start) / 1e9;
        double perSecond = done.get() / seconds;
        System.out.printf(Locale.ROOT, "%-46s ceiling with 32 clients: %6.0f requests/s (%d errors); %s%n", name, perSecond, errors.size(),
                Cpu.now().minus(before).describe(seconds, done.get()));
        System.out.printf(Locale.ROOT, "  CPU a request, by thread: %s%n", ThreadCpu.now().minus(threadsBefore).describe(done.get()));
        return new Ceiling(done.get(), seconds);
    }

    /**
     * The CPU time so far of this JVM's threads, by whom they work for: the load (its senders, its HTTP client, the main
     * thread that builds and signs the requests), Undertow's threads (which read, check and acknowledge), and the rest
     * (the work requests leave, the loopback Slack, the collector). Unlike the ratio to bare, which the load's own cost
     * weighs on, the Undertow figure is the route's cost alone.
     */
    record ThreadCpu(long load, long undertow, long rest) {

        static ThreadCpu now() {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long load = 0;
            long undertow = 0;
            long rest = 0;
            for (java.lang.management.ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
                long cpu = thread == null ? -1 : threads.getThreadCpuTime(thread.getThreadId());
                if (cpu < 0) {
                    continue; // ended since it was listed
                }
                String name = thread.getThreadName();
                if (name.startsWith("bench-") || name.startsWith("HttpClient-") || name.equals("main")) {
                    load += cpu;
                } else if (name.startsWith("XNIO-")) {
                    undertow += cpu;
                } else {
                    rest += cpu;
                }
            }
            return new ThreadCpu(load, undertow, rest);
        }

        ThreadCpu minus(ThreadCpu earlier) {
            return new ThreadCpu(load - earlier.load, undertow - earlier.undertow, rest - earlier.rest);
        }

        String describe(int requests) {
            double each = 1e3 * Math.max(1, requests);
            return String.format(Locale.ROOT, "Undertow's (reading, checking, acknowledging) %.0f µs, the load's %.0f µs, the rest of this JVM %.0f µs",
                    undertow / each, load / each, rest / each);
        }
    }

    /** This JVM's CPU time and the JIT's compiling time so far, to tell a phase's work from its compiling. */
    public record Cpu(long cpuNanos, long jitMillis) {

        public static Cpu now() {
            return new Cpu(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime(), java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
        }

        public Cpu minus(Cpu earlier) {
            return new Cpu(cpuNanos - earlier.cpuNanos, jitMillis - earlier.jitMillis);
        }

        public String describe(double seconds, int requests) {
            return String.format(Locale.ROOT, "CPU %.1f s of %.1f s on %d cores, JIT compiling %.1f s, %.0f µs of CPU a request",
                    cpuNanos / 1e9, seconds * Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors(),
                    jitMillis / 1e3, cpuNanos / 1e3 / Math.max(1, requests));
        }
    }

    /** The process's resident memory now and the JVM's heap in use, for a line of figures. */
    public static String memory() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "peak RSS %d MB, heap in use %d MB", peakRssMb("self"), (runtime.totalMemory() - runtime.freeMemory()) >> 20);
    }

    /** The peak resident memory of process {@code pid} ({@code self} for this one), from Linux's {@code /proc}; -1 when unknown. */
    static long peakRssMb(String pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    private static double ms(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * quantile))) / 1e6;
    }
}
