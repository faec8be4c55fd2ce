package io.cloudsweep.bot.jobs;

import io.cloudsweep.engine.cleanup.CleanupLimits;
import io.cloudsweep.engine.cleanup.CleanupQueue;
import io.cloudsweep.storage.Database;
import io.cloudsweep.engine.chat.ScanSchedule;
import io.cloudsweep.engine.chat.ScanSchedules;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.store.Organization;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Quartz on the JDBC job store in CloudSweep's own PostgreSQL, clustered: every replica runs one, a job queued
 * on one may run on any, and the jobs of a replica that stops checking in are recovered by another (cleanup
 * jobs ask for recovery). Queuing a cleanup that is queued or running already changes nothing: the job's key is
 * the cleanup's id. Thread-safe.
 */
public final class JobScheduler implements CleanupQueue, ScanSchedules, AutoCloseable {

    static final String CLEANUP_GROUP = "cleanups";
    static final String CLEANUP_ID = "cleanup";
    static final String SCAN_GROUP = "scan-schedules";
    static final String ORGANIZATION = "organization";
    static final String PLATFORM = "platform";
    static final String CONVERSATION = "conversation";
    static final String WORDS = "words";
    static final String ZONE = "zone";
    static final String SET_BY = "set_by";

    /** Runs an organization's scheduled scan and posts it in the conversation where it was scheduled. */
    @FunctionalInterface
    public interface ScheduledScanRunner {
        void run(long organizationId, Organization.Platform platform, String conversation);
    }

    /** Runs queued scan {@code scanId} (see {@link #submitScan}); {@code recovering} when another replica began it and died. */
    @FunctionalInterface
    public interface QueuedScanRunner {
        void run(long scanId, boolean recovering);
    }

    /** Posts an organization's digest (weekly, or the monthly report) in the conversation where it was scheduled. */
    @FunctionalInterface
    public interface DigestRunner {
        void run(long organizationId, Organization.Platform platform, String conversation, Digest.Scope scope, ZoneId zone);
    }

    /**
     * What this replica's jobs run through: cleanups, scheduled scans' fire times, queued scans, the sweep of ended
     * snoozes, digests. A replica that runs none of a kind is told so if one ever reaches it.
     */
    public record Runners(CleanupWorker cleanups, ScheduledScanRunner scheduledScans, QueuedScanRunner queuedScans, Runnable snoozes,
                          DigestRunner digests, Runnable deliveries, Runnable reminders, Runnable nightly) {

        /** Cleanups only (the worker may be null where none is ever queued). */
        public static Runners cleanups(CleanupWorker worker) {
            return new Runners(worker, (organization, platform, conversation) -> {
                throw new IllegalStateException("this replica runs no scheduled scans");
            }, (scan, recovering) -> {
                throw new IllegalStateException("this replica runs no queued scans");
            }, () -> {
                throw new IllegalStateException("this replica wakes no snoozed findings");
            }, (organization, platform, conversation, scope, zone) -> {
                throw new IllegalStateException("this replica posts no digests");
            }, () -> {
                throw new IllegalStateException("this replica delivers no notifications");
            }, () -> {
                throw new IllegalStateException("this replica sends no reminders");
            }, () -> {
                throw new IllegalStateException("this replica does no nightly upkeep");
            });
        }

        public Runners withScheduledScans(ScheduledScanRunner runner) {
            return new Runners(cleanups, runner, queuedScans, snoozes, digests, deliveries, reminders, nightly);
        }

        public Runners withQueuedScans(QueuedScanRunner runner) {
            return new Runners(cleanups, scheduledScans, runner, snoozes, digests, deliveries, reminders, nightly);
        }

        /** Opens again every finding whose snooze has ended and posts its card where it was, every minute on one replica at a time. */
        public Runners withSnoozes(Runnable runner) {
            return new Runners(cleanups, scheduledScans, queuedScans, runner, digests, deliveries, reminders, nightly);
        }

        public Runners withDigests(DigestRunner runner) {
            return new Runners(cleanups, scheduledScans, queuedScans, snoozes, runner, deliveries, reminders, nightly);
        }

        /** Delivers the notification outbox, every few seconds on one replica at a time. */
        public Runners withDeliveries(Runnable runner) {
            return new Runners(cleanups, scheduledScans, queuedScans, snoozes, digests, runner, reminders, nightly);
        }

        /** Sends reminders of approvals left waiting, every hour on one replica. */
        public Runners withReminders(Runnable runner) {
            return new Runners(cleanups, scheduledScans, queuedScans, snoozes, digests, deliveries, runner, nightly);
        }

        /** The nightly upkeep (audit export, retention), once a night on one replica. */
        public Runners withNightly(Runnable runner) {
            return new Runners(cleanups, scheduledScans, queuedScans, snoozes, digests, deliveries, reminders, runner);
        }
    }

