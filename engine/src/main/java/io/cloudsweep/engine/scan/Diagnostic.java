package io.cloudsweep.engine.scan;

import io.cloudsweep.engine.model.ResourceRef;

/** Something a rule could not decide about a resource, such as missing metrics. */
public record Diagnostic(String ruleId, ResourceRef resource, String detail) {
}
