package dev.ecscanary.aws;

import dev.ecscanary.aws.Route53TrafficRouter.WeightedPair;
import dev.ecscanary.port.SetupCheck;
import dev.ecscanary.preflight.PreflightCheck;
import dev.ecscanary.preflight.PreflightReport;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.OutputReferences;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.spec.StackSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Reads the live setup a spec names and says, check by check, whether a deployment can run on it:
 * the weighted records, where they point, the load balancers, target groups and services behind
 * them, the alarms the gates name, blue's metrics and the state table. It changes nothing.
 *
 * <p>References to stack outputs are resolved from the stacks that exist already; what only a
 * stack of this deployment will create is skipped, and says so.
 */
public final class AwsPreflight implements SetupCheck {

    private final AwsClients clients;
    private final Supplier<Instant> clock;

    public AwsPreflight(AwsClients clients, Supplier<Instant> clock) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public PreflightReport check(CanarySpec written) {
        List<PreflightCheck> checks = new ArrayList<>();
        CanarySpec spec = resolved(written, checks);
        boolean concrete = OutputReferences.dnsIsConcrete(spec);
        Map<String, Optional<LoadBalancer>> balancers = new HashMap<>();
        if (concrete) {
            checkRecords(spec, balancers, checks);
        } else {
            checks.add(PreflightCheck.skipped("records", spec.dns().recordName(),
                    "named by outputs of stacks that do not exist yet: checked once they ran"));
        }
        checkSide("blue", spec.blue(), spec, balancers, checks);
        checkSide("green", spec.green(), spec, balancers, checks);
        checkAlarms(spec, checks);
        checkBlueMetrics(spec, checks);
        checkTable(spec, checks);
        return new PreflightReport(written.deploymentId(), checks);
    }

