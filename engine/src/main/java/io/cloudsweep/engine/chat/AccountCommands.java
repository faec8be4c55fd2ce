package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.store.AccountSettings;
import io.cloudsweep.engine.store.AccountSettings.ConnectedAccount;
import io.cloudsweep.engine.store.AuditLog;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The commands that connect AWS accounts: {@code connect} (how), {@code connect <role-arn>}, {@code connect current},
 * {@code disconnect}, {@code accounts}, and the permission check behind {@code policy set cleanup on}. Admins only,
 * except {@code accounts}; every step audited, refusals included. Thread-safe.
 */
final class AccountCommands {

    /** Where the role templates are, for {@code connect} to point at. */
    static final String TEMPLATES = "manifests/aws/cloudsweep-role.json (CloudFormation) or the module in manifests/aws/terraform";
    /** AWS partitions a role can be in; CloudSweep's credentials reach only their own. */
    private static final String PARTITION = "aws";

    private final AccountSettings accounts;
    private final AuditLog audit;
    private final AccountConnector connector;
    private final Clock clock;

    AccountCommands(AccountSettings accounts, AuditLog audit, AccountConnector connector, Clock clock) {
        this.accounts = accounts;
        this.audit = audit;
        this.connector = connector;
        this.clock = clock;
    }

    Reply connectHelp(long org, Actor actor) {
        if (actor.role() != Role.ADMIN) {
            return new Reply.Private("Only admins can connect AWS accounts.");
        }
        String externalId = accounts.externalId(org);
        String principal = connector.principal().map(AccountConnector.Principal::arn)
                .orElse("(unknown: this CloudSweep has no AWS credentials of its own, so it can only connect `current` accounts once it has)");
        String principalParameter = connector.principal().map(AccountConnector.Principal::arn).orElse("CLOUDSWEEP_PRINCIPAL_ARN");
        return new Reply.Shown(List.of(new Card.Text(String.join("\n",
                "To connect an AWS account, create a role in it that CloudSweep may assume:",
                "  1. Create the role from " + TEMPLATES + ", with",
                "     ExternalId: " + externalId + "   (this organization's; keep it, it never changes)",
                "     CloudSweep's principal: " + principal,
                "     e.g. aws cloudformation deploy --template-file cloudsweep-role.json --stack-name cloudsweep --capabilities CAPABILITY_NAMED_IAM"
                        + " --parameter-overrides ExternalId=" + externalId + " CloudSweepPrincipal=" + principalParameter,
                "     or terraform apply -var external_id=" + externalId + " -var cloudsweep_principal=" + principalParameter,
                "  2. Then here: connect arn:aws:iam::<account-id>:role/CloudSweep [name]",
                "     CloudSweep tests every permission, names what is missing, and scans the account.",
                "Or `connect current [name]` for the account CloudSweep's own credentials are in.",
                "Cleanups stay dry runs until an admin runs `policy set cleanup on <account>`."))));
    }

    Reply connect(long org, Actor actor, ChatCommand.Connect connect) {
        if (actor.role() != Role.ADMIN) {
            return refused(org, actor, connect.accountId(), "Only admins can connect AWS accounts.");
        }
        if (!connect.partition().equals(PARTITION)) {
            return refused(org, actor, connect.accountId(), connect.roleArn() + " is in the " + connect.partition()
                    + " partition; this CloudSweep runs in the aws partition and cannot assume roles there.");
        }
        Optional<ConnectedAccount> here = find(org, connect.accountId());
        if (here.isPresent()) {
            return alreadyHere(org, actor, here.get());
        }
        Optional<String> externalId = connect.externalId().or(() -> Optional.of(accounts.externalId(org)));
        AccountConnector.Probe probe = connector.probe(Optional.of(connect.roleArn()), externalId);
        return connected(org, actor, probe, Optional.of(connect.roleArn()), connect.externalId(), connect.name(), Optional.of(connect.accountId()));
    }

    Reply connectCurrent(long org, Actor actor, ChatCommand.ConnectCurrent current) {
        if (actor.role() != Role.ADMIN) {
            return refused(org, actor, "current", "Only admins can connect AWS accounts.");
        }
        return connected(org, actor, connector.probe(Optional.empty(), Optional.empty()), Optional.empty(), Optional.empty(),
                current.name(), Optional.empty());
    }

