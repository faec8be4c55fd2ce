package io.cloudsweep.engine.report;

import io.cloudsweep.engine.model.ResourceType;

import java.time.LocalDate;
import java.util.Set;

/** Where AWS's own spend figures come from, for accounts that permit {@code ce:GetCostAndUsage}. */
@FunctionalInterface
public interface SpendReader {

    /** Reads nothing: no account shows AWS's figures. */
    SpendReader NONE = (organizationId, accountId, types, firstCleanup) -> new Answer.Unavailable("not read here");

    /**
     * The account's spend on the services of {@code types} in the 30 days before {@code firstCleanup} and in the days
     * since (the last 30 at most).
     */
    Answer spend(long organizationId, String accountId, Set<ResourceType> types, LocalDate firstCleanup);

    /** AWS's figures, or why there are none (the account does not permit Cost Explorer, say). */
    sealed interface Answer {
        record Read(Spend spend) implements Answer {
        }

        record Unavailable(String why) implements Answer {
        }
    }
}
