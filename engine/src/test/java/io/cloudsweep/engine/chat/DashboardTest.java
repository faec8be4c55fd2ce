package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.store.StoredFinding;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import static io.cloudsweep.engine.chat.InMemorySweep.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard (Slack's App Home) after the demo's scan: open waste counted and summed, and the five costliest named. */
class DashboardTest {

    private final InMemorySweep sweep = new InMemorySweep();

    @Test
    void theDashboardCountsEveryOpenFindingAndNamesTheFiveCostliest() {
        assertThat(((Card.Text) sweep.interpreter.dashboard(sweep.organization).get(1)).text())
                .isEqualTo("*Costliest open findings*\nnone: type `/sweep scan` to look");

        sweep.typed(sweep.chat(), MEMBER, "scan");
        List<StoredFinding> open = sweep.stores.open(sweep.organization.id(), Optional.empty(), BigDecimal.ZERO);
        Money waste = open.stream().map(finding -> finding.finding().monthlyCost().orElse(Money.ZERO)).reduce(Money.ZERO, Money::plus);

        List<Card> cards = sweep.interpreter.dashboard(sweep.organization);

        assertThat(open).hasSizeGreaterThan(Cards.DASHBOARD_TOP);
        assertThat(((Card.Text) cards.get(0)).text()).contains("Open waste: *" + waste + "/month* in " + open.size() + " findings");
        String[] costliest = ((Card.Text) cards.get(1)).text().split("\n");
        assertThat(costliest).hasSize(1 + Cards.DASHBOARD_TOP);
        for (int i = 0; i < Cards.DASHBOARD_TOP; i++) {
            assertThat(costliest[i + 1]).startsWith(open.get(i).label() + " " + open.get(i).finding().resource().id() + " (");
        }
    }
}