    /** Stores the account the probe reached (after checking it is the one meant) and has it scanned. */
    private Reply connected(long org, Actor actor, AccountConnector.Probe probe, Optional<String> roleArn, Optional<String> givenExternalId,
                            Optional<String> name, Optional<String> expectedAccount) {
        String subject = expectedAccount.orElse("current");
        if (probe instanceof AccountConnector.Probe.Unreachable unreachable) {
            return refused(org, actor, subject, "Not connected: " + unreachable.cause());
        }
        AccountConnector.Probe.Reached reached = (AccountConnector.Probe.Reached) probe;
        if (expectedAccount.isPresent() && !expectedAccount.get().equals(reached.accountId())) {
            return refused(org, actor, subject, "Not connected: the role answered as account " + reached.accountId() + ", not "
                    + expectedAccount.get() + " as its ARN says.");
        }
        if (expectedAccount.isEmpty()) {
            Optional<ConnectedAccount> here = find(org, reached.accountId());
            if (here.isPresent()) {
                return alreadyHere(org, actor, here.get());
            }
        }
        List<String> missing = reached.missingScan().stream().map(AccountConnector.Permission::action).toList();
        ConnectedAccount account = new ConnectedAccount(reached.accountId(), name.orElse(reached.accountId()), roleArn, givenExternalId,
                false, missing, Optional.empty());
        AccountSettings.Connecting outcome = accounts.connect(org, account, actor.userId());
        if (outcome instanceof AccountSettings.Connecting.AlreadyHere already) {
            return alreadyHere(org, actor, already.account());
        }
        if (outcome instanceof AccountSettings.Connecting.Elsewhere) {
            return refused(org, actor, reached.accountId(), "Account " + reached.accountId() + " is connected to another CloudSweep"
                    + " organization. An account belongs to one organization: disconnect it there first.");
        }
        return new Reply.Connected(List.of(new Card.Text(testReport(account, reached))),
                new ChatCommand.Scan(Optional.of(reached.accountId()), List.of()));
    }

    private static String testReport(ConnectedAccount account, AccountConnector.Probe.Reached reached) {
        StringBuilder text = new StringBuilder("Connected account " + account.accountId()
                + (account.name().equals(account.accountId()) ? "" : " (" + account.name() + ")")
                + account.roleArn().map(role -> " through " + role).orElse(" with CloudSweep's own credentials") + ".");
        text.append("\nScan permissions: ").append(granted(reached.scan())).append(" of ").append(reached.scan().size()).append(" granted.");
        reached.missingScan().forEach(p -> text.append("\n  missing ").append(p.action()).append(": ").append(p.meaning()));
        text.append("\nCleanup permissions: ").append(granted(reached.cleanup())).append(" of ").append(reached.cleanup().size())
                .append(" granted by dry run");
        List<String> unchecked = reached.cleanup().stream().filter(p -> p.status() == AccountConnector.Permission.Status.UNCHECKED)
                .map(AccountConnector.Permission::action).toList();
        text.append(unchecked.isEmpty() ? "." : "; not checkable without doing them (AWS has no dry run): " + String.join(", ", unchecked) + ".");
        reached.missingCleanup().forEach(p -> text.append("\n  missing ").append(p.action()).append(": ").append(p.meaning()));
        text.append("\nCleanups are dry runs until an admin runs `policy set cleanup on ").append(account.accountId()).append("`.");
        text.append("\nThe test cost ").append(reached.cost()).append(". The first scan starts now.");
        return text.toString();
    }

    private static long granted(List<AccountConnector.Permission> permissions) {
        return permissions.stream().filter(p -> p.status() == AccountConnector.Permission.Status.GRANTED).count();
    }

