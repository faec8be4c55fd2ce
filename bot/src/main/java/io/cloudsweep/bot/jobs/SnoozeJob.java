package io.cloudsweep.bot.jobs;

import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/** A snooze's end, fired once at its time on whichever replica acquires it: the finding opens again, its card is posted. */
final class SnoozeJob implements Job {

    private final JobScheduler.SnoozeEndedRunner runner;

    SnoozeJob(JobScheduler.SnoozeEndedRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        runner.run(Long.parseLong(data.getString(JobScheduler.ORGANIZATION)), Long.parseLong(data.getString(JobScheduler.FINDING)));
    }
}
