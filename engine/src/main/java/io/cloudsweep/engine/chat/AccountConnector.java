package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.store.AccountSettings;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the chat reaches AWS to connect accounts: who CloudSweep runs as, and a test of what a role (or CloudSweep's own
 * credentials) may do, one cheap call per IAM action. The AWS adapter implements it; the demo answers for itself.
 */
public interface AccountConnector {

    /** The AWS principal CloudSweep's own credentials belong to, for the role's trust policy. */
    record Principal(String accountId, String arn) {
    }

    /** One IAM action as the test found it, with what its absence means in words. */
    record Permission(String action, String meaning, Status status) {
        public enum Status {
            GRANTED,
            MISSING,
            /** AWS offers no call that shows it without doing it (no dry run): granted only if the policy says so. */
            UNCHECKED
        }

        public Permission {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(meaning, "meaning");
            Objects.requireNonNull(status, "status");
        }
    }

    /** What a connection test came to. */
    sealed interface Probe {
        /**
         * The role was assumed (or the credentials worked) and reach {@code accountId}.
         *
         * @param scan    each action of the scan policy
         * @param cleanup each action of the cleanup policy (EC2 by dry run, the others unchecked)
         */
        record Reached(String accountId, List<Permission> scan, List<Permission> cleanup, String cost) implements Probe {
            public Reached {
                scan = List.copyOf(scan);
                cleanup = List.copyOf(cleanup);
            }

            public List<Permission> missingScan() {
                return scan.stream().filter(p -> p.status() == Permission.Status.MISSING).toList();
            }

            public List<Permission> missingCleanup() {
                return cleanup.stream().filter(p -> p.status() == Permission.Status.MISSING).toList();
            }
        }

        /** Not reached, with the likely cause in words (trust policy, ExternalId, wrong account, no credentials). */
        record Unreachable(String cause) implements Probe {
        }
    }

    /** CloudSweep's own principal; empty when it has no AWS credentials of its own. */
    Optional<Principal> principal();

    /**
     * Tests a connection: through {@code roleArn} assumed with {@code externalId}, or, with no role, CloudSweep's own
     * credentials. Never throws for AWS's answers: they are in the probe.
     */
    Probe probe(Optional<String> roleArn, Optional<String> externalId);

    /** Tests the connection of an account connected already, as it is stored (its role, its ExternalId). */
    default Probe probe(AccountSettings.ConnectedAccount account, String organizationExternalId) {
        return probe(account.roleArn(), account.roleArn().map(role -> account.externalId().orElse(organizationExternalId)));
    }

    /** A connector for a CloudSweep with no AWS at all: every test says so. */
    AccountConnector NONE = new AccountConnector() {
        @Override
        public Optional<Principal> principal() {
            return Optional.empty();
        }

        @Override
        public Probe probe(Optional<String> roleArn, Optional<String> externalId) {
            return new Probe.Unreachable("this CloudSweep has no AWS access configured");
        }
    };
}
