package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.model.Finding;

import java.util.Objects;

/**
 * What a rule concluded about one resource: waste (with the finding), not waste, or that it cannot tell
 * because a metric it needs is missing. The last is reported in the scan's diagnostics; a rule never guesses.
 */
public sealed interface Verdict {

    static Verdict waste(Finding finding) {
        return new Waste(finding);
    }

    static Verdict notWaste() {
        return NotWaste.INSTANCE;
    }

    static Verdict insufficientData(String detail) {
        return new InsufficientData(detail);
    }

    record Waste(Finding finding) implements Verdict {
        public Waste {
            Objects.requireNonNull(finding, "finding");
        }
    }

    enum NotWaste implements Verdict { INSTANCE }

    record InsufficientData(String detail) implements Verdict {
        public InsufficientData {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
