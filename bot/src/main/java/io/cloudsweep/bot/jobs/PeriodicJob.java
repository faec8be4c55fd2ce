package io.cloudsweep.bot.jobs;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Work that runs every so often on whichever replica acquires its trigger, never twice at once in the cluster:
 * delivering the notification outbox, sending reminders, opening again the findings whose snooze has ended, the
 * nightly upkeep.
 */
@DisallowConcurrentExecution
final class PeriodicJob implements Job {

    static final String TASK = "task";
    static final String DELIVERIES = "deliveries";
    static final String REMINDERS = "reminders";
    static final String NIGHTLY = "nightly";
    static final String SNOOZES = "snoozes";

    private final JobScheduler.Runners runners;

    PeriodicJob(JobScheduler.Runners runners) {
        this.runners = runners;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String task = context.getMergedJobDataMap().getString(TASK);
        switch (task) {
            case DELIVERIES -> runners.deliveries().run();
            case REMINDERS -> runners.reminders().run();
            case NIGHTLY -> runners.nightly().run();
            case SNOOZES -> runners.snoozes().run();
            default -> throw new IllegalStateException("no periodic task " + task);
        }
    }
}
