/**
 * The waste rules: one class each, pure, registered in one list ({@link io.cloudsweep.engine.rules.RuleSet#standard}).
 *
 * <p><b>A rule on a resource and an action CloudSweep already has</b> is three files: the rule class (its thresholds
 * read from {@code Settings} with defaults that follow the published criteria; the action and its typed
 * {@link io.cloudsweep.engine.model.ActionParameters} set on the finding), one line in {@code RuleSet.standard}, and
 * its table test beside the others (negatives beside positives); plus price rows in {@code aws-prices.csv} if it
 * prices something new.
 *
 * <p><b>A rule on a new kind of resource</b> also needs, in this order:
 * <ol>
 *   <li>the resource as a record in {@code model} (a typed snapshot, no maps of details) and its {@code ResourceType} id;</li>
 *   <li>the AWS adapter's reader that builds it from SDK types, each call under its IAM permission in {@code Iam}
 *       (the scan policy in {@code manifests/aws} is kept equal by {@code IamPolicyTest}), the loopback fake's answers
 *       to those calls, and the resource in the demo account with a look-alike that is not waste;</li>
 *   <li>if it needs an action CloudSweep does not have: a constant of {@link io.cloudsweep.engine.model.Action} (its
 *       words, default risk, backup, undo or why there is none, IAM permissions, how its effect shows), its parameters
 *       if any, and an executor registered for it in {@code AwsCleanupActions} and {@code DemoCleanupActions} (their
 *       registries refuse to start without one), with the cleanup policy in {@code manifests/aws} granting its
 *       permissions;</li>
 *   <li>then the rule itself, as above.</li>
 * </ol>
 */
package io.cloudsweep.engine.rules;
