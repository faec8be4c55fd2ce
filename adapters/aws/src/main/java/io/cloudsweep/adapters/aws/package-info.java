/**
 * The AWS adapter: the engine's {@code CloudInventory} on the AWS SDK for Java v2. {@link
 * io.cloudsweep.adapters.aws.AwsCloud} is the one public entry; everything else is package-private.
 *
 * <p>Every AWS call goes through {@link io.cloudsweep.adapters.aws.Iam#call}, which names the IAM action it
 * needs; the union of those actions is the read-only policy in {@code manifests/aws/}, and a test keeps
 * the two equal.
 */
package io.cloudsweep.adapters.aws;
