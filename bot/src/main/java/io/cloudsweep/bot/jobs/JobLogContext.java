package io.cloudsweep.bot.jobs;

import io.cloudsweep.bot.server.RequestIds;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.listeners.JobListenerSupport;
import org.slf4j.MDC;

/**
 * A job's logging context, on the worker thread that runs it: the id of the request that queued it (so one click's lines
 * and its cleanup's lines share a {@code request_id}), or the job's own name for work nobody asked for just now, and the job.
 */
final class JobLogContext extends JobListenerSupport {

    static final String JOB = "job";

    /** Carries the current request's id, if any, into the job being built. */
    static JobBuilder carry(JobBuilder job) {
        String id = MDC.get(RequestIds.KEY);
        return id == null ? job : job.usingJobData(RequestIds.KEY, id);
    }

    @Override
    public String getName() {
        return "cloudsweep-log-context";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
        String job = context.getJobDetail().getKey().getGroup() + "/" + context.getJobDetail().getKey().getName();
        Object given = context.getMergedJobDataMap().get(RequestIds.KEY);
        MDC.put(RequestIds.KEY, given instanceof String id ? id : job + "@" + context.getFireTime().toInstant());
        MDC.put(JOB, job);
    }

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {
        clear();
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
        clear();
    }

    private static void clear() {
        MDC.remove(RequestIds.KEY);
        MDC.remove(JOB);
    }
}