    /** Where versions before the snooze sweep kept a trigger for each snoozed finding (see {@link SnoozeJob}). */
    static final String SNOOZE_GROUP = "snoozes";
    static final String FINDING = "finding";
    static final String SCAN_RUN_GROUP = "scans";
    static final String SCAN_ID = "scan";
    private static final AtomicInteger DATA_SOURCES = new AtomicInteger();

    /**
     * @param instanceId    this replica's name in the cluster; "AUTO" lets Quartz make one from the host and time
     * @param workers       cleanups run at once on this replica
     * @param checkinEvery  how often this replica tells the others it is alive; a replica silent for longer is taken for dead
     * @param scans         scans run at once on this replica, besides the cleanups
     * @param lateAfter     how late a scheduled trigger may fire and still run as scheduled (Quartz's misfire threshold;
     *                      a minute, Quartz's own default, unless a test needs it shorter)
     */
    public record Options(String instanceId, int workers, Duration checkinEvery, int scans, Duration lateAfter) {
        public Options(String instanceId, int workers, Duration checkinEvery) {
            this(instanceId, workers, checkinEvery, 2);
        }

        public Options(String instanceId, int workers, Duration checkinEvery, int scans) {
            this(instanceId, workers, checkinEvery, scans, Duration.ofMinutes(1));
        }

        public static Options defaults() {
            return defaults(CleanupLimits.DEFAULT_WORKERS);
        }

        /** The defaults with {@code workers} cleanups at once. */
        public static Options defaults(int workers) {
            return new Options("AUTO", workers, Duration.ofSeconds(7));
        }
    }

    private final Scheduler scheduler;
    private final DigestScheduler digests;

