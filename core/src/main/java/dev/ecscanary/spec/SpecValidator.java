package dev.ecscanary.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rules a spec must keep before anything runs. Every broken rule is reported, each naming its
 * field, so a person fixes the spec in one pass.
 */
public final class SpecValidator {

    private static final Pattern DEPLOYMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern HOSTED_ZONE_ID = Pattern.compile("(/hostedzone/)?Z[A-Z0-9]{1,32}");
    private static final Pattern STACK_NAME = Pattern.compile("[A-Za-z][-A-Za-z0-9]{0,127}");
    private static final int MAX_GENERATED_STEPS = 50;
    private static final Duration MAX_TTL = Duration.ofDays(2);

    private final List<SpecProblem> problems = new ArrayList<>();

    private SpecValidator() {
    }

    /** Throws {@link InvalidSpecException} unless the spec keeps every rule. */
    public static CanarySpec validate(CanarySpec spec) {
        List<SpecProblem> found = problems(spec);
        if (!found.isEmpty()) {
            throw new InvalidSpecException(null, found);
        }
        return spec;
    }

    public static List<SpecProblem> problems(CanarySpec spec) {
        SpecValidator validator = new SpecValidator();
        validator.check(spec);
        return List.copyOf(validator.problems);
    }

    private void check(CanarySpec spec) {
        matches("deployment", spec.deploymentId(), DEPLOYMENT_ID,
                "letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128");
        matches("stateTable", spec.stateTable(), TABLE_NAME, "a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)");
        if (spec.region() != null) {
            matches("region", spec.region(), REGION, "an AWS region such as eu-west-1");
        }
        checkDns(spec.dns());
        checkGreen(spec.green());
        checkStacks(spec.stacks());
        checkReferences(spec);
        checkSteps(spec.steps());
        checkGates(spec);
        checkTimeouts(spec.timeouts());
        checkOnOrphan(spec.onOrphan());
        checkDrain(spec.drain());
    }

    private void checkDns(DnsSpec dns) {
        if (dns == null) {
            problem("dns", "is required: hostedZoneId, recordName, blueSetIdentifier, greenSetIdentifier");
            return;
        }
        matches("dns.hostedZoneId", dns.hostedZoneId(), HOSTED_ZONE_ID, "a Route53 hosted zone id such as Z0123456789ABC");
        required("dns.recordName", dns.recordName());
        required("dns.blueSetIdentifier", dns.blueSetIdentifier());
        required("dns.greenSetIdentifier", dns.greenSetIdentifier());
        lengthAtMost("dns.blueSetIdentifier", dns.blueSetIdentifier(), 128);
        lengthAtMost("dns.greenSetIdentifier", dns.greenSetIdentifier(), 128);
        if (dns.blueSetIdentifier() != null && dns.blueSetIdentifier().equals(dns.greenSetIdentifier())) {
            problem("dns.greenSetIdentifier", "must differ from blueSetIdentifier '" + dns.blueSetIdentifier() + "'");
        }
        if (dns.ttl() != null && (dns.ttl().isNegative() || dns.ttl().compareTo(MAX_TTL) > 0)) {
            problem("dns.ttl", "must be between 0s and 2d, was " + Durations.format(dns.ttl()));
        }
        notNegative("dns.propagation", dns.propagation());
    }

    private void checkGreen(ServiceSide green) {
        if (green == null) {
            problem("green", "is required: cluster, service, targetGroup");
            return;
        }
        required("green.cluster", green.cluster());
        required("green.service", green.service());
        required("green.targetGroup", green.targetGroup());
    }