    Reply disconnect(long org, Actor actor, ChatCommand.Disconnect disconnect) {
        if (actor.role() != Role.ADMIN) {
            return refused(org, actor, disconnect.account(), "Only admins can disconnect AWS accounts.");
        }
        Optional<ConnectedAccount> account = accounts.accounts(org).stream().filter(a -> a.isCalled(disconnect.account())).findFirst();
        if (account.isEmpty()) {
            return new Reply.Private("No connected account is called " + disconnect.account() + ". " + connectedList(org));
        }
        String id = account.get().accountId();
        if (!disconnect.confirmed()) {
            return new Reply.Shown(List.of(new Card.Question("Disconnect account " + id + " (" + account.get().name() + ")? No scan will"
                    + " read it again and its open findings are closed; its cleanups' history stays in the audit.",
                    List.of(Card.Button.of("Disconnect " + id, new ChatCommand.Disconnect(id, true), Card.Button.Style.DANGER)))));
        }
        if (!accounts.disconnect(org, id, actor.userId())) {
            return new Reply.Answered(new Card.Text("Account " + id + " was disconnected already."));
        }
        return new Reply.Answered(new Card.Text("Account " + id + " (" + account.get().name() + ") is disconnected, by " + actor.userId() + "."));
    }

    Reply list(long org) {
        List<ConnectedAccount> connected = accounts.accounts(org);
        if (connected.isEmpty()) {
            return new Reply.Shown(List.of(new Card.Text("No AWS account is connected. `connect` tells how.")));
        }
        StringBuilder text = new StringBuilder("Connected AWS accounts:");
        for (ConnectedAccount a : connected) {
            text.append("\n  ").append(a.accountId()).append(a.name().equals(a.accountId()) ? "" : " " + a.name())
                    .append(a.roleArn().map(role -> " via " + role).orElse(" (CloudSweep's own credentials)"))
                    .append(": cleanups ").append(a.cleanupsEnabled() ? "on" : "off (dry run)");
            text.append("; last scan ").append(a.lastScan().map(scan -> "#" + scan.scanId() + " " + scan.at() + " " + scan.status()
                    + scan.error().map(error -> " (" + error + ")").orElse("")).orElse("none yet"));
            if (!a.missingPermissions().isEmpty()) {
                text.append("; missing ").append(String.join(", ", a.missingPermissions()));
            }
        }
        return new Reply.Shown(List.of(new Card.Text(text.toString())));
    }

    /**
     * Before real cleanups are turned on in {@code account}: the cleanup permissions CloudSweep can check (EC2 by dry
     * run), the ones missing in words; empty when none is missing.
     */
    Optional<String> missingForCleanups(long org, ConnectedAccount account) {
        AccountConnector.Probe probe = connector.probe(account, accounts.externalId(org));
        if (probe instanceof AccountConnector.Probe.Unreachable unreachable) {
            return Optional.of("CloudSweep cannot reach account " + account.accountId() + " to check its cleanup permissions: " + unreachable.cause());
        }
        List<AccountConnector.Permission> missing = ((AccountConnector.Probe.Reached) probe).missingCleanup();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("account " + account.accountId() + " lacks what cleanups need: " + missing.stream()
                .map(p -> p.action() + " (" + p.meaning() + ")").collect(Collectors.joining(", "))
                + ". Attach manifests/aws/cloudsweep-cleanup-policy.json to its role (or deploy the role template with EnableCleanup=true)");
    }

    Optional<ConnectedAccount> find(long org, String word) {
        return accounts.accounts(org).stream().filter(a -> a.isCalled(word)).findFirst();
    }

    private Reply alreadyHere(long org, Actor actor, ConnectedAccount account) {
        return refused(org, actor, account.accountId(), "Account " + account.accountId() + " is connected already, as " + account.name()
                + account.roleArn().map(role -> " through " + role).orElse(" with CloudSweep's own credentials")
                + ". To connect it another way, `disconnect " + account.accountId() + "` first.");
    }

    private String connectedList(long org) {
        List<ConnectedAccount> connected = accounts.accounts(org);
        return connected.isEmpty() ? "No account is connected." : "Connected: " + connected.stream()
                .map(a -> a.accountId() + " (" + a.name() + ")").collect(Collectors.joining(", ")) + ".";
    }

    /** A refusal, said to the person and kept in the audit. */
    private Reply refused(long org, Actor actor, String subject, String why) {
        audit.append(new AuditLog.Event(Optional.of(org), clock.instant(), actor.userId(), "account.refused", "account/" + subject,
                Map.of("reason", why)));
        return new Reply.Private(why);
    }
}
