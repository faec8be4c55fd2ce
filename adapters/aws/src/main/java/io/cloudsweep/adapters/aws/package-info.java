/**
 * The AWS adapter: the engine's {@code CloudInventory} on the AWS SDK for Java v2 (describe calls,
 * batched {@code GetMetricData}), credentials through the default chain, profiles or STS AssumeRole with
 * an ExternalId, and price refresh from the AWS Pricing API. Arrives with the "Real AWS" issue; until
 * then only the demo account can be scanned.
 */
package io.cloudsweep.adapters.aws;
