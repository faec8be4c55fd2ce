package io.cloudsweep.bot.jobs;

import io.micrometer.core.instrument.Metrics;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Trigger;
import org.quartz.listeners.JobListenerSupport;
import org.quartz.listeners.TriggerListenerSupport;

/** Counts this replica's Quartz jobs by group and outcome, and the fire times Quartz found missed, into Micrometer's global registry. */
final class JobCounter extends JobListenerSupport {

    @Override
    public String getName() {
        return "cloudsweep-job-counter";
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
        Metrics.counter("cloudsweep_jobs", "group", context.getJobDetail().getKey().getGroup(), "outcome", failure == null ? "ok" : "error")
                .increment();
    }

    /** Counts misfires: fire times that passed while no replica could take them. */
    static final class Misfires extends TriggerListenerSupport {
        @Override
        public String getName() {
            return "cloudsweep-misfire-counter";
        }

        @Override
        public void triggerMisfired(Trigger trigger) {
            Metrics.counter("cloudsweep_job_misfires", "group", trigger.getKey().getGroup()).increment();
        }
    }
}
