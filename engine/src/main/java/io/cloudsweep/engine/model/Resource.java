package io.cloudsweep.engine.model;

/**
 * An immutable snapshot of one cloud resource as the inventory saw it. One record per kind, with the
 * facts the rules need and nothing else; adapters build them from their SDK's types.
 */
public sealed interface Resource
        permits EbsVolume, EbsSnapshot, MachineImage, ElasticIp, Ec2Instance, RdsInstance, LoadBalancer, NatGateway, RdsSnapshot {

    ResourceRef ref();

    Tags tags();
}
