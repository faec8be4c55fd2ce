package io.cloudsweep.bot.jobs;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** One cleanup, run as a Quartz job on whichever replica picks it up; the work is the worker's. */
final class CleanupJob implements Job {

    private final CleanupWorker worker;

    CleanupJob(CleanupWorker worker) {
        this.worker = worker;
    }

    @Override
    public void execute(JobExecutionContext context) {
        long cleanupId = Long.parseLong(context.getMergedJobDataMap().getString(JobScheduler.CLEANUP_ID));
        worker.run(cleanupId, context.isRecovering());
    }
}
