package io.cloudsweep.bot.jobs;

import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.store.Organization;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

import java.time.ZoneId;

/**
 * A conversation's digest, fired by its weekly trigger (the digest) or its monthly one (the report) on whichever replica
 * acquires it, once per fire time in the cluster; posted where it was scheduled.
 */
@DisallowConcurrentExecution
final class DigestJob implements Job {

    static final String SCOPE = "scope";

    private final JobScheduler.DigestRunner runner;

    DigestJob(JobScheduler.DigestRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        runner.run(Long.parseLong(data.getString(JobScheduler.ORGANIZATION)), Organization.Platform.fromId(data.getString(JobScheduler.PLATFORM)),
                data.getString(JobScheduler.CONVERSATION), Digest.Scope.fromId(data.getString(SCOPE)), ZoneId.of(data.getString(JobScheduler.ZONE)));
    }
}
