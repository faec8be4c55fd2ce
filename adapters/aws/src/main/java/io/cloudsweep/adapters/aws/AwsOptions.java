package io.cloudsweep.adapters.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach AWS.
 *
 * @param profile     a named profile from the shared config files; empty for the SDK's default chain
 * @param roleArn     a role to assume in the account to scan (cross-account access); never a long-term key
 * @param externalId  the ExternalId the role's trust policy requires, with {@code roleArn}
 * @param endpoint    one endpoint for every service (LocalStack, moto, a test fake); empty for AWS itself
 * @param credentials credentials to start from instead of the profile or default chain (for embedding)
 * @param concurrency how many AWS calls one account may have in flight at once
 * @param attemptTimeout how long one attempt of a call may take before it is abandoned and tried again
 */
public record AwsOptions(Optional<String> profile, Optional<String> roleArn, Optional<String> externalId,
                         Optional<URI> endpoint, Optional<AwsCredentialsProvider> credentials, int concurrency,
                         Duration attemptTimeout) {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

    public AwsOptions {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
        roleArn.ifPresent(arn -> {
            if (!ROLE_ARN.matcher(arn).matches()) {
                throw new IllegalArgumentException("not an IAM role ARN: '" + arn + "' (expected arn:aws:iam::123456789012:role/NAME)");
            }
        });
        externalId.ifPresent(id -> {
            if (roleArn.isEmpty()) {
                throw new IllegalArgumentException("an external id goes with a role ARN: pass --role-arn too");
            }
            if (!EXTERNAL_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("an external id is 2 to 1224 letters, digits or +=,.@:/-_");
            }
        });
        endpoint.ifPresent(uri -> {
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("an endpoint URL looks like http://127.0.0.1:4566 or https://host, not '" + uri + "'");
            }
        });
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("an attempt timeout must be positive");
        }
    }

    /** The default chain, AWS itself. */
    public static AwsOptions defaults() {
        return new AwsOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 16,
                Duration.ofSeconds(60));
    }

    public AwsOptions withProfile(String name) {
        return new AwsOptions(Optional.of(name), roleArn, externalId, endpoint, credentials, concurrency, attemptTimeout);
    }

    public AwsOptions withRole(String arn, Optional<String> id) {
        return new AwsOptions(profile, Optional.of(arn), id, endpoint, credentials, concurrency, attemptTimeout);
    }

    public AwsOptions withEndpoint(URI uri) {
        return new AwsOptions(profile, roleArn, externalId, Optional.of(uri), credentials, concurrency, attemptTimeout);
    }

    public AwsOptions withCredentials(AwsCredentialsProvider provider) {
        return new AwsOptions(profile, roleArn, externalId, endpoint, Optional.of(provider), concurrency, attemptTimeout);
    }

    public AwsOptions withAttemptTimeout(Duration timeout) {
        return new AwsOptions(profile, roleArn, externalId, endpoint, credentials, concurrency, timeout);
    }
}