    private void checkStacks(List<StackSpec> stacks) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < stacks.size(); i++) {
            String field = "stacks[" + i + "]";
            StackSpec stack = stacks.get(i);
            if (stack == null) {
                problem(field, "is empty: a stack needs a name and a template");
                continue;
            }
            if (matches(field + ".name", stack.name(), STACK_NAME, "a CloudFormation stack name")
                    && !names.add(stack.name())) {
                problem(field + ".name", "'" + stack.name() + "' is listed twice");
            }
            if (required(field + ".template", stack.template()) && !StackTemplates.isUrl(stack.template())
                    && !Files.isRegularFile(Path.of(stack.template()))) {
                problem(field + ".template", "no such file: " + stack.template());
            }
            for (Map.Entry<String, String> parameter : stack.parameters().entrySet()) {
                if (parameter.getValue() == null) {
                    problem(field + ".parameters." + parameter.getKey(), "needs a value");
                }
            }
        }
    }

    /**
     * A reference must name an output a stack of the spec can produce: a listed stack and, when its
     * template is a local file, one that declares the output. Templates behind a URL cannot be read
     * here; references to them are checked when the stacks ran.
     */
    private void checkReferences(CanarySpec spec) {
        Map<String, Optional<Set<String>>> declared = new LinkedHashMap<>();
        for (StackSpec stack : spec.stacks()) {
            if (stack != null && stack.name() != null) {
                declared.putIfAbsent(stack.name(), StackTemplates.declaredOutputs(stack.template()));
            }
        }
        boolean allReadable = declared.values().stream().allMatch(Optional::isPresent);
        OutputReferences.byField(spec).forEach((field, references) -> {
            for (String reference : references) {
                String written = "${" + reference + "}";
                int dot = reference.indexOf('.');
                if (dot > 0) {
                    String stack = reference.substring(0, dot);
                    String output = reference.substring(dot + 1);
                    if (!declared.containsKey(stack)) {
                        problem(field, written + " names stack '" + stack + "', which is not one of the spec's stacks"
                                + (declared.isEmpty() ? " (it has none)" : " (" + String.join(", ", declared.keySet()) + ")"));
                    } else if (declared.get(stack).filter(outputs -> !outputs.contains(output)).isPresent()) {
                        problem(field, written + ": the template of stack '" + stack + "' declares no output '" + output
                                + "'" + declaring(declared.get(stack).get()));
                    }
                } else if (declared.isEmpty()) {
                    problem(field, written + " refers to a stack output, but the spec has no stacks");
                } else if (allReadable && declared.values().stream().noneMatch(o -> o.get().contains(reference))) {
                    Set<String> all = new TreeSet<>();
                    declared.values().forEach(o -> all.addAll(o.get()));
                    problem(field, written + ": no stack's template declares an output '" + reference + "'"
                            + declaring(all));
                }
            }
        });
    }

    private void finiteAndNotNegative(String field, double value) {
        if (!Double.isFinite(value)) {
            problem(field, "must be a finite number, was " + Percentages.format(value));
        } else if (value < 0) {
            problem(field, "must not be negative");
        }
    }

    private static String declaring(Set<String> outputs) {
        return outputs.isEmpty() ? " (it declares none)" : " (declared: " + String.join(", ", new TreeSet<>(outputs)) + ")";
    }

    private void checkSteps(Steps steps) {
        if (steps == null) {
            problem("steps", "are required: a list of steps or a schedule");
            return;
        }
        if (steps instanceof Steps.Generated generated && !checkSchedule(generated)) {
            return;
        }
        List<StepSpec> resolved = steps.resolve();
        if (resolved.isEmpty()) {
            problem("steps", "need at least one step, and the last must be 100");
            return;
        }
        boolean generated = steps instanceof Steps.Generated;
        Double previous = null;
        for (int i = 0; i < resolved.size(); i++) {
            // Generated steps have no line of their own: their problems point at the schedule.
            String field = generated ? "steps" : "steps[" + i + "]";
            String which = generated ? "step " + (i + 1) + " " : "";
            StepSpec step = resolved.get(i);
            if (step == null) {
                problem(field, "is empty: a step needs a percent");
                continue;
            }
            if (step.percent() == null) {
                problem(field + ".percent", "is required (0..100)");
                continue;
            }
            double percent = step.percent();
            if (!(percent >= 0 && percent <= 100)) {
                problem(field + ".percent", which + "must be within 0..100, was " + Percentages.format(percent));
                continue;
            } else if (percent == 0) {
                problem(field + ".percent", which + "0% sends green no traffic: leave the step out (green's tasks are"
                        + " checked before the first step)");
                continue;
            } else if (!Weights.forGreenPercent(percent).express(percent)) {
                Weights closest = Weights.forGreenPercent(percent);
                problem(field + ".percent", which + Percentages.format(percent) + "% cannot be expressed with Route53 "
                        + "weights (integers 0..255): the closest share is " + Percentages.format(closest.greenPercent())
                        + "% (blue " + closest.blue() + " / green " + closest.green() + "), more than "
                        + Percentages.format(Weights.SHARE_TOLERANCE * 100) + "% away from it");
            } else if (previous != null && percent <= previous) {
                problem(generated ? field : field + ".percent", which + "must be greater than the previous step's "
                        + Percentages.format(previous) + ", was " + Percentages.format(percent)
                        + (generated ? " (fewer steps or a smaller first percentage)" : ""));
            }
            checkBake(generated ? "steps.bake" : field + ".bake", step.bakeTime());
            previous = percent;
        }
        StepSpec last = resolved.get(resolved.size() - 1);
        if (last != null && last.percent() != null && last.percent() != 100) {
            String field = generated ? "steps" : "steps[" + (resolved.size() - 1) + "].percent";
            problem(field, "the last step must be 100, was " + Percentages.format(last.percent()));
        }
    }

    /** A share that rounds to no traffic at all, or to all of it. */
    private boolean checkSchedule(Steps.Generated schedule) {
        int before = problems.size();
        if (schedule.progression() == null) {
            problem("steps.progression", "is required: linear or exponential");
        }
        if (schedule.first() == null) {
            problem("steps.first", "is required: the first green percentage");
        } else if (!(schedule.first() > 0 && schedule.first() <= 100)) {
            problem("steps.first", "must be greater than 0 and at most 100, was " + Percentages.format(schedule.first()));
        }
        if (schedule.count() == null) {
            problem("steps.count", "is required: how many steps, the last being 100");
        } else if (schedule.count() < 1 || schedule.count() > MAX_GENERATED_STEPS) {
            problem("steps.count", "must be 1.." + MAX_GENERATED_STEPS + ", was " + schedule.count());
        } else if (schedule.count() > 1 && schedule.first() != null && schedule.first() >= 100) {
            problem("steps.first", "must be below 100 when there is more than one step");
        }
        checkBake("steps.bake", schedule.bake());
        return problems.size() == before;
    }

    private void checkBake(String field, Bake bake) {
        notNegative(bake.max() == null ? field : field + ".min", bake.min());
        if (bake.max() != null && bake.max().compareTo(bake.min()) <= 0) {
            problem(field + ".max", "must be longer than min (" + Durations.format(bake.min()) + "), was "
                    + Durations.format(bake.max()));
        }
    }

    private void checkGates(CanarySpec spec) {
        Set<String> names = new HashSet<>();
        List<GateSpec> gates = spec.gates();
        for (int i = 0; i < gates.size(); i++) {
            String field = "gates[" + i + "]";
            GateSpec gate = gates.get(i);
            if (gate == null) {
                problem(field, "is empty: a gate needs a type");
                continue;
            }
            if (!names.add(gate.name())) {
                problem(field + ".name", "'" + gate.name() + "' is used by another gate: give each gate its own name");
            }
            positive(field + ".interval", gate.interval());
            if (gate.failureThreshold() < 1) {
                problem(field + ".failureThreshold", "must be at least 1, was " + gate.failureThreshold());
            }
            checkGate(field, gate, spec);
        }
    }

    private void checkGate(String field, GateSpec gate, CanarySpec spec) {
        if (gate instanceof GateSpec.TargetHealth health) {
            if (health.minHealthy() < 1) {
                problem(field + ".minHealthy", "must be at least 1: an empty target group is not healthy");
            }
        } else if (gate instanceof GateSpec.Alarms alarms) {
            if (alarms.alarms().isEmpty()) {
                problem(field + ".alarms", "must name at least one CloudWatch alarm");
            }
            for (int a = 0; a < alarms.alarms().size(); a++) {
                required(field + ".alarms[" + a + "]", alarms.alarms().get(a));
            }
        } else if (gate instanceof GateSpec.MetricThreshold threshold) {
            if (threshold.metric() == null) {
                problem(field + ".metric", "is required: errorRate or latencyP99");
            }
            if (threshold.max() == null) {
                problem(field + ".max", "is required: the highest acceptable value");
            } else {
                finiteAndNotNegative(field + ".max", threshold.max());
            }
            checkWindow(field, threshold.window(), threshold.minRequests());
            needsLoadBalancer(field, "green", spec.green());
        } else if (gate instanceof GateSpec.CompareToBlue compare) {
            finiteAndNotNegative(field + ".errorRateMargin", compare.errorRateMargin());
            finiteAndNotNegative(field + ".latencyMarginPercent", compare.latencyMarginPercent());
            finiteAndNotNegative(field + ".latencyFloorMillis", compare.latencyFloorMillis());
            if (compare.errorRateMargin() != null && compare.errorRateMargin() >= 100) {
                problem(field + ".errorRateMargin", "must be below 100 percentage points, was "
                        + Percentages.format(compare.errorRateMargin()));
            }
            if (compare.confidence() != null && !(compare.confidence() >= 0.5 && compare.confidence() < 1)) {
                problem(field + ".confidence", "must be at least 0.5 and below 1 (e.g. 0.98), was "
                        + compare.confidence());
            }
            if (compare.warmup() != null && compare.warmup().isNegative()) {
                problem(field + ".warmup", "must not be negative, was " + Durations.format(compare.warmup()));
            }
            if (compare.minRequests() != null && compare.minRequests() < 1) {
                problem(field + ".minRequests", "must be at least 1: green's requests before it can pass, was "
                        + compare.minRequests());
            }
            checkWindow(field, compare.window(), compare.minRequests());
            needsLoadBalancer(field, "green", spec.green());
            needsLoadBalancer(field, "blue", spec.blue());
        } else if (gate instanceof GateSpec.TrafficShare share) {
            if (!(share.tolerance() >= 0 && share.tolerance() <= 100)) {
                problem(field + ".tolerance", "must be within 0..100 percentage points");
            }
            checkWindow(field, share.window(), share.minRequests());
            if (share.window() != null && share.window().compareTo(Duration.ZERO) > 0
                    && share.window().compareTo(GateSpec.TrafficShare.MIN_WINDOW) < 0) {
                problem(field + ".window", "must be at least " + Durations.format(GateSpec.TrafficShare.MIN_WINDOW)
                        + ", was " + Durations.format(share.window()) + ": the share's interval is estimated from how "
                        + "it varies from minute to minute, over two published minutes at least (the current one is "
                        + "not published yet)");
            }
            needsLoadBalancer(field, "green", spec.green());
            needsLoadBalancer(field, "blue", spec.blue());
        }
    }

    private void checkWindow(String field, Duration window, Integer minRequests) {
        positive(field + ".window", window);
        if (minRequests != null && minRequests < 0) {
            problem(field + ".minRequests", "must not be negative, was " + minRequests);
        }
    }

    private void needsLoadBalancer(String gateField, String side, ServiceSide service) {
        if (service == null || service.loadBalancer() == null || service.loadBalancer().isBlank()) {
            problem(side + ".loadBalancer", "is required by " + gateField
                    + ": the load balancer's CloudWatch dimension, e.g. app/shop-" + side + "/50dc6c495c0c9188");
        }
    }

    private void checkTimeouts(Timeouts timeouts) {
        positive("timeouts.stacks", timeouts.stacks());
        positive("timeouts.greenRunning", timeouts.greenRunning());
        positive("timeouts.sync", timeouts.sync());
        notNegative("timeouts.gateHold", timeouts.gateHold());
        positive("timeouts.approval", timeouts.approval());
        positive("timeouts.failBack", timeouts.failBack());
    }

    private void checkOnOrphan(OrphanPolicy onOrphan) {
        if (onOrphan != null && onOrphan.after() != null && (onOrphan.after().compareTo(Duration.ofMinutes(1)) < 0
                || onOrphan.after().compareTo(Duration.ofDays(7)) > 0)) {
            problem("onOrphan.after", "must be between 1m and 7d (how long after its driver's lease expired a"
                    + " deployment counts as orphaned), was " + Durations.format(onOrphan.after()));
        }
    }

    private void checkDrain(DrainSpec drain) {
        if (drain == null || !drain.enabled()) {
            return;
        }
        if (drain.window() != null && (drain.window().compareTo(Duration.ofMinutes(1)) < 0
                || drain.window().compareTo(Duration.ofHours(2)) > 0)) {
            problem("drain.window", "must be between 1m and 2h (load balancer metrics come a minute at a time), was "
                    + Durations.format(drain.window()));
        }
        if (drain.maxShare() != null && !(drain.maxShare() > 0 && drain.maxShare() <= 50)) {
            problem("drain.maxShare", "must be a percentage above 0 and at most 50 (the drained side's share of "
                    + "requests below which it counts as drained), was " + drain.maxShare());
        }
    }

    private boolean required(String field, String value) {
        if (value == null || value.isBlank()) {
            problem(field, "is required");
            return false;
        }
        return true;
    }

    private boolean matches(String field, String value, Pattern pattern, String expected) {
        if (!required(field, value)) {
            return false;
        }
        if (OutputReferences.isReference(value) || pattern.matcher(value).matches()) {
            return true;
        }
        problem(field, "'" + value + "' is not " + expected);
        return false;
    }

    private void lengthAtMost(String field, String value, int max) {
        if (value != null && value.length() > max) {
            problem(field, "must be at most " + max + " characters");
        }
    }

    private void positive(String field, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            problem(field, "must be longer than 0s, was " + Durations.format(value));
        }
    }

    private void notNegative(String field, Duration value) {
        if (value != null && value.isNegative()) {
            problem(field, "must not be negative, was " + Durations.format(value));
        }
    }

    private void problem(String field, String message) {
        problems.add(new SpecProblem(field, 0, message));
    }
}
