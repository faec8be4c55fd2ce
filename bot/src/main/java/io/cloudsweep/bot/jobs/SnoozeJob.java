package io.cloudsweep.bot.jobs;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * A trigger that a version before the snooze sweep stored for one snoozed finding, at the end of its snooze, fired on
 * whichever replica acquires it: it runs the sweep, which opens that finding again with any other whose snooze has
 * ended. Such triggers fire once and are gone; a replica of an earlier version may still store them during a rolling
 * upgrade.
 */
final class SnoozeJob implements Job {

    private final Runnable sweep;

    SnoozeJob(Runnable sweep) {
        this.sweep = sweep;
    }

    @Override
    public void execute(JobExecutionContext context) {
        sweep.run();
    }
}
