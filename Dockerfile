# CloudSweep in a container: the Maven build (the README's build command), then a slim Java 17 runtime.
#   docker build -t cloudsweep .
#   docker run -p 3000:3000 -v cloudsweep-data:/data cloudsweep serve --demo --host 0.0.0.0 --port 3000 --data-dir /data

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre-jammy
# curl for the health check; fontconfig and FreeType for the digest charts' text (the font itself ships in the jar)
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl fontconfig libfreetype6 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 cloudsweep \
    && useradd --system --uid 10001 --gid cloudsweep --home-dir /data --shell /usr/sbin/nologin cloudsweep \
    && mkdir -p /data /app \
    && chown cloudsweep:cloudsweep /data
COPY --from=build /src/bot/target/cloudsweep.jar /app/cloudsweep.jar
# The embedded PostgreSQL refuses to run as root; so does everything else here.
USER 10001:10001
# The embedded PostgreSQL's files and the generated secret key live here (an external database needs neither)
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 CMD curl -fsS http://127.0.0.1:3000/healthz || exit 1
# The quick compiler only (C1): a bot's work comes in bursts after a start or a quiet spell, and C2's compiling took
# most of the two cores then (Slack at 500 requests/s on a fresh server: p50 1.2 to 5.3 s with C2, 3 to 8 ms without). Measured
# by the benchmarks, which run the server with these compilers (README, Benchmark).
# ThreadPriorityPolicy=1 lets Linux heed Java's thread priorities: scans, chat work and jobs run below the threads that
# acknowledge Slack and Teams, so a busy server still answers within Slack's 3 s. JavaPriority1_To_OSPriority=19 puts
# them at nice 19 rather than the JVM's 4: when both want a core, Linux gives such a thread about 1/70 of the time an
# acknowledging thread gets, rather than 2/5 (README, In a container). Lowering a thread's priority needs no privilege; the JVM
# warns at start that raising one might, and CloudSweep raises none.
ENTRYPOINT ["java", "-XX:TieredStopAtLevel=1", "-XX:ThreadPriorityPolicy=1", "-XX:JavaPriority1_To_OSPriority=19", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8", "-Djava.awt.headless=true", "-jar", "/app/cloudsweep.jar"]
CMD ["serve", "--host", "0.0.0.0", "--port", "3000", "--data-dir", "/data"]
