package io.cloudsweep.bot.jobs;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * A scan asked for in a chat, run on whichever replica acquires it; it asks for recovery, so when that replica dies
 * mid-scan another runs it again.
 */
final class ScanRunJob implements Job {

    private final JobScheduler.QueuedScanRunner runner;

    ScanRunJob(JobScheduler.QueuedScanRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        runner.run(Long.parseLong(context.getMergedJobDataMap().getString(JobScheduler.SCAN_ID)), context.isRecovering());
    }
}
