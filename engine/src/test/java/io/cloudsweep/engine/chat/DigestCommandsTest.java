package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.report.Realised;
import io.cloudsweep.engine.store.Organization;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.cloudsweep.engine.chat.InMemorySweep.ADMIN;
import static io.cloudsweep.engine.chat.InMemorySweep.MEMBER;
import static io.cloudsweep.engine.chat.InMemorySweep.START;
import static io.cloudsweep.engine.chat.InMemorySweep.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code savings}, {@code digest now|month} and {@code schedule digest} through the one conversation driver: what each
 * says, where each part goes, who may schedule. The figures come from the reports port as the test sets them (the SQL
 * behind them is tested on PostgreSQL); open findings are the demo's, scanned for real.
 */
class DigestCommandsTest {

    private final InMemorySweep sweep = new InMemorySweep();
    private final MemoryChat chat = sweep.chat();

    private Realised volume(Instant done, Optional<Instant> undone) {
        return new Realised(3, 14, "ebs-unattached", ResourceType.EBS_VOLUME, "vol-0abc", "123456789012", Optional.of(Money.usd("10.00")), done, undone);
    }

    private String said() {
        return Cards.summary(chat.posted.get(chat.posted.size() - 1).card());
    }

    @Test
    void savingsSaysWhatATenDollarVolumeDeletedAWeekAgoHasSavedAndThatAnUndoStopsTheCount() {
        sweep.typed(chat, VIEWER, "savings");
        assertThat(said()).startsWith("Nothing saved yet");

        sweep.reports.realised.add(volume(START.minus(Duration.ofDays(7)), Optional.empty()));
        sweep.typed(chat, VIEWER, "savings");
        assertThat(said()).contains("$2.30 in total").contains("Run rate: $10.00/month now saved by 1 cleanup")
                .contains("projected $120.00 a year").contains("C-3 F-14 vol-0abc (ebs-unattached) $10.00/month since");

        sweep.reports.realised.set(0, volume(START.minus(Duration.ofDays(7)), Optional.of(START)));
        sweep.clock.advance(Duration.ofDays(10));
        sweep.typed(chat, VIEWER, "savings");
        assertThat(said()).contains("$2.30 in total").contains("Run rate: $0.00/month now saved by 0 cleanups")
                .contains("1 cleanup undone: counted until the undo");
    }

    @Test
    void savingsShowAwsOwnFiguresBesideTheEstimateLabelledAsAwsOrSayWhyThereAreNone() {
        sweep.reports.realised.add(volume(START.minus(Duration.ofDays(7)), Optional.empty()));
        sweep.typed(chat, VIEWER, "savings");
        assertThat(said()).contains("AWS's own figures for account 123456789012: none (ce:GetCostAndUsage is not granted).");

        List<java.util.Set<io.cloudsweep.engine.model.ResourceType>> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        sweep.spend = (org, account, types, first) -> {
            asked.add(types);
            assertThat(first).isEqualTo(java.time.LocalDate.of(2026, 11, 19));
            return new io.cloudsweep.engine.report.SpendReader.Answer.Read(new io.cloudsweep.engine.report.Spend(account, List.of("EC2 - Other"),
                    new io.cloudsweep.engine.report.Spend.Window(first.minusDays(30), first, Money.usd("360.00")),
                    new io.cloudsweep.engine.report.Spend.Window(first, first.plusDays(7), Money.usd("61.60")), START));
        };
        sweep.typed(chat, VIEWER, "savings");

        assertThat(asked).containsExactly(java.util.Set.of(ResourceType.EBS_VOLUME));
        assertThat(said()).contains("AWS's own figures for account 123456789012 (Cost Explorer, unblended, fetched Thu 26 Nov), on EC2 - Other:"
                + " $360.00 in the 30 days before its first cleanup (20 Oct – 19 Nov), $61.60 in the 7 days since ($360.00 → $264.00 per 30 days).");
    }

