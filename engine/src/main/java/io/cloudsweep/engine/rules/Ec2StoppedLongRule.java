package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.ElasticIp;
import io.cloudsweep.engine.model.StateTransitionReasons;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code ec2-stopped-long}: an instance stopped for at least {@code minStoppedDays} (default 30, as Thrifty's
 * long-stopped check) still pays for its EBS volumes. The stop time comes from the inventory or, failing
 * that, from the time in {@code StateTransitionReason}; without one the rule reports insufficient data.
 *
 * <p>Cost: the attached volumes as they are priced today, and its Elastic IPs unless {@code eip-unassociated} reports
 * them on their own ({@code rules.eip-unassociated.flag-stopped-instances}, true by default), so an address is counted
 * once. Terminating the instance leaves its addresses allocated: the card says to release them. An instance with no
 * EBS volume costs nothing while stopped and is not flagged. Example: stopped 45 days with a 50 GiB gp3 root volume → terminate it after an
 * AMI backup, $4.00 a month in us-east-1.
 */
public record Ec2StoppedLongRule(Parameters parameters) implements Rule<Ec2Instance> {

    public static final String ID = "ec2-stopped-long";

    /**
     * @param countAddresses whether its Elastic IPs are in its cost: when {@code eip-unassociated} does not report the
     *                       addresses of stopped instances itself
     */
    public record Parameters(int minStoppedDays, boolean countAddresses) {
        public static Parameters from(Settings settings) {
            return new Parameters(settings.integer("rules." + ID + ".min-stopped-days", 30, 1, 3650),
                    !EipUnassociatedRule.Parameters.from(settings).flagStoppedInstances());
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<Ec2Instance> resourceClass() {
        return Ec2Instance.class;
    }

    @Override
    public Verdict evaluate(Ec2Instance instance, RuleContext context) {
        if (instance.state() != Ec2Instance.State.STOPPED) {
            return Verdict.notWaste();
        }
        Optional<Instant> stoppedAt = instance.stateChangedAt().or(() -> StateTransitionReasons.timeOf(instance.stateTransitionReason()));
        if (stoppedAt.isEmpty()) {
            return Verdict.insufficientData("stop time unknown: no time in its state transition reason '"
                    + instance.stateTransitionReason() + "'");
        }
        long days = Days.between(stoppedAt.get(), context.now());
        if (days < parameters.minStoppedDays() || instance.volumeIds().isEmpty()) {
            return Verdict.notWaste();
        }
        Cost volumes = instance.volumeIds().stream()
                .map(id -> context.volume(id).map(volume -> context.pricer().volumeMonthly(volume))
                        .orElseGet(() -> Cost.unknown("attached volume " + id + " was not in the inventory")))
                .reduce(Cost::plus)
                .orElseThrow();
        List<ElasticIp> addresses = parameters.countAddresses() ? context.addressesOf(instance.ref().id()) : List.of();
        Cost cost = addresses.stream().map(address -> context.pricer().publicIpv4Monthly(address.ref().region())).reduce(volumes, Cost::plus);
        String addressWords = addresses.isEmpty() ? ""
                : "; so " + (addresses.size() == 1 ? "does its Elastic IP " : "do its Elastic IPs ")
                + String.join(", ", addresses.stream().map(ElasticIp::publicIp).toList())
                + ", which terminating it does not release: release " + (addresses.size() == 1 ? "it" : "them") + " after";
        RuleContext.FindingDraft draft = context.finding(this, instance)
                .action(Action.TERMINATE_INSTANCE)
                .cost(cost)
                .reason("stopped for " + Days.count(days) + " (since " + Days.dayOf(stoppedAt.get()) + "); "
                        + (instance.volumeIds().size() == 1 ? "its EBS volume still bills" : "its " + instance.volumeIds().size()
                        + " EBS volumes still bill") + " while it is stopped" + addressWords)
                .fact("state", "stopped")
                .fact("stopped_since", Days.dayOf(stoppedAt.get()))
                .fact("state_transition_reason", instance.stateTransitionReason())
                .fact("instance_type", instance.instanceType())
                .fact("volumes", String.join(" ", instance.volumeIds()));
        if (!addresses.isEmpty()) {
            draft.fact("elastic_ips", String.join(" ", addresses.stream().map(address -> address.ref().id()).toList()));
        }
        return draft.waste();
    }
}
