package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.ElasticIp;

import java.util.List;
import java.util.Optional;

/**
 * {@code eip-unassociated}: an Elastic IP that is associated with nothing, or with an instance that is
 * stopped, bills the public IPv4 hourly rate and serves no traffic (Trusted Advisor's unassociated-address
 * check). Example: an unassociated address in any region → release it, $3.65 a month.
 *
 * <p>Addresses associated with a network interface but no instance (a NAT gateway, say) are in use and are
 * not flagged. {@code rules.eip-unassociated.flag-stopped-instances=false} turns the stopped-instance case off.
 */
public record EipUnassociatedRule(Parameters parameters) implements Rule<ElasticIp> {

    public static final String ID = "eip-unassociated";

    public record Parameters(boolean flagStoppedInstances) {
        public static Parameters from(Settings settings) {
            return new Parameters(Boolean.parseBoolean(
                    settings.choice("rules." + ID + ".flag-stopped-instances", "true", List.of("true", "false"))));
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<ElasticIp> resourceClass() {
        return ElasticIp.class;
    }

    @Override
    public Verdict evaluate(ElasticIp address, RuleContext context) {
        RuleContext.FindingDraft draft = context.finding(this, address)
                .action(Action.RELEASE_ADDRESS)
                .cost(context.pricer().publicIpv4Monthly(address.ref().region()))
                .fact("public_ip", address.publicIp());
        if (!address.isAssociated()) {
            return draft.reason("Elastic IP " + address.publicIp() + " is not associated with anything")
                    .fact("associated", false)
                    .waste();
        }
        Optional<Ec2Instance> stopped = address.instanceId()
                .flatMap(context::instance)
                .filter(instance -> instance.state() == Ec2Instance.State.STOPPED);
        if (parameters.flagStoppedInstances() && stopped.isPresent()) {
            return draft.reason("Elastic IP " + address.publicIp() + " is associated with " + stopped.get().ref().id()
                            + ", which is stopped")
                    .fact("associated", true)
                    .fact("instance", stopped.get().ref().id())
                    .fact("instance_state", "stopped")
                    .waste();
        }
        return Verdict.notWaste();
    }
}