    @Test
    void aDigestIsOneMessageWithItsChartAndInItsThreadTheFiveCostliestCardsAndWhatNeedsAttention() {
        sweep.typed(chat, MEMBER, "scan");
        sweep.reports.moves = new io.cloudsweep.engine.report.DigestQueries.Moves(new Digest.Tally(32, Money.usd("1584.79")),
                new Digest.Tally(2, Money.usd("14.00")), new Digest.Tally(1, Money.usd("10.00")));
        sweep.reports.realised.add(volume(START.minus(Duration.ofDays(3)), Optional.empty()));
        sweep.reports.snoozes.add(new Digest.SnoozeEnding(21, "ebs-snapshot-old", "snap-0aa", Optional.of(Money.usd("2.50")),
                START.plus(Duration.ofDays(2))));
        sweep.reports.failed.add(new Digest.EndedCleanup(4, 9, "i-0bb", "failed", "UnauthorizedOperation", START.minus(Duration.ofDays(1))));
        sweep.reports.waiting.add(new Digest.WaitingApproval(2, "db-prod", "U0ANA", START.minus(Duration.ofDays(4))));
        chat.clear();

        sweep.typed(chat, VIEWER, "digest now");

        MemoryChat.Message digest = chat.posted.get(0);
        Card.Digest card = (Card.Digest) digest.card();
        assertThat(card.title()).isEqualTo("CloudSweep weekly digest · 19 Nov – 26 Nov 2026");
        assertThat(card.lines()).satisfiesExactly(
                open -> assertThat(open).startsWith("Open waste: $1,584.79/month in 32 findings (nothing recorded before 19 Nov"),
                week -> assertThat(week).isEqualTo("This week: 32 new ($1,584.79/month) · 2 resolved ($14.00/month) · 1 cleaned up ($10.00/month)"),
                saved -> assertThat(saved).startsWith("Saved (realised): $0.99 this week · $0.99 in total · now saving $10.00/month"),
                attention -> assertThat(attention).isEqualTo("Needs attention: 1 snooze ending within 7 days · 1 cleanup failed or aborted"
                        + " · 1 approval waiting over 3 days for a second admin"));
        assertThat(card.chart()).hasValueSatisfying(chart -> {
            assertThat(chart.png()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            assertThat(chart.alt()).contains("last 12 weeks");
        });
        assertThat(sweep.charts).singleElement().satisfies(trend -> {
            assertThat(trend).hasSize(12);
            assertThat(trend.get(11).openWaste()).contains(Money.usd("1584.79"));
            assertThat(trend.get(11).savedToDate()).isEqualTo(Money.usd("0.99"));
            assertThat(trend.get(0).openWaste()).as("nothing recorded eleven weeks ago").isEmpty();
        });
        List<MemoryChat.Message> thread = chat.posted.subList(1, chat.posted.size());
        assertThat(thread).allMatch(message -> message.thread().equals(Optional.of(digest.id())));
        assertThat(chat.findingCards()).hasSize(5).allMatch(Card.FindingCard::approvable);
        assertThat(Cards.summary(thread.get(thread.size() - 1).card())).contains("F-21 snap-0aa (ebs-snapshot-old, $2.50/month) on 28 Nov")
                .contains("C-4 (F-9 i-0bb) failed on 25 Nov: UnauthorizedOperation").contains("F-2 db-prod, approved by U0ANA on 22 Nov");
        assertThat(chat.posted).as("one message, five cards and what needs attention: never a wall").hasSize(7);
        assertThat(chat.attached).as("no CSV in a weekly digest").isEmpty();
    }

    @Test
    void aSecondDigestAWeekLaterSaysHowOpenWasteMoved() {
        sweep.typed(chat, MEMBER, "scan");
        sweep.typed(chat, MEMBER, "digest now");
        sweep.clock.advance(Duration.ofDays(7));
        int oneAdminEnough = java.util.stream.IntStream.rangeClosed(14, 32)
                .filter(n -> sweep.stores.find(sweep.organization.id(), n).orElseThrow().finding().risk() != io.cloudsweep.engine.model.Risk.HIGH)
                .findFirst().orElseThrow();
        Money approved = sweep.stores.find(sweep.organization.id(), oneAdminEnough).orElseThrow().finding().monthlyCost().orElseThrow();
        sweep.typed(chat, ADMIN, "approve F-" + oneAdminEnough);
        chat.clear();

        sweep.typed(chat, MEMBER, "digest now");

        Card.Digest card = (Card.Digest) chat.posted.get(0).card();
        assertThat(card.lines().get(0)).isEqualTo("Open waste: " + Money.usd("1584.79").minus(approved) + "/month in 31 findings (down "
                + approved + " since 26 Nov)");
    }

    @Test
    void lastMonthsReportCarriesItsCleanupsAsCsvWithWhatEachSavedThatMonth() {
        sweep.clock.advance(Duration.ofDays(6));  // 2 December: the report covers November
        sweep.reports.cleanups.add(new Digest.CleanupLine(3, 14, "ebs-unattached", ResourceType.EBS_VOLUME, "vol-0abc", "123456789012", "us-east-1", "done", false,
                Optional.of(Instant.parse("2026-11-16T00:00:00Z")), Optional.empty(), Optional.of(Money.usd("36.50"))));
        sweep.reports.cleanups.add(new Digest.CleanupLine(5, 16, "eip-unassociated", ResourceType.ELASTIC_IP, "eipalloc-1", "123456789012", "eu-west-1", "done", true,
                Optional.of(Instant.parse("2026-11-20T00:00:00Z")), Optional.empty(), Optional.of(Money.usd("3.65"))));

        sweep.typed(chat, MEMBER, "digest month");

        assertThat(((Card.Digest) chat.posted.get(0).card()).title()).isEqualTo("CloudSweep monthly report · November 2026");
        assertThat(chat.attached).singleElement().satisfies(csv -> {
            assertThat(csv).startsWith(chat.posted.get(0).id() + " cloudsweep-cleanups-2026-11.csv\n");
            // 15 days of $36.50 a month; the dry run saved nothing
            assertThat(csv).contains("C-3,F-14,ebs-unattached,vol-0abc,123456789012,us-east-1,done,false,2026-11-16T00:00:00Z,,36.50,18.00");
            assertThat(csv).contains("C-5,F-16,eip-unassociated,eipalloc-1,123456789012,eu-west-1,done,true,2026-11-20T00:00:00Z,,3.65,0");
        });
    }

    @Test
    void adminsScheduleDigestsPerChannelAndScheduleListsThem() {
        sweep.typed(chat, MEMBER, "schedule digest weekly mon 09:00 Europe/London");
        sweep.typed(chat, ADMIN, "schedule digest weekly mon 09:00 Europe/London");
        sweep.typed(chat, MEMBER, "schedule");

        assertThat(chat.privateTexts()).containsExactly("Only admins can schedule digests.");
        assertThat(sweep.digestSchedules.parsed).containsOnlyKeys(sweep.organization.id() + "/C-memory");
        assertThat(sweep.digestSchedules.parsed.get(sweep.organization.id() + "/C-memory").cron()).isEqualTo("0 0 9 ? * MON");
        assertThat(sweep.digestSchedules.parsed.get(sweep.organization.id() + "/C-memory").monthlyCron()).isEqualTo("0 0 9 1 * ?");
        assertThat(Cards.summary(chat.posted.get(0).card())).startsWith("The weekly digest will be posted here weekly mon 09:00 Europe/London");
        assertThat(Cards.summary(chat.posted.get(1).card())).startsWith("Weekly digest weekly mon 09:00 Europe/London (Europe/London) and"
                + " monthly report on the 1st, posted in C-memory (slack), set by U0ANA");
        assertThat(sweep.stores.audit()).anySatisfy(entry -> assertThat(entry.action()).isEqualTo("schedule.digest"));

        sweep.typed(chat, ADMIN, "schedule digest off");
        sweep.typed(chat, ADMIN, "schedule digest off");
        assertThat(Cards.summary(chat.posted.get(2).card())).isEqualTo("No more digests here.");
        assertThat(Cards.summary(chat.posted.get(3).card())).isEqualTo("No digest was scheduled here.");
        assertThat(sweep.digestSchedules.parsed).isEmpty();
    }

    @Test
    void theTerminalTakesDigestsNowButSchedulesNone() {
        InMemorySweep terminal = new InMemorySweep(new Organization(1, Organization.Platform.CONSOLE, "local", "local"));
        MemoryChat console = terminal.chat();

        terminal.typed(console, ADMIN, "schedule digest weekly mon 09:00");
        terminal.typed(console, ADMIN, "digest now");

        assertThat(console.privateTexts()).containsExactly("Digests are posted in Slack or Teams; in the terminal, type `digest now`.");
        assertThat(console.posted.get(0).card()).isInstanceOf(Card.Digest.class);
    }
}
