package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.Tags;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.InstanceState;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads classic, application and network load balancers of one region with their targets' health and
 * their tags: pages of 400 (the APIs' largest), tags 20 load balancers a call (the APIs' limit), health one
 * call per classic load balancer or target group (the APIs offer nothing wider). Gateway load balancers are
 * left out: no rule judges them.
 */
final class LoadBalancerReader {

    static final int PAGE = 400;
    static final int TAGS_PER_CALL = 20;

    private final ElasticLoadBalancingClient classic;
    private final ElasticLoadBalancingV2Client v2;
    private final Account account;
    private final Region region;

    LoadBalancerReader(ElasticLoadBalancingClient classic, ElasticLoadBalancingV2Client v2, Account account, Region region) {
        this.classic = classic;
        this.v2 = v2;
        this.account = account;
        this.region = region;
    }

    List<LoadBalancer> classicLoadBalancers() {
        List<LoadBalancerDescription> descriptions = Iam.call(Iam.ELB_DESCRIBE_LOAD_BALANCERS, () ->
                classic.describeLoadBalancersPaginator(request -> request.pageSize(PAGE)).loadBalancerDescriptions().stream().toList());
        Map<String, Tags> tags = classicTags(descriptions.stream().map(LoadBalancerDescription::loadBalancerName).toList());
        List<LoadBalancer> result = new ArrayList<>();
        for (LoadBalancerDescription description : descriptions) {
            String name = description.loadBalancerName();
            int registered = description.instances().size();
            int healthy = registered == 0 ? 0 : Iam.call(Iam.ELB_DESCRIBE_INSTANCE_HEALTH, () ->
                    (int) classic.describeInstanceHealth(request -> request.loadBalancerName(name)).instanceStates().stream()
                            .map(InstanceState::state)
                            .filter("InService"::equals)
                            .count());
            result.add(new LoadBalancer(ResourceRef.loadBalancer(account, region, name, name), tags.getOrDefault(name, Tags.NONE),
                    LoadBalancer.Kind.CLASSIC, description.createdTime(), registered, healthy));
        }
        return result;
    }

    List<LoadBalancer> applicationAndNetworkLoadBalancers() {
        List<software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer> balancers = Iam.call(
                Iam.ELB_DESCRIBE_LOAD_BALANCERS, () -> v2.describeLoadBalancersPaginator(request -> request.pageSize(PAGE))
                        .loadBalancers().stream()
                        .filter(balancer -> "application".equals(balancer.typeAsString()) || "network".equals(balancer.typeAsString()))
                        .toList());
        if (balancers.isEmpty()) {
            return List.of();
        }
        Map<String, Targets> targets = targetsByLoadBalancer();
        Map<String, Tags> tags = v2Tags(balancers.stream().map(balancer -> balancer.loadBalancerArn()).toList());
        List<LoadBalancer> result = new ArrayList<>();
        for (var balancer : balancers) {
            String arn = balancer.loadBalancerArn();
            Targets counted = targets.getOrDefault(arn, Targets.NONE);
            LoadBalancer.Kind kind = "network".equals(balancer.typeAsString()) ? LoadBalancer.Kind.NETWORK : LoadBalancer.Kind.APPLICATION;
            result.add(new LoadBalancer(ResourceRef.loadBalancer(account, region, balancer.loadBalancerName(), arnSuffix(arn)),
                    tags.getOrDefault(arn, Tags.NONE), kind, balancer.createdTime(), counted.registered(), counted.healthy()));
        }
        return result;
    }

    /** Registered and healthy targets per load balancer ARN, over all its target groups. */
    private Map<String, Targets> targetsByLoadBalancer() {
        List<TargetGroup> groups = Iam.call(Iam.ELB_DESCRIBE_TARGET_GROUPS, () ->
                v2.describeTargetGroupsPaginator(request -> request.pageSize(PAGE)).targetGroups().stream().toList());
        Map<String, Set<String>> registered = new HashMap<>();
        Map<String, Set<String>> healthy = new HashMap<>();
        for (TargetGroup group : groups) {
            if (group.loadBalancerArns().isEmpty()) {
                continue;
            }
            List<TargetHealthDescription> health = Iam.call(Iam.ELB_DESCRIBE_TARGET_HEALTH, () ->
                    v2.describeTargetHealth(request -> request.targetGroupArn(group.targetGroupArn())).targetHealthDescriptions());
            for (String balancer : group.loadBalancerArns()) {
                for (TargetHealthDescription target : health) {
                    String id = targetKey(group, target.target());
                    registered.computeIfAbsent(balancer, key -> new HashSet<>()).add(id);
                    if (target.targetHealth() != null && target.targetHealth().state() == TargetHealthStateEnum.HEALTHY) {
                        healthy.computeIfAbsent(balancer, key -> new HashSet<>()).add(id);
                    }
                }
            }
        }
        Map<String, Targets> counted = new HashMap<>();
        registered.forEach((balancer, ids) -> counted.put(balancer,
                new Targets(ids.size(), healthy.getOrDefault(balancer, Set.of()).size())));
        return counted;
    }

    private static String targetKey(TargetGroup group, TargetDescription target) {
        return group.targetGroupArn() + "|" + target.id() + ":" + target.port();
    }

    private Map<String, Tags> classicTags(List<String> names) {
        Map<String, Tags> tags = new HashMap<>();
        for (List<String> chunk : chunks(names)) {
            Iam.call(Iam.ELB_DESCRIBE_TAGS, () -> classic.describeTags(request -> request.loadBalancerNames(chunk)).tagDescriptions())
                    .forEach(description -> tags.put(description.loadBalancerName(), SdkTags.of(description.tags(),
                            software.amazon.awssdk.services.elasticloadbalancing.model.Tag::key,
                            software.amazon.awssdk.services.elasticloadbalancing.model.Tag::value)));
        }
        return tags;
    }

    private Map<String, Tags> v2Tags(List<String> arns) {
        Map<String, Tags> tags = new HashMap<>();
        for (List<String> chunk : chunks(arns)) {
            Iam.call(Iam.ELB_DESCRIBE_TAGS, () -> v2.describeTags(request -> request.resourceArns(chunk)).tagDescriptions())
                    .forEach(description -> tags.put(description.resourceArn(), SdkTags.of(description.tags(),
                            software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag::key,
                            software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag::value)));
        }
        return tags;
    }

    private static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int start = 0; start < items.size(); start += TAGS_PER_CALL) {
            chunks.add(items.subList(start, Math.min(items.size(), start + TAGS_PER_CALL)));
        }
        return chunks;
    }

    /** The part of a load balancer ARN after {@code loadbalancer/}, which is also its CloudWatch dimension. */
    static String arnSuffix(String arn) {
        int at = arn.indexOf(":loadbalancer/");
        return at < 0 ? arn : arn.substring(at + ":loadbalancer/".length());
    }

    private record Targets(int registered, int healthy) {
        static final Targets NONE = new Targets(0, 0);
    }
}
