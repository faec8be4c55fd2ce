package io.cloudsweep.engine.scan;

import io.cloudsweep.engine.model.Money;

/** How far a scan has got: regions done of the total, resources seen, findings and their cost so far. */
public record ScanProgress(int regionsDone, int regionsTotal, int resourcesSeen, int findings, Money monthlyCost) {
}
