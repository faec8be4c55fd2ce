package io.cloudsweep.bot.jobs;

import io.cloudsweep.engine.store.Organization;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/**
 * An organization's scheduled scan, fired by its cron trigger on whichever replica acquires it (once per fire time in
 * the cluster), posted where it was scheduled. Never two at once for one organization.
 */
@DisallowConcurrentExecution
final class ScanJob implements Job {

    private final JobScheduler.ScheduledScanRunner runner;

    ScanJob(JobScheduler.ScheduledScanRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        runner.run(Long.parseLong(data.getString(JobScheduler.ORGANIZATION)), Organization.Platform.fromId(data.getString(JobScheduler.PLATFORM)),
                data.getString(JobScheduler.CONVERSATION));
    }
}
