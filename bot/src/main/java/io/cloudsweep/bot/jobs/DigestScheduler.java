package io.cloudsweep.bot.jobs;

import io.cloudsweep.engine.chat.DigestSchedules;
import io.cloudsweep.engine.chat.ScanSchedule;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.store.Organization;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;

/**
 * Each conversation's digests in Quartz's clustered store: one durable job per conversation with two cron triggers, the
 * weekly digest and the monthly report (the 1st, same time of day), in the schedule's zone. Each fire time runs once,
 * on one replica; one missed while every replica was down runs once when one is back. Thread-safe.
 */
public final class DigestScheduler implements DigestSchedules {

    static final String GROUP = "digests";

    private final Scheduler scheduler;

    DigestScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Optional<String> schedule(Organization organization, String conversation, ScanSchedule weekly, String actor) {
        if (!CronExpression.isValidExpression(weekly.cron())) {
            return Optional.of("'" + weekly.words() + "' is not a valid schedule: weekly DAY HH:MM [timezone]");
        }
        JobKey key = key(organization.id(), conversation);
        JobDetail job = JobBuilder.newJob(DigestJob.class).withIdentity(key).storeDurably()
                .usingJobData(JobScheduler.ORGANIZATION, String.valueOf(organization.id()))
                .usingJobData(JobScheduler.PLATFORM, organization.platform().id()).usingJobData(JobScheduler.CONVERSATION, conversation)
                .usingJobData(JobScheduler.WORDS, weekly.words()).usingJobData(JobScheduler.ZONE, weekly.zone())
                .usingJobData(JobScheduler.SET_BY, actor).build();
        TimeZone zone = TimeZone.getTimeZone(ZoneId.of(weekly.zone()));
        Trigger digest = trigger(key, Digest.Scope.WEEK, weekly.cron(), zone);
        Trigger report = trigger(key, Digest.Scope.MONTH, weekly.monthlyCron(), zone);
        try {
            scheduler.scheduleJob(job, Set.of(digest, report), true);
            return Optional.empty();
        } catch (SchedulerException e) {
            throw new IllegalStateException("the digest schedule could not be stored: " + e.getMessage(), e);
        }
    }

    private static Trigger trigger(JobKey job, Digest.Scope scope, String cron, TimeZone zone) {
        return TriggerBuilder.newTrigger().withIdentity(triggerKey(job, scope)).forJob(job).usingJobData(DigestJob.SCOPE, scope.id())
                // a fire time missed while every replica was down posts once when one is back, not once per miss
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(zone).withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    @Override
    public List<Scheduled> scheduled(long organizationId) {
        try {
            List<Scheduled> found = new ArrayList<>();
            for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                if (!key.getName().startsWith(prefix(organizationId))) {
                    continue;
                }
                JobDetail job = scheduler.getJobDetail(key);
                if (job == null) {
                    continue;
                }
                JobDataMap data = job.getJobDataMap();
                found.add(new Scheduled(data.getString(JobScheduler.WORDS), data.getString(JobScheduler.ZONE),
                        Organization.Platform.fromId(data.getString(JobScheduler.PLATFORM)), data.getString(JobScheduler.CONVERSATION),
                        data.getString(JobScheduler.SET_BY), next(key, Digest.Scope.WEEK), next(key, Digest.Scope.MONTH)));
            }
            found.sort((a, b) -> a.conversation().compareTo(b.conversation()));
            return found;
        } catch (SchedulerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Optional<Instant> next(JobKey job, Digest.Scope scope) throws SchedulerException {
        Trigger trigger = scheduler.getTrigger(triggerKey(job, scope));
        return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).filter(Objects::nonNull).map(Date::toInstant);
    }

    @Override
    public boolean off(long organizationId, String conversation) {
        try {
            return scheduler.deleteJob(key(organizationId, conversation));
        } catch (SchedulerException e) {
            throw new IllegalStateException("the digest schedule could not be removed: " + e.getMessage(), e);
        }
    }

    /** One job per organization and conversation; the conversation id is hashed, as Teams ids can outgrow Quartz's names. */
    static JobKey key(long organizationId, String conversation) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(conversation.getBytes(StandardCharsets.UTF_8));
            return JobKey.jobKey(prefix(organizationId) + HexFormat.of().formatHex(hash, 0, 12), GROUP);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private static String prefix(long organizationId) {
        return "digest-" + organizationId + "-";
    }

    private static TriggerKey triggerKey(JobKey job, Digest.Scope scope) {
        return TriggerKey.triggerKey(job.getName() + "-" + scope.id(), GROUP);
    }
}
