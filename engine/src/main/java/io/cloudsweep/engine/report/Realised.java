package io.cloudsweep.engine.report;

import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.ResourceType;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A cleanup done for real (never a dry run): it saves {@code monthly} a month from {@code doneAt} until it is undone,
 * if it ever is. The amount is the finding's monthly cost when the cleanup finished; empty when that price was unknown.
 */
public record Realised(long cleanupId, long findingId, String ruleId, ResourceType type, String resourceId, String accountId,
                       Optional<Money> monthly, Instant doneAt, Optional<Instant> undoneAt) {

    public Realised {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(monthly, "monthly");
        Objects.requireNonNull(doneAt, "doneAt");
        Objects.requireNonNull(undoneAt, "undoneAt");
        if (undoneAt.isPresent() && undoneAt.get().isBefore(doneAt)) {
            throw new IllegalArgumentException("cleanup " + cleanupId + " is undone before it was done");
        }
    }

    /** Whether it is saving at {@code at}: done by then, and not undone by then. */
    public boolean savingAt(Instant at) {
        return !doneAt.isAfter(at) && undoneAt.map(undone -> undone.isAfter(at)).orElse(true);
    }
}
