package io.cloudsweep.engine.report;

import java.util.List;

/** Where realised savings are read from: every cleanup of the organization done for real, undone ones included. */
@FunctionalInterface
public interface SavingsLedger {

    List<Realised> realised(long organizationId);
}
