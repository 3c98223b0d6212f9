package dev.ecscanary.aws.gates;

import static dev.ecscanary.aws.CannedAwsAnswers.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.ecscanary.aws.CannedAwsAnswers;
import dev.ecscanary.aws.gates.TargetHealthGate.TargetState;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.Verdict;
import dev.ecscanary.testkit.MotoExtension;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

class TargetHealthGateTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    static final Weights QUARTER = Weights.forGreenPercent(25);

    ElasticLoadBalancingV2Client elb;
    String targetGroup;

    /** Moto wants the target group's VPC to exist: a small stack makes both. */
    @BeforeEach
    void greenTargetGroup() {
        elb = moto.client(ElasticLoadBalancingV2Client.builder());
        try (CloudFormationClient cfn = moto.client(CloudFormationClient.builder())) {
            cfn.createStack(r -> r.stackName("green-tg").templateBody("""
                    Resources:
                      Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.9.0.0/16}}
                      Group:
                        Type: AWS::ElasticLoadBalancingV2::TargetGroup
                        Properties: {VpcId: !Ref Vpc, TargetType: ip, Protocol: HTTP, Port: 80}
                    Outputs:
                      TargetGroupArn: {Value: !Ref Group}
                    """));
            targetGroup = cfn.describeStacks(r -> r.stackName("green-tg")).stacks().get(0).outputs().get(0)
                    .outputValue();
        }
    }

    @Test
    void passesWhenEveryRegisteredTargetIsHealthy() {
        register("10.9.0.10", "10.9.0.11");

        GateResult result = new TargetHealthGate(elb, targetGroup, 2).evaluate(GateContexts.at(QUARTER));

        assertThat(result).usingRecursiveComparison().comparingOnlyFields("verdict", "message")
                .isEqualTo(GateResult.pass("all 2 targets healthy (at least 2 required)"));
    }

    @Test
    void failsWithFewerHealthyTargetsThanRequired() {
        register("10.9.0.10");

        GateResult result = new TargetHealthGate(elb, targetGroup, 2).evaluate(GateContexts.at(QUARTER));

        assertThat(result).usingRecursiveComparison().comparingOnlyFields("verdict", "message")
                .isEqualTo(GateResult.fail("only 1 healthy target, at least 2 required"));
    }

    @Test
    void failsOnceTheTargetsAreDeregistered() {
        register("10.9.0.10", "10.9.0.11");
        elb.deregisterTargets(r -> r.targetGroupArn(targetGroup).targets(target("10.9.0.10"), target("10.9.0.11")));

        GateResult result = new TargetHealthGate(elb, targetGroup, 1).evaluate(GateContexts.at(QUARTER));

        assertThat(result).usingRecursiveComparison().comparingOnlyFields("verdict", "message")
                .isEqualTo(GateResult.fail("no targets registered"));
    }

    @Test
    void failsForATargetGroupThatDoesNotExist() {
        String missing = targetGroup.replaceAll("/[0-9a-f]+$", "/0000000000000000");

        GateResult result = new TargetHealthGate(elb, missing, 1).evaluate(GateContexts.at(QUARTER));

        assertThat(result).usingRecursiveComparison().comparingOnlyFields("verdict", "message")
                .isEqualTo(GateResult.fail("target group " + missing + " does not exist"));
    }

    @Test
    void reportsEachUnhealthyTargetAsElbDescribesIt() {
        CannedAwsAnswers canned = new CannedAwsAnswers().on("DescribeTargetHealth", xml("""
                <DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
                  <DescribeTargetHealthResult><TargetHealthDescriptions>
                    <member><Target><Id>10.0.1.5</Id><Port>8080</Port></Target>
                      <TargetHealth><State>unhealthy</State><Reason>Target.ResponseCodeMismatch</Reason>
                      <Description>Health checks failed with these codes: [502]</Description></TargetHealth></member>
                    <member><Target><Id>10.0.1.6</Id><Port>8080</Port></Target>
                      <TargetHealth><State>healthy</State></TargetHealth></member>
                  </TargetHealthDescriptions></DescribeTargetHealthResult>
                  <ResponseMetadata><RequestId>canned</RequestId></ResponseMetadata>
                </DescribeTargetHealthResponse>"""));
        ElasticLoadBalancingV2Client cannedElb = ElasticLoadBalancingV2Client.builder().httpClient(canned)
                .region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create()).build();

        GateResult result = new TargetHealthGate(cannedElb, "arn:tg", 1).evaluate(GateContexts.at(QUARTER));

        assertThat(result).usingRecursiveComparison().comparingOnlyFields("verdict", "message")
                .isEqualTo(GateResult.fail("1 of 2 targets not healthy: 10.0.1.5:8080 unhealthy"
                + " (Target.ResponseCodeMismatch: Health checks failed with these codes: [502])"));
    }

    static Stream<Arguments> judgements() {
        return Stream.of(
                Arguments.of("targets still starting hold the step",
                        List.of(healthy("a"), state("b", "initial", "Elb.RegistrationInProgress", null)),
                        Verdict.INCONCLUSIVE, "1 of 2 targets still starting: b:80 initial (Elb.RegistrationInProgress)"),
                Arguments.of("draining targets are left aside",
                        List.of(healthy("a"), state("b", "draining", "Target.DeregistrationInProgress", null)),
                        Verdict.PASS, "all 1 targets healthy (at least 1 required)"),
                Arguments.of("only draining targets is an empty group",
                        List.of(state("a", "draining", null, null), state("b", "draining", null, null)),
                        Verdict.FAIL, "no targets registered (2 draining)"),
                Arguments.of("a failing target fails even while others start",
                        List.of(state("a", "initial", null, null),
                                state("b", "unavailable", "Elb.InternalError", "Health checks could not be performed")),
                        Verdict.FAIL,
                        "1 of 2 targets not healthy: b:80 unavailable (Elb.InternalError: Health checks could not be performed)"),
                Arguments.of("an unused target is not serving",
                        List.of(healthy("a"), state("b", "unused", "Target.NotInUse", "Target group is not configured"
                                + " to receive traffic from the load balancer")),
                        Verdict.FAIL, "1 of 2 targets not healthy: b:80 unused (Target.NotInUse: Target group is"
                                + " not configured to receive traffic from the load balancer)"),
                Arguments.of("an empty group fails", List.of(), Verdict.FAIL, "no targets registered"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("judgements")
    void judgesEveryTarget(String claim, List<TargetState> targets, Verdict verdict, String evidence) {
        GateResult result = TargetHealthGate.judge(targets, 1);

        assertThat(result.verdict()).isEqualTo(verdict);
        assertThat(result.message()).isEqualTo(evidence);
    }

    @Test
    void theCountsItJudgedAreKeptAsNumbers() {
        GateResult result = TargetHealthGate.judge(List.of(healthy("a"), state("b", "initial", null, null),
                state("c", "draining", null, null)), 2);

        assertThat(result.measured()).containsExactly(entry("targets", 2.0), entry("healthy", 1.0),
                entry("unhealthy", 0.0), entry("starting", 1.0), entry("draining", 1.0));
        assertThat(result.limits()).containsExactly(entry("minHealthy", 2.0));
    }

    private void register(String... ips) {
        elb.registerTargets(r -> r.targetGroupArn(targetGroup)
                .targets(Stream.of(ips).map(TargetHealthGateTest::target).toList()));
    }

    private static TargetDescription target(String ip) {
        return TargetDescription.builder().id(ip).port(80).build();
    }

    private static TargetState healthy(String id) {
        return state(id, "healthy", null, null);
    }

    private static TargetState state(String id, String state, String reason, String description) {
        return new TargetState(id, 80, state, reason, description);
    }
}