    /** The spec with every reference resolved that an existing stack can resolve. */
    private CanarySpec resolved(CanarySpec spec, List<PreflightCheck> checks) {
        Map<String, String> outputs = new HashMap<>();
        for (StackSpec stack : spec.stacks()) {
            Optional<Optional<Stack>> found = call("stack", stack.name(), checks, "stack " + stack.name() + " readable",
                    () -> clients.cloudFormation().describeStacks(b -> b.stackName(stack.name())).stacks().stream()
                            .findFirst());
            found.flatMap(s -> s).ifPresent(s -> s.outputs().forEach(o -> {
                outputs.put(o.outputKey(), o.outputValue());
                outputs.put(stack.name() + "." + o.outputKey(), o.outputValue());
            }));
        }
        try {
            return OutputReferences.resolve(spec, outputs);
        } catch (OutputReferences.UnresolvedReferenceException e) {
            return spec;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Records and where they point
    // ---------------------------------------------------------------------------------------------

    private void checkRecords(CanarySpec spec, Map<String, Optional<LoadBalancer>> balancers,
                              List<PreflightCheck> checks) {
        String name = spec.dns().recordName();
        Route53TrafficRouter router = new Route53TrafficRouter(clients.route53());
        Optional<WeightedPair> pair;
        try {
            pair = Optional.of(router.weightedPair(spec.dns()));
        } catch (IllegalStateException | IllegalArgumentException e) {
            checks.add(PreflightCheck.problem("records", name, "two weighted records of one name and type, set "
                    + "identifiers '" + spec.dns().blueSetIdentifier() + "' and '" + spec.dns().greenSetIdentifier()
                    + "'", e.getMessage()));
            return;
        } catch (SdkException e) {
            checks.add(PreflightCheck.unchecked("records", name, "two weighted records", failed(
                    "Route53 ListResourceRecordSets", e)));
            return;
        }
        WeightedPair records = pair.get();
        long green = records.green().weight();
        String weights = "blue weight " + records.blue().weight() + ", green weight " + green + " ("
                + records.blue().typeAsString() + ")";
        checks.add(green == 0
                ? PreflightCheck.ok("records", name, "weighted pair, green at weight 0", weights)
                : PreflightCheck.problem("records", name, "weighted pair, green at weight 0 (a canary starts from "
                        + "blue 100 / green 0)", weights));
        checkTarget("blue", records.blue(), spec.blue(), balancers, checks);
        checkTarget("green", records.green(), spec.green(), balancers, checks);
    }

    private void checkTarget(String side, ResourceRecordSet record, ServiceSide service,
                             Map<String, Optional<LoadBalancer>> balancers, List<PreflightCheck> checks) {
        if (record.healthCheckId() != null) {
            checks.add(PreflightCheck.problem("healthCheck", side, "no health check on a weighted record: with one, "
                    + "Route53 sends a zero-weight record traffic when the others are unhealthy",
                    "health check " + record.healthCheckId()));
        }
        if (record.aliasTarget() == null) {
            checks.add(PreflightCheck.warning("aliasTarget", side, "an alias to " + side + "'s load balancer",
                    "not an alias record: where it points cannot be matched with a load balancer"));
            return;
        }
        if (Boolean.TRUE.equals(record.aliasTarget().evaluateTargetHealth())) {
            checks.add(PreflightCheck.warning("evaluateTargetHealth", side, "false: with target health evaluated, "
                    + "Route53 sends a zero-weight green all traffic when blue's targets are unhealthy (a promotion "
                    + "by surprise)", "true"));
        }
        String pointsTo = dnsName(record.aliasTarget().dnsName());
        String dimension = service == null ? null : service.loadBalancer();
        if (dimension == null || OutputReferences.isReference(dimension)) {
            checks.add(PreflightCheck.skipped("aliasTarget", side, "the spec names no load balancer for " + side
                    + " (" + side + ".loadBalancer): the record points to " + pointsTo));
            return;
        }
        Optional<LoadBalancer> balancer = balancer(dimension, balancers, checks);
        if (balancer == null) {
            return;
        }
        if (balancer.isEmpty()) {
            checks.add(PreflightCheck.problem("loadBalancer", side, "load balancer " + dimension, "none of that name"));
            return;
        }
        String expected = dnsName(balancer.get().dnsName());
        checks.add(pointsTo.equals(expected)
                ? PreflightCheck.ok("aliasTarget", side, "alias to " + dimension + " (" + expected + ")", pointsTo)
                : PreflightCheck.problem("aliasTarget", side, "alias to " + dimension + " (" + expected + ")",
                        pointsTo));
    }

    /** Empty when there is none; null when it could not be read (already reported). */
    private Optional<LoadBalancer> balancer(String dimension, Map<String, Optional<LoadBalancer>> known,
                                            List<PreflightCheck> checks) {
        if (known.containsKey(dimension)) {
            return known.get(dimension);
        }
        String[] parts = dimension.split("/");
        if (parts.length != 3 || !"app".equals(parts[0])) {
            checks.add(PreflightCheck.problem("loadBalancer", dimension, "app/<name>/<id>, the load balancer's "
                    + "CloudWatch dimension", dimension));
            known.put(dimension, null);
            return null;
        }
        Optional<Optional<LoadBalancer>> read = call("loadBalancer", dimension, checks, "load balancer " + parts[1],
                () -> clients.elb().describeLoadBalancers(b -> b.names(parts[1])).loadBalancers().stream()
                        .filter(lb -> lb.loadBalancerArn().endsWith("/" + dimension))
                        .findFirst());
        Optional<LoadBalancer> found = read.isEmpty() ? null : read.get();
        known.put(dimension, found);
        return found;
    }

    // ---------------------------------------------------------------------------------------------
    // Target groups, listeners and services
    // ---------------------------------------------------------------------------------------------

    private void checkSide(String side, ServiceSide service, CanarySpec spec,
                           Map<String, Optional<LoadBalancer>> balancers, List<PreflightCheck> checks) {
        if (service == null) {
            checks.add(PreflightCheck.skipped("service", side, "the spec names no " + side + " side"));
            return;
        }
        String targetGroup = service.targetGroup();
        String dimension = service.loadBalancer();
        if (targetGroup != null && !OutputReferences.isReference(targetGroup) && dimension != null
                && !OutputReferences.isReference(dimension)) {
            Optional<LoadBalancer> balancer = balancer(dimension, balancers, checks);
            if (balancer != null && balancer.isPresent()) {
                checkTargetGroup(side, targetGroup, balancer.get(), checks);
            }
        }
        if (service.cluster() == null || service.service() == null || OutputReferences.isReference(service.cluster())
                || OutputReferences.isReference(service.service())) {
            checks.add(PreflightCheck.skipped("service", side, "the spec names no " + side + " service, or names it "
                    + "by an output of a stack that does not exist yet"));
            return;
        }
        Optional<Optional<software.amazon.awssdk.services.ecs.model.Service>> read = call("service", side, checks, "service " + service.service(),
                () -> clients.ecs().describeServices(b -> b.cluster(service.cluster()).services(service.service()))
                        .services().stream().filter(s -> !"INACTIVE".equals(s.status())).findFirst());
        if (read.isEmpty()) {
            return;
        }
        String which = "service " + service.service() + " in cluster " + service.cluster();
        if (read.get().isEmpty()) {
            checks.add(spec.stacks().isEmpty()
                    ? PreflightCheck.problem("service", side, which + ", active", "none")
                    : PreflightCheck.skipped("service", side, which + " does not exist yet: the stacks of this "
                            + "deployment may create it"));
            return;
        }
        software.amazon.awssdk.services.ecs.model.Service found = read.get().get();
        List<String> attached = found.loadBalancers().stream()
                .map(software.amazon.awssdk.services.ecs.model.LoadBalancer::targetGroupArn).filter(Objects::nonNull)
                .toList();
        if (targetGroup == null || OutputReferences.isReference(targetGroup)) {
            checks.add(PreflightCheck.ok("service", side, which, found.status()));
        } else if (attached.contains(targetGroup)) {
            checks.add(PreflightCheck.ok("service", side, which + ", registering its tasks in " + targetGroup,
                    found.status() + ", attached to " + attached));
        } else {
            checks.add(PreflightCheck.problem("service", side, which + ", registering its tasks in " + targetGroup,
                    found.status() + ", attached to " + (attached.isEmpty() ? "no target group" : attached)));
        }
    }

    private void checkTargetGroup(String side, String targetGroup, LoadBalancer balancer, List<PreflightCheck> checks) {
        Optional<Optional<TargetGroup>> read = call("targetGroup", side, checks, "target group " + targetGroup,
                () -> clients.elb().describeTargetGroups(b -> b.targetGroupArns(targetGroup)).targetGroups().stream()
                        .findFirst());
        if (read.isEmpty()) {
            return;
        }
        if (read.get().isEmpty()) {
            checks.add(PreflightCheck.problem("targetGroup", side, "target group " + targetGroup, "none"));
            return;
        }
        List<String> owners = read.get().get().loadBalancerArns();
        if (!owners.contains(balancer.loadBalancerArn())) {
            checks.add(PreflightCheck.problem("targetGroup", side, targetGroup + " behind " + balancer.loadBalancerName(),
                    owners.isEmpty() ? "behind no load balancer" : "behind " + owners));
            return;
        }
        Optional<List<Listener>> listeners = call("listener", side, checks, "listeners of " + balancer.loadBalancerName(),
                () -> clients.elb().describeListeners(b -> b.loadBalancerArn(balancer.loadBalancerArn())).listeners());
        if (listeners.isEmpty()) {
            return;
        }
        boolean forwards = listeners.get().stream().flatMap(l -> l.defaultActions().stream())
                .anyMatch(action -> forwardsTo(action, targetGroup));
        checks.add(forwards
                ? PreflightCheck.ok("targetGroup", side, "a listener of " + balancer.loadBalancerName()
                        + " forwarding to " + targetGroup, "behind " + balancer.loadBalancerName() + ", whose listener "
                        + "forwards to it")
                : PreflightCheck.problem("targetGroup", side, "a listener of " + balancer.loadBalancerName()
                        + " forwarding to " + targetGroup, listeners.get().size() + " listeners, none forwarding to it"));
    }

    private static boolean forwardsTo(Action action, String targetGroup) {
        if (targetGroup.equals(action.targetGroupArn())) {
            return true;
        }
        return action.forwardConfig() != null && action.forwardConfig().targetGroups().stream()
                .map(TargetGroupTuple::targetGroupArn).anyMatch(targetGroup::equals);
    }

    // ---------------------------------------------------------------------------------------------
    // Alarms, metrics, state table
    // ---------------------------------------------------------------------------------------------

    private void checkAlarms(CanarySpec spec, List<PreflightCheck> checks) {
        List<String> names = spec.gates().stream().filter(g -> g instanceof GateSpec.Alarms)
                .flatMap(g -> ((GateSpec.Alarms) g).alarms().stream()).filter(Objects::nonNull).distinct().toList();
        if (names.isEmpty()) {
            return;
        }
        Optional<List<MetricAlarm>> read = call("alarm", String.join(", ", names), checks, "the alarms",
                () -> clients.cloudWatch().describeAlarms(b -> b.alarmNames(names)).metricAlarms());
        if (read.isEmpty()) {
            return;
        }
        Map<String, MetricAlarm> found = read.get().stream()
                .collect(Collectors.toMap(MetricAlarm::alarmName, a -> a, (a, b) -> a));
        for (String name : names) {
            MetricAlarm alarm = found.get(name);
            checks.add(alarm == null && !spec.stacks().isEmpty()
                    ? PreflightCheck.warning("alarm", name, "a CloudWatch alarm of that name (a stack of this "
                            + "deployment may create it; if none does, the gate cannot pass)", "none yet")
                    : alarm == null
                    ? PreflightCheck.problem("alarm", name, "a CloudWatch alarm of that name", "none")
                    : PreflightCheck.ok("alarm", name, "a CloudWatch alarm of that name", "state "
                            + alarm.stateValueAsString()));
        }
    }

    /** Gates that compare with blue or read its traffic need its load balancer's metrics. */
    private void checkBlueMetrics(CanarySpec spec, List<PreflightCheck> checks) {
        boolean needsBlue = spec.gates().stream().anyMatch(g -> g instanceof GateSpec.CompareToBlue
                || g instanceof GateSpec.TrafficShare);
        String dimension = spec.blue() == null ? null : spec.blue().loadBalancer();
        if (!needsBlue || dimension == null || OutputReferences.isReference(dimension)) {
            return;
        }
        Instant now = clock.get();
        Optional<Boolean> hasData = call("metrics", "blue", checks, "RequestCount of " + dimension,
                () -> clients.cloudWatch().getMetricStatistics(b -> b.namespace("AWS/ApplicationELB")
                        .metricName("RequestCount").dimensions(Dimension.builder().name("LoadBalancer")
                                .value(dimension).build())
                        .startTime(now.minus(Duration.ofHours(1))).endTime(now).period(3600)
                        .statistics(software.amazon.awssdk.services.cloudwatch.model.Statistic.SUM))
                        .datapoints().stream().anyMatch(d -> d.sum() != null && d.sum() > 0));
        hasData.ifPresent(data -> checks.add(data
                ? PreflightCheck.ok("metrics", "blue", "RequestCount of " + dimension + " in the last hour", "requests")
                : PreflightCheck.warning("metrics", "blue", "RequestCount of " + dimension + " in the last hour: "
                        + "compareToBlue and trafficShare compare green with it", "no requests")));
    }

    private void checkTable(CanarySpec spec, List<PreflightCheck> checks) {
        String table = spec.stateTable();
        Optional<Optional<TableDescription>> read = call("stateTable", table, checks, "a DynamoDB table",
                () -> {
                    try {
                        return Optional.of(clients.dynamoDb().describeTable(b -> b.tableName(table)).table());
                    } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException missing) {
                        return Optional.empty();
                    }
                });
        if (read.isEmpty()) {
            return;
        }
        String expected = "keys pk (hash) and sk (range), index 'active' (cfn/setup.yaml)";
        if (read.get().isEmpty()) {
            checks.add(PreflightCheck.problem("stateTable", table, expected, "no such table"));
            return;
        }
        TableDescription description = read.get().get();
        String keys = description.keySchema().stream().map(k -> k.attributeName() + " ("
                + k.keyTypeAsString().toLowerCase(Locale.ROOT) + ")").collect(Collectors.joining(", "));
        boolean keysRight = description.keySchema().stream().map(KeySchemaElement::attributeName).toList()
                .equals(List.of("pk", "sk"));
        boolean indexed = description.globalSecondaryIndexes().stream().anyMatch(i -> "active".equals(i.indexName()));
        String found = "keys " + keys + (indexed ? ", index 'active'" : ", no index 'active'");
        checks.add(keysRight && indexed ? PreflightCheck.ok("stateTable", table, expected, found)
                : PreflightCheck.problem("stateTable", table, expected, found));
    }

    // ---------------------------------------------------------------------------------------------
    // Calls
    // ---------------------------------------------------------------------------------------------

    /**
     * Runs a read; when AWS refuses or cannot be reached, records that the check could not be made
     * and answers empty. An absent resource is an answer (empty), not a failure.
     */
    private static <T> Optional<T> call(String check, String subject, List<PreflightCheck> checks, String expected,
                                        Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (AwsServiceException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            checks.add(PreflightCheck.unchecked(check, subject, expected, failed("the call", e)));
            return Optional.empty();
        } catch (SdkException e) {
            checks.add(PreflightCheck.unchecked(check, subject, expected, failed("the call", e)));
            return Optional.empty();
        }
    }

    private static boolean notFound(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        return code != null && (code.contains("NotFound") || (code.equals("ValidationError")
                && e.getMessage() != null && e.getMessage().contains("does not exist")));
    }

    private static String failed(String what, SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String hint = code != null && (code.contains("AccessDenied") || code.contains("UnauthorizedOperation"))
                    ? " (the credentials may not make this call: the deployer policy of cfn/setup.yaml allows it)"
                    : "";
            return what + " failed: " + code + ": " + service.awsErrorDetails().errorMessage() + hint;
        }
        return what + " failed: " + e.getMessage();
    }

    /** Route53 and ELB spell DNS names differently: lower case, no final dot, no dualstack prefix. */
    static String dnsName(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        String relative = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        return relative.startsWith("dualstack.") ? relative.substring("dualstack.".length()) : relative;
    }
}
