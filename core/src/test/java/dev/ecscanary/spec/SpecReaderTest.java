package dev.ecscanary.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecReaderTest {

    static final String VALID = """
            deployment: shop-web-42
            stateTable: shop-ecs-canary-state
            region: eu-west-1
            dns:
              hostedZoneId: Z0123456789ABC
              recordName: shop.example.com
              blueSetIdentifier: blue
              greenSetIdentifier: green
              ttl: 30s
            green:
              cluster: shop
              service: shop-green
              targetGroup: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-green/1
              loadBalancer: app/shop-green/50dc6c495c0c9188
            blue:
              targetGroup: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-blue/1
              loadBalancer: app/shop-blue/50dc6c495c0c9189
            stacks:
              - name: shop-green
                template: https://example.com/service.yaml
                parameters:
                  Side: green
                  ImageTag: "1.4.2"
            steps:
              - percent: 10
                bake: 5m
              - percent: 25
                bake: 5m
                approval: true
              - percent: 50
                bake: 10m
                approval: true
              - percent: 100
            gates:
              - type: targetHealth
                minHealthy: 2
              - type: alarms
                alarms: [shop-green-5xx]
                interval: 1m
                failureThreshold: 2
              - type: compareToBlue
                errorRateMargin: 0.5
              - type: trafficShare
                tolerance: 15
              - type: metricThreshold
                metric: latencyP99
                max: 800
            timeouts:
              approval: 4h
            """;

    @Test
    void readsEveryPartOfAValidSpec() {
        CanarySpec spec = SpecReader.parse(VALID, "canary.yaml", null);

        assertThat(spec.deploymentId()).isEqualTo("shop-web-42");
        assertThat(spec.dns().ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.resolvedSteps()).extracting(StepSpec::percent).containsExactly(10.0, 25.0, 50.0, 100.0);
        assertThat(spec.resolvedSteps()).extracting(StepSpec::needsApproval).containsExactly(false, true, true, false);
        assertThat(spec.gates()).extracting(GateSpec::name)
                .containsExactly("targetHealth", "alarms", "compareToBlue", "trafficShare", "latencyP99");
        assertThat(spec.gates().get(1).failureThreshold()).isEqualTo(2);
        assertThat(spec.timeouts().approval()).isEqualTo(Duration.ofHours(4));
        assertThat(spec.timeouts().sync()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.stacks().get(0).parameters()).containsEntry("ImageTag", "1.4.2");
    }

    @Test
    void aSpecWrittenOutReadsBackTheSame() throws Exception {
        CanarySpec spec = SpecReader.parse(VALID, "canary.yaml", null);
        String yaml = Mappers.yaml().writeValueAsString(spec);
        assertThat(SpecReader.parse(yaml, "again.yaml", null)).isEqualTo(spec);
        String json = Mappers.json().writeValueAsString(spec);
        assertThat(Mappers.json().readValue(json, CanarySpec.class)).isEqualTo(spec);
    }

    @Test
    void generatesExponentialSchedulesEndingAtHundred() {
        CanarySpec spec = SpecReader.parse(VALID.replaceAll("(?s)steps:.*?gates:", """
                steps:
                  progression: exponential
                  first: 10
                  count: 4
                  bake: 2m
                  approval: between
                gates:"""), "canary.yaml", null);

        assertThat(spec.resolvedSteps()).extracting(StepSpec::percent).containsExactly(10.0, 22.0, 46.0, 100.0);
        assertThat(spec.resolvedSteps()).extracting(StepSpec::needsApproval).containsExactly(false, true, true, true);
        assertThat(spec.resolvedSteps()).extracting(StepSpec::bake).containsOnly(Duration.ofMinutes(2));
    }

    @Test
    void generatesLinearSchedules() {
        CanarySpec spec = SpecReader.parse(VALID.replaceAll("(?s)steps:.*?gates:", """
                steps: {progression: linear, first: 25, count: 4}
                gates:"""), "canary.yaml", null);

        assertThat(spec.resolvedSteps()).extracting(StepSpec::percent).containsExactly(25.0, 50.0, 75.0, 100.0);
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of("an unknown field", VALID.replace("  ttl: 30s", "  ttl: 30s\n  tll: 5"),
                        "canary.yaml:10: dns.tll: unknown field 'tll'"),
                Arguments.of("a wrong type", VALID.replace("minHealthy: 2", "minHealthy: two"),
                        "canary.yaml:36: gates[0].minHealthy: 'two' is not a valid whole number"),
                Arguments.of("a bad duration", VALID.replace("bake: 10m", "bake: ten minutes"),
                        "canary.yaml:31: steps[2].bake: 'ten minutes' is not a duration"),
                Arguments.of("a percentage out of range", VALID.replace("percent: 50", "percent: 150"),
                        "canary.yaml:30: steps[2].percent: must be within 0..100, was 150"),
                Arguments.of("non-increasing steps", VALID.replace("percent: 25", "percent: 5"),
                        "canary.yaml:27: steps[1].percent: must be greater than the previous step's 10, was 5"),
                Arguments.of("a last step below 100", VALID.replace("  - percent: 100\n", ""),
                        "steps[2].percent: the last step must be 100, was 50"),
                Arguments.of("a missing required field", VALID.replace("  service: shop-green\n", ""),
                        "canary.yaml:10: green.service: is required"),
                Arguments.of("a missing section", VALID.replace("deployment: shop-web-42\n", ""),
                        "deployment: is required"),
                Arguments.of("an unknown gate type", VALID.replace("type: trafficShare", "type: vibes"),
                        "canary.yaml:43: gates[3]: unknown gate type 'vibes'"),
                Arguments.of("two gates of one name", VALID.replace("type: compareToBlue",
                        "type: compareToBlue\n    name: alarms"), "gates[2].name: 'alarms' is used by another gate"),
                Arguments.of("an empty alarm list", VALID.replace("alarms: [shop-green-5xx]", "alarms: []"),
                        "canary.yaml:38: gates[1].alarms: must name at least one CloudWatch alarm"),
                Arguments.of("a bad hosted zone", VALID.replace("Z0123456789ABC", "example.com"),
                        "canary.yaml:5: dns.hostedZoneId: 'example.com' is not a Route53 hosted zone id"),
                Arguments.of("same set identifiers", VALID.replace("greenSetIdentifier: green", "greenSetIdentifier: blue"),
                        "dns.greenSetIdentifier: must differ from blueSetIdentifier 'blue'"),
                Arguments.of("a YAML syntax error", VALID.replace("    bake: 5m\n  - percent: 25", "    bake: 5m\n - percent: 25"),
                        "canary.yaml:27: YAML syntax error"),
                Arguments.of("a schedule that rounds to repeats", VALID.replaceAll("(?s)steps:.*?gates:",
                        "steps: {progression: linear, first: 99, count: 5}\ngates:"),
                        "step 2 must be greater than the previous step's 99, was 99"),
                Arguments.of("a fractional count", VALID.replaceAll("(?s)steps:.*?gates:",
                        "steps: {progression: linear, first: 10, count: 2.5}\ngates:"),
                        "steps.count: '2.5' is not a valid whole number"),
                Arguments.of("an unknown progression", VALID.replaceAll("(?s)steps:.*?gates:",
                        "steps: {progression: cubic, first: 10, count: 3}\ngates:"),
                        "unknown progression 'cubic' (known: linear, exponential)"),
                Arguments.of("a metric gate without a load balancer", VALID.replace(
                        "  loadBalancer: app/shop-green/50dc6c495c0c9188\n", ""),
                        "green.loadBalancer: is required by gates[4]"),
                Arguments.of("a share Route53 weights cannot express", VALID.replace("percent: 10", "percent: 0.1"),
                        "steps[0].percent: 0.1% cannot be expressed with Route53 weights (integers 0..255): the closest"
                                + " share is 0% (blue 1 / green 0)"),
                Arguments.of("a share Route53 weights would double", VALID.replace("percent: 10", "percent: 0.2"),
                        "steps[0].percent: 0.2% cannot be expressed with Route53 weights (integers 0..255): the closest"
                                + " share is 0.39% (blue 255 / green 1), more than 5% away from it"),
                Arguments.of("a step at 0%", VALID.replace("percent: 10", "percent: 0"),
                        "steps[0].percent: 0% sends green no traffic: leave the step out"),
                Arguments.of("a confidence that cannot be one",
                        VALID.replace("errorRateMargin: 0.5", "errorRateMargin: 0.5\n    confidence: 1.5"),
                        "gates[2].confidence: must be at least 0.5 and below 1 (e.g. 0.98), was 1.5"),
                Arguments.of("a traffic share window too short for an interval",
                        VALID.replace("tolerance: 15", "tolerance: 15\n    window: 1m"),
                        "canary.yaml:45: gates[3].window: must be at least 3m, was 1m: the share's interval is "
                                + "estimated from how it varies from minute to minute"),
                Arguments.of("an orphan grace too short", VALID + "onOrphan: {after: 30s}\n",
                        "onOrphan.after: must be between 1m and 7d"),
                Arguments.of("an unknown orphan action", VALID + "onOrphan: {action: panic}\n",
                        "onOrphan.action: unknown orphan action 'panic' (known: failBack, resume, alert)"),
                Arguments.of("an unknown drift policy", VALID + "onDrift: ignore\n",
                        "onDrift: unknown onDrift 'ignore' (known: failBack, alert)"),
                Arguments.of("a drain that is neither off nor a mapping", VALID + "drain: sometimes\n",
                        "drain is 'off' or a mapping {window, maxShare}, e.g. {window: 5m, maxShare: 1}"),
                Arguments.of("a drain window shorter than a minute", VALID + "drain: {window: 30s}\n",
                        "drain.window: must be between 1m and 2h"),
                Arguments.of("a drain share out of range", VALID + "drain: {maxShare: 60}\n",
                        "drain.maxShare: must be a percentage above 0 and at most 50"),
                Arguments.of("a list where a mapping belongs", VALID.replace("timeouts:\n  approval: 4h", "timeouts: [4h]"),
                        "timeouts: expected mapping of fields"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void anInvalidSpecIsRefusedNamingTheFieldAndLine(String what, String yaml, String expected) {
        assertThatThrownBy(() -> SpecReader.parse(yaml, "canary.yaml", null))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() {
        String yaml = VALID.replace("percent: 50", "percent: 150").replace("  service: shop-green\n", "")
                .replace("stateTable: shop-ecs-canary-state", "stateTable: x");
        InvalidSpecException e = (InvalidSpecException) org.assertj.core.api.Assertions.catchThrowable(
                () -> SpecReader.parse(yaml, "canary.yaml", null));
        assertThat(e.problems()).extracting(SpecProblem::field)
                .containsExactlyInAnyOrder("stateTable", "green.service", "steps[2].percent");
    }

    @Test
    void aHostsOwnChangesApplyBeforeValidationSoWhatTheyFixIsNoProblem() {
        String withoutId = VALID.replace("deployment: shop-web-42\n", "");

        CanarySpec spec = SpecReader.parse(withoutId, "canary.yaml", null, s -> s.withDeploymentId("build-7"));

        assertThat(spec.deploymentId()).isEqualTo("build-7");
        assertThatThrownBy(() -> SpecReader.parse(VALID, "canary.yaml", null, s -> s.withDeploymentId("bad id!")))
                .hasMessageContaining("canary.yaml:1: deployment: 'bad id!' is not");
    }

    @Test
    void aMissingFileIsAProblemOfTheSpec(@TempDir Path dir) {
        assertThatThrownBy(() -> SpecReader.read(dir.resolve("missing.yaml")))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("missing.yaml: no such file");
    }

    @Test
    void anEmptyFileIsAProblemOfTheSpec(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "\n");
        assertThatThrownBy(() -> SpecReader.read(empty)).hasMessageContaining("the spec is empty");
    }

    @Test
    void relativeTemplatesAreResolvedAgainstTheSpecFileAndMustExist(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("cfn"));
        Files.writeString(dir.resolve("cfn/service.yaml"), "Resources: {}\n");
        Path spec = Files.writeString(dir.resolve("canary.yaml"),
                VALID.replace("https://example.com/service.yaml", "cfn/service.yaml"));

        assertThat(SpecReader.read(spec).stacks().get(0).template()).isEqualTo(dir.resolve("cfn/service.yaml").toString());

        Files.delete(dir.resolve("cfn/service.yaml"));
        assertThatThrownBy(() -> SpecReader.read(spec)).hasMessageContaining("stacks[0].template: no such file");
    }

    @Test
    void referencesToStackOutputsPassValidationAndResolveLater() {
        CanarySpec spec = SpecReader.parse(VALID.replace("Z0123456789ABC", "${HostedZoneId}")
                .replace("app/shop-green/50dc6c495c0c9188", "${shop-green.GreenLoadBalancerFullName}"), "c.yaml", null);
        assertThat(OutputReferences.dnsIsConcrete(spec)).isFalse();

        CanarySpec resolved = OutputReferences.resolve(spec, java.util.Map.of("HostedZoneId", "Z999",
                "shop-green.GreenLoadBalancerFullName", "app/g/1"));
        assertThat(resolved.dns().hostedZoneId()).isEqualTo("Z999");
        assertThat(resolved.green().loadBalancer()).isEqualTo("app/g/1");
        assertThat(OutputReferences.dnsIsConcrete(resolved)).isTrue();

        assertThatThrownBy(() -> OutputReferences.resolve(spec, java.util.Map.of("HostedZoneId", "Z999")))
                .hasMessageContaining("[shop-green.GreenLoadBalancerFullName]");
    }

    @Test
    void aReferenceMustNameAStackOfTheSpecAndAnOutputItsLocalTemplateDeclares(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("service.yaml"), """
                Resources:
                  Service: {Type: AWS::ECS::Service, Properties: {Cluster: !Ref Cluster}}
                Outputs:
                  ServiceName: {Value: !GetAtt Service.Name}
                  GreenLoadBalancerFullName: {Value: !Sub "${Lb}"}
                """);
        String local = VALID.replace("https://example.com/service.yaml", "service.yaml");
        Path good = Files.writeString(dir.resolve("good.yaml"), local
                .replace("app/shop-green/50dc6c495c0c9188", "${shop-green.GreenLoadBalancerFullName}")
                .replace("service: shop-green", "service: ${ServiceName}"));
        assertThat(SpecReader.read(good).green().service()).isEqualTo("${ServiceName}");

        Path bad = Files.writeString(dir.resolve("bad.yaml"), local
                .replace("Z0123456789ABC", "${shop-setup.HostedZoneId}")
                .replace("app/shop-green/50dc6c495c0c9188", "${shop-green.LoadBalancer}")
                .replace("service: shop-green", "service: ${ServiceNmae}"));

        assertThatThrownBy(() -> SpecReader.read(bad)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("bad.yaml:5: dns.hostedZoneId: ${shop-setup.HostedZoneId} names stack 'shop-setup',"
                        + " which is not one of the spec's stacks (shop-green)")
                .hasMessageContaining("green.service: ${ServiceNmae}: no stack's template declares an output"
                        + " 'ServiceNmae' (declared: GreenLoadBalancerFullName, ServiceName)")
                .hasMessageContaining("green.loadBalancer: ${shop-green.LoadBalancer}: the template of stack"
                        + " 'shop-green' declares no output 'LoadBalancer'");
    }

    @Test
    void referencesToATemplateBehindAUrlAreCheckedOnlyForTheirStack() {
        assertThatThrownBy(() -> SpecReader.parse(VALID.replace("Z0123456789ABC", "${HostedZoneId}")
                .replace("stacks:\n  - name: shop-green\n    template: https://example.com/service.yaml\n"
                        + "    parameters:\n      Side: green\n      ImageTag: \"1.4.2\"\n", ""), "c.yaml", null))
                .hasMessageContaining("dns.hostedZoneId: ${HostedZoneId} refers to a stack output, but the spec has no"
                        + " stacks");
        assertThat(SpecReader.parse(VALID.replace("Z0123456789ABC", "${AnythingAtAll}"), "c.yaml", null)).isNotNull();
    }

    @Test
    void theOrphanPolicyIsReadAndWhatItLeavesOutComesFromTheWatchdog() {
        CanarySpec spec = SpecReader.parse(VALID + "onOrphan: {after: 30m, action: alert}\n", "c.yaml", null);
        CanarySpec partial = SpecReader.parse(VALID + "onOrphan: {action: resume}\n", "c.yaml", null);

        assertThat(spec.onOrphan()).isEqualTo(new OrphanPolicy(Duration.ofMinutes(30), OrphanPolicy.Action.ALERT));
        assertThat(partial.onOrphan().orElse(OrphanPolicy.DEFAULTS))
                .isEqualTo(new OrphanPolicy(Duration.ofMinutes(15), OrphanPolicy.Action.RESUME));
        assertThat(SpecReader.parse(VALID, "c.yaml", null).onOrphan()).isNull();
    }

    @Test
    void theDrainCheckIsOnByDefaultOffWhenSaidAndItsWindowFollowsTheTtl() {
        CanarySpec defaults = SpecReader.parse(VALID, "c.yaml", null);
        CanarySpec off = SpecReader.parse(VALID + "drain: off\n", "c.yaml", null);
        CanarySpec set = SpecReader.parse(VALID + "drain: {window: 10m, maxShare: 0.5}\n", "c.yaml", null);

        assertThat(defaults.drainCheck().enabled()).isTrue();
        assertThat(defaults.drainCheck().windowFor(Duration.ofSeconds(60))).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.drainCheck().windowFor(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(13));
        assertThat(defaults.drainCheck().maxShareOrDefault()).isEqualTo(1.0);
        assertThat(defaults.drainCheck().afterLastBake(Duration.ofSeconds(30), Duration.ZERO))
                .as("5m window and 2m for CloudWatch, less the TTL wait").isEqualTo(Duration.ofSeconds(390));
        assertThat(defaults.drainCheck().afterLastBake(Duration.ofSeconds(60), Duration.ofMinutes(10)))
                .as("a last bake longer than the window").isZero();
        assertThat(off.drainCheck().enabled()).isFalse();
        assertThat(set.drainCheck()).isEqualTo(new DrainSpec(true, Duration.ofMinutes(10), 0.5));
    }

    @Test
    void theDriftPolicyIsReadAndFailsBackWhenLeftOut() {
        assertThat(SpecReader.parse(VALID + "onDrift: alert\n", "c.yaml", null).driftPolicy()).isEqualTo(OnDrift.ALERT);
        assertThat(SpecReader.parse(VALID + "onDrift: failBack\n", "c.yaml", null).driftPolicy())
                .isEqualTo(OnDrift.FAIL_BACK);
        assertThat(SpecReader.parse(VALID, "c.yaml", null).driftPolicy()).isEqualTo(OnDrift.FAIL_BACK);
    }

    @Test
    void aSpecBuiltInCodeIsValidatedTheSameWay() {
        CanarySpec spec = SpecReader.parse(VALID, "canary.yaml", null);
        CanarySpec broken = new CanarySpec("bad id!", spec.stateTable(), spec.region(), spec.dns(), spec.green(),
                spec.blue(), spec.stacks(), Steps.of(StepSpec.of(50, Duration.ZERO, false)), List.of(), null);

        assertThatThrownBy(() -> SpecValidator.validate(broken))
                .hasMessageContaining("deployment: 'bad id!' is not letters, digits")
                .hasMessageContaining("steps[0].percent: the last step must be 100, was 50");
    }
}
