package io.cloudsweep.engine.scan;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.Region;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to scan.
 *
 * @param regions        the regions to scan in every account; empty means every region each account has enabled
 * @param minMonthlyCost leave out findings known to cost less than this a month (unknown costs are kept:
 *                       nothing shows they are small)
 * @param startedBy      who or what asked, for the record ({@code cli}, {@code schedule}, a chat user)
 */
public record ScanRequest(List<Account> accounts, Optional<List<Region>> regions, Money minMonthlyCost, String startedBy) {

    public ScanRequest {
        accounts = List.copyOf(accounts);
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("a scan needs at least one account");
        }
        regions = regions.map(List::copyOf);
        regions.ifPresent(list -> {
            if (list.isEmpty()) {
                throw new IllegalArgumentException("a scan of listed regions needs at least one region");
            }
        });
        Objects.requireNonNull(minMonthlyCost, "minMonthlyCost");
        Objects.requireNonNull(startedBy, "startedBy");
    }

    /** Every enabled region of the accounts, every finding. */
    public static ScanRequest allRegions(List<Account> accounts, String startedBy) {
        return new ScanRequest(accounts, Optional.empty(), Money.ZERO, startedBy);
    }
}
