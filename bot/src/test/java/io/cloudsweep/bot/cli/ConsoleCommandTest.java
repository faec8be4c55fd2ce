package io.cloudsweep.bot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cloudsweep chat --demo} with a script on its input, as a person would pipe one in. */
class ConsoleCommandTest {

    /** F-4 is the idle database analytics-old (high risk), F-19 the unattached volume vol-0e41b7c2d9a3f0101 (medium). */
    static final String SCRIPT = """
            scan
            approve F-19
            :as ana admin
            approve F-4
            approve F-4
            :as bo admin
            approve F-4
            :as cy member
            approve F-2
            snooze F-22 30d
            reject F-28 kept for the quarterly audit
            :as vi viewer
            approve F-24
            :as ana admin
            undo C-1
            undo C-1
            approve F-404
            audit 40
            """;

    @TempDir
    Path dataDir;

    @Test
    void aScriptedSessionShowsEveryStateChangeTheBackupAndAVerifyingAudit() {
        CliRun run = CliRun.withInput(SCRIPT, "chat", "--demo", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("Scan complete: \\d+ findings, \\$[\\d,.]+/month")
                .contains("C-1 (F-19) backing_up: still waste; backing up: a snapshot of the volume")
                .containsPattern("status: cleaned \\(C-1\\) after approval by console; backup snap-[0-9a-f]+; saves \\$10.00/month")
                .contains("status: awaiting a second admin (approved by ana)")
                .contains("you have approved this already")
                .contains("status: cleaned (C-2) after approval by ana, bo")
                .contains("Not approved: medium-risk cleanups need an admin's approval.")
                .contains("status: snoozed until 2026-12-26 by cy")
                .contains("status: rejected by cy: kept for the quarterly audit")
                .contains("Not approved: viewers cannot approve cleanups")
                .containsPattern("C-1 undone: volume vol-[0-9a-f]+ created from snap-[0-9a-f]+ \\(not re-attached\\)")
                .contains("C-1 was undone already")
                .contains("There is no finding F-404.")
                .contains("cy finding.snoozed finding/22", "ana cleanup.rolled_back cleanup/1", "vi finding.approval_denied finding/24")
                .contains("audit chain verified")
                .endsWith("(end of input) bye" + System.lineSeparator());
        assertThat(run.out()).doesNotContain("AUDIT CHAIN BROKEN");
    }

    @Test
    void approveAllLowRiskOfARuleApprovesEachAsItsOwnCheckedApproval() {
        CliRun run = CliRun.withInput("""
                scan
                :as cy member
                approve-low eip-unassociated
                approve-low eip-unassociated
                """, "chat", "--demo", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("\\[\\d+\\] Approve all 3 low-risk eip-unassociated")
                .contains("Approved 3 low-risk eip-unassociated findings:")
                .containsPattern("F-\\d+: Cleanup C-\\d+ of F-\\d+ begun")
                .contains("No open low-risk eip-unassociated findings.");
    }

    @Test
    void aThresholdSetInTheChatJudgesTheOrganizationsNextScan() {
        CliRun run = CliRun.withInput("""
                scan
                policy set ec2-idle.max-cpu-percent lots
                policy set ec2-idle.max-cpu-percent 2
                scan
                policy
                """, "chat", "--demo", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Scan complete: 32 findings")
                .contains("Not changed: setting rules.ec2-idle.max-cpu-percent = 'lots' is not valid: expected a number not below zero.")
                .contains("ec2-idle.max-cpu-percent is now 2 for this organization")
                .contains("Scan complete: 30 findings")
                .contains("Thresholds set here (over the server's): ec2-idle.max-cpu-percent = 2.");
    }

    @Test
    void mistakesAreSaidInALineOrTwoAndQuitEndsIt() {
        CliRun run = CliRun.withInput("""
                :as
                :as bo boss
                :be ana admin
                snoze F-1 7d
                snooze F-1 forever
                :quit
                savings
                """, "chat", "--demo", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("`:as` needs a name and a role, e.g. `:as ana admin`.")
                .contains("'boss' is not a role: admin, member or viewer.")
                .contains("':be' is not a console command.")
                .contains("I don't know 'snoze'.\nType `help` for every command.".replace("\n", System.lineSeparator()))
                .contains("approve F-12 | snooze F-12 7d|30d|90d | reject F-12 [reason]")
                .doesNotContain("Commands:", "Nothing saved yet")
                .endsWith("bye" + System.lineSeparator());
    }
}