    private JobScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
        this.digests = new DigestScheduler(scheduler);
    }

    /** Starts this replica's scheduler on {@code database}; cleanup jobs run through {@code worker}, nothing else. */
    public static JobScheduler start(Database database, CleanupWorker worker, Options options) {
        return start(database, Runners.cleanups(worker), options);
    }

    /** Starts this replica's scheduler on {@code database}, its jobs run through {@code runners}. */
    public static JobScheduler start(Database database, Runners runners, Options options) {
        String dataSource = "cloudsweep-" + DATA_SOURCES.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, new PoolProvider(database));
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", "cloudsweep");
        properties.setProperty("org.quartz.scheduler.instanceId", options.instanceId());
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        // a scan holds its thread for the whole scan: scans get threads of their own, so cleanups are not kept waiting
        properties.setProperty("org.quartz.threadPool.threadCount", String.valueOf(options.workers() + options.scans()));
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        // jobs are background work, below the requests a server acknowledges
        properties.setProperty("org.quartz.threadPool.threadPriority", String.valueOf(Thread.MIN_PRIORITY));
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        properties.setProperty("org.quartz.jobStore.dataSource", dataSource);
        properties.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        properties.setProperty("org.quartz.jobStore.useProperties", "true");
        properties.setProperty("org.quartz.jobStore.isClustered", "true");
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(options.checkinEvery().toMillis()));
        properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(options.lateAfter().toMillis()));
        properties.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(properties);
            Scheduler scheduler = factory.getScheduler();
            scheduler.setJobFactory((bundle, owner) -> {
                Class<?> job = bundle.getJobDetail().getJobClass();
                return job == ScanJob.class ? new ScanJob(runners.scheduledScans()) : job == ScanRunJob.class ? new ScanRunJob(runners.queuedScans())
                        : job == SnoozeJob.class ? new SnoozeJob(runners.snoozes()) : job == DigestJob.class ? new DigestJob(runners.digests())
                        : job == PeriodicJob.class ? new PeriodicJob(runners) : new CleanupJob(runners.cleanups());
            });
            scheduler.getListenerManager().addJobListener(new JobCounter());
            scheduler.getListenerManager().addJobListener(new JobLogContext());
            scheduler.getListenerManager().addTriggerListener(new JobCounter.Misfires());
            scheduler.start();
            return new JobScheduler(scheduler);
        } catch (SchedulerException e) {
            throw new IllegalStateException("the scheduler could not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void submit(long cleanupId) {
        JobDetail job = JobLogContext.carry(JobBuilder.newJob(CleanupJob.class)).withIdentity(key(cleanupId))
                .usingJobData(CLEANUP_ID, String.valueOf(cleanupId)).requestRecovery(true).build();
        Trigger now = queued(TriggerKey.triggerKey("cleanup-" + cleanupId, CLEANUP_GROUP), job);
        try {
            scheduler.scheduleJob(job, now);
        } catch (ObjectAlreadyExistsException e) {
            // queued or running already: the job that exists will carry the cleanup on
        } catch (SchedulerException e) {
            throw new IllegalStateException("cleanup C-" + cleanupId + " could not be queued: " + e.getMessage(), e);
        }
    }

    /**
     * Queues scan {@code scanId} for whichever replica has a thread free; should that replica die, another runs it again.
     *
     * @throws IllegalStateException when Quartz cannot store the job
     */
    public void submitScan(long scanId) {
        JobDetail job = JobLogContext.carry(JobBuilder.newJob(ScanRunJob.class)).withIdentity(JobKey.jobKey("scan-" + scanId, SCAN_RUN_GROUP))
                .usingJobData(SCAN_ID, String.valueOf(scanId)).requestRecovery(true).build();
        Trigger now = queued(TriggerKey.triggerKey("scan-" + scanId, SCAN_RUN_GROUP), job);
        try {
            scheduler.scheduleJob(job, now);
        } catch (ObjectAlreadyExistsException e) {
            // queued already
        } catch (SchedulerException e) {
            throw new IllegalStateException("scan " + scanId + " could not be queued: " + e.getMessage(), e);
        }
    }

    /**
     * A trigger for work queued now, run as soon as a worker is free however long that takes. Queued behind a thousand
     * cleanups a trigger waits minutes: to Quartz that is a misfire, which set such triggers aside for its misfire handler,
     * twenty at a time, while the workers went idle. Work in a queue is never late, so these triggers ignore misfires.
     */
    private static Trigger queued(TriggerKey key, JobDetail job) {
        return TriggerBuilder.newTrigger().withIdentity(key).forJob(job).startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionIgnoreMisfires()).build();
    }

    static final String PERIODIC_GROUP = "periodic";

    /** How often the findings whose snooze has ended are opened again: a snooze lasts days, so within a minute of its end. */
    public static final Duration SNOOZES_EVERY = Duration.ofMinutes(1);

    /**
     * Delivers the notification outbox every {@code every}, sends reminders every {@code remindEvery}, and opens again
     * the findings whose snooze has ended every {@code snoozesEvery}, each on one replica at a time.
     */
    public void startPeriodic(Duration every, Duration remindEvery, Duration snoozesEvery) {
        periodic(PeriodicJob.DELIVERIES, every);
        periodic(PeriodicJob.REMINDERS, remindEvery);
        periodic(PeriodicJob.SNOOZES, snoozesEvery);
    }

    /** When the nightly upkeep runs: 00:30 UTC, once the day before is whole. */
    static final String NIGHTLY_CRON = "0 30 0 * * ?";

    /** Runs the nightly upkeep at 00:30 UTC on one replica; a night missed while every replica was down runs once when one is back. */
    public void startNightly() {
        JobDetail job = JobBuilder.newJob(PeriodicJob.class).withIdentity(JobKey.jobKey(PeriodicJob.NIGHTLY, PERIODIC_GROUP)).storeDurably()
                .usingJobData(PeriodicJob.TASK, PeriodicJob.NIGHTLY).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(PeriodicJob.NIGHTLY, PERIODIC_GROUP).forJob(job)
                .withSchedule(CronScheduleBuilder.cronSchedule(NIGHTLY_CRON).inTimeZone(TimeZone.getTimeZone("UTC"))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        try {
            scheduler.scheduleJob(job, Set.of(trigger), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("the nightly job could not be scheduled: " + e.getMessage(), e);
        }
    }

    /** When the nightly upkeep runs next, in the cluster. */
    Optional<Instant> nextNightly() {
        try {
            Trigger trigger = scheduler.getTrigger(org.quartz.TriggerKey.triggerKey(PeriodicJob.NIGHTLY, PERIODIC_GROUP));
            return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(java.util.Date::toInstant);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs the nightly upkeep now, on whichever replica takes it. */
    void runNightlyNow() {
        try {
            scheduler.triggerJob(JobKey.jobKey(PeriodicJob.NIGHTLY, PERIODIC_GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void periodic(String task, Duration every) {
        JobDetail job = JobBuilder.newJob(PeriodicJob.class).withIdentity(JobKey.jobKey(task, PERIODIC_GROUP)).storeDurably()
                .usingJobData(PeriodicJob.TASK, task).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(task, PERIODIC_GROUP).forJob(job).startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(every.toMillis()).repeatForever()
                        // runs missed while every replica was down are not made up one by one: the next run does what is due
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        try {
            scheduler.scheduleJob(job, Set.of(trigger), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("the " + task + " job could not be scheduled: " + e.getMessage(), e);
        }
    }

    /** Each conversation's digest schedule, in the same cluster. */
    public DigestScheduler digests() {
        return digests;
    }

    /** Queues cleanups found unfinished at start (begun, but never queued, before a crash); those queued already stay as they are. */
    public void resume(List<Long> unfinished) {
        unfinished.forEach(this::submit);
    }

    /** Whether any cleanup job is queued or running, on any replica. */
    public boolean hasCleanupJobs() {
        try {
            return !scheduler.getJobKeys(GroupMatcher.jobGroupEquals(CLEANUP_GROUP)).isEmpty();
        } catch (SchedulerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> schedule(Organization organization, String conversation, ScanSchedule schedule, String actor) {
        if (!CronExpression.isValidExpression(schedule.cron())) {
            return Optional.of("'" + schedule.words() + "' is not a valid Quartz cron expression (" + ScanSchedule.FORMS + ")");
        }
        JobDetail job = JobBuilder.newJob(ScanJob.class).withIdentity(scanKey(organization.id())).storeDurably()
                .usingJobData(ORGANIZATION, String.valueOf(organization.id())).usingJobData(PLATFORM, organization.platform().id())
                .usingJobData(CONVERSATION, conversation).usingJobData(WORDS, schedule.words()).usingJobData(ZONE, schedule.zone())
                .usingJobData(SET_BY, actor).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity("scan-" + organization.id(), SCAN_GROUP).forJob(job)
                .withSchedule(CronScheduleBuilder.cronSchedule(schedule.cron()).inTimeZone(TimeZone.getTimeZone(ZoneId.of(schedule.zone())))
                        // a fire time missed while every replica was down runs once when one is back, not once per miss
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        try {
            scheduler.scheduleJob(job, Set.of(trigger), true);
            return Optional.empty();
        } catch (SchedulerException e) {
            throw new IllegalStateException("the scan schedule could not be stored: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Scheduled> scheduled(long organizationId) {
        try {
            JobDetail job = scheduler.getJobDetail(scanKey(organizationId));
            if (job == null) {
                return Optional.empty();
            }
            JobDataMap data = job.getJobDataMap();
            Optional<Instant> next = scheduler.getTriggersOfJob(job.getKey()).stream().map(Trigger::getNextFireTime)
                    .filter(java.util.Objects::nonNull).map(java.util.Date::toInstant).min(Instant::compareTo);
            return Optional.of(new Scheduled(data.getString(WORDS), data.getString(ZONE), Organization.Platform.fromId(data.getString(PLATFORM)),
                    data.getString(CONVERSATION), data.getString(SET_BY), next));
        } catch (SchedulerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public boolean off(long organizationId, String actor) {
        try {
            return scheduler.deleteJob(scanKey(organizationId));
        } catch (SchedulerException e) {
            throw new IllegalStateException("the scan schedule could not be removed: " + e.getMessage(), e);
        }
    }

    private static JobKey scanKey(long organizationId) {
        return JobKey.jobKey("scan-" + organizationId, SCAN_GROUP);
    }

    /** Stops taking jobs, waits for those running to finish, and leaves the cluster. */
    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("the scheduler did not stop cleanly: " + e.getMessage(), e);
        }
    }

    /** Quartz itself, for tests that store what an earlier version stored. */
    Scheduler quartz() {
        return scheduler;
    }

    /** Stops at once without waiting for running jobs: what a crash leaves behind, for tests. */
    void halt() throws SchedulerException {
        scheduler.shutdown(false);
    }

    private static JobKey key(long cleanupId) {
        return JobKey.jobKey("cleanup-" + cleanupId, CLEANUP_GROUP);
    }

    /** Hands Quartz connections from CloudSweep's pool. */
    private record PoolProvider(Database database) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return database.dataSource().getConnection();
        }

        @Override
        public void shutdown() {
            // the pool belongs to the database, which closes it
        }

        @Override
        public void initialize() {
            // the pool is open already
        }
    }
}
