package dev.ecscanary.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.aws.testing.ShopWorld;
import dev.ecscanary.preflight.PreflightCheck;
import dev.ecscanary.preflight.PreflightCheck.Outcome;
import dev.ecscanary.preflight.PreflightReport;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.SpecReader;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.testkit.MotoExtension;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Preflight against the shop's setup in moto, as cfn/setup.yaml makes it, with blue's service
 * running. Blue's service is created with the ECS API, not cfn/service.yaml: moto's CloudFormation
 * drops an ECS service's LoadBalancers (a TODO in moto 5.2.1), and the check of which target group
 * the service registers its tasks in needs them.
 */
class AwsPreflightTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    ShopWorld shop;
    AwsClients clients;

    @BeforeEach
    void theShopsSetupWithBluesService() {
        shop = ShopWorld.create(moto);
        try (EcsClient ecs = moto.client(EcsClient.builder())) {
            ecs.registerTaskDefinition(b -> b.family("shop-blue").containerDefinitions(c -> c.name("app")
                    .image("shop:1.0").memory(512)));
            ecs.createService(b -> b.cluster(shop.output("ClusterName")).serviceName("shop-blue")
                    .taskDefinition("shop-blue").desiredCount(2)
                    .loadBalancers(lb -> lb.targetGroupArn(shop.output("BlueTargetGroupArn")).containerName("app")
                            .containerPort(80)));
        }
        clients = new AwsClients(AwsSettings.defaults().withEndpoint(moto.endpoint()).withRegion("us-east-1")
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .withHttpClient("cloudwatch", new dev.ecscanary.localaws.CloudWatchProtocolBridge(
                        software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())));
    }

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void theSetupAsTheTemplatesMakeItIsReady() {
        PreflightReport report = preflight(SPEC);

        assertThat(report.checks()).extracting(c -> c.check() + " " + c.subject() + " " + c.outcome())
                .contains("records shop.example.test OK", "aliasTarget blue OK", "aliasTarget green OK",
                        "targetGroup blue OK", "targetGroup green OK", "service blue OK", "service green SKIPPED",
                        "alarm shop-green-5xx OK", "stateTable shop-ecs-canary-state OK");
        assertThat(report.hasProblems()).as(report.checks().toString()).isFalse();
        assertThat(report.complete()).isTrue();
    }

    @Test
    void greenWithTrafficIsAProblemSayingWhatWasFound() {
        shop.setWeights(new Weights(90, 10));

        PreflightCheck records = check(preflight(SPEC), "records");

        assertThat(records.outcome()).isEqualTo(Outcome.PROBLEM);
        assertThat(records.expected()).contains("green at weight 0");
        assertThat(records.found()).isEqualTo("blue weight 90, green weight 10 (A)");
    }

    @Test
    void aSideNamingTheOtherSidesLoadBalancerIsAProblemForItsAliasAndTargetGroup() {
        PreflightReport report = preflight(SPEC.replace("loadBalancer: ${GreenLoadBalancerFullName}",
                "loadBalancer: ${BlueLoadBalancerFullName}"));

        assertThat(report.checks()).filteredOn(c -> c.subject().equals("green") && c.outcome() == Outcome.PROBLEM)
                .extracting(PreflightCheck::check).contains("aliasTarget", "targetGroup");
    }

    @Test
    void aMissingTableIsAProblemAndAnAlarmTheStacksMayCreateAWarningAllReportedAtOnce() {
        try (DynamoDbClient dynamoDb = moto.client(DynamoDbClient.builder())) {
            dynamoDb.deleteTable(b -> b.tableName(ShopWorld.TABLE));
        }

        PreflightReport report = preflight(SPEC.replace("alarms: [shop-green-5xx]", "alarms: [shop-green-5xx, shop-typo]"));

        assertThat(report.checks()).filteredOn(c -> c.outcome() == Outcome.PROBLEM)
                .extracting(c -> c.check() + " " + c.subject() + ": " + c.found())
                .containsExactly("stateTable shop-ecs-canary-state: no such table");
        assertThat(report.checks()).filteredOn(c -> c.outcome() == Outcome.WARNING)
                .extracting(c -> c.check() + " " + c.subject() + ": " + c.found())
                .contains("alarm shop-typo: none yet");
    }

    @Test
    void aGateComparingWithBlueWithoutBluesTrafficIsAWarning() {
        PreflightCheck metrics = check(preflight(SPEC), "metrics");

        assertThat(metrics.outcome()).isEqualTo(Outcome.WARNING);
        assertThat(metrics.found()).isEqualTo("no requests");
    }

    PreflightReport preflight(String yaml) {
        CanarySpec spec = SpecReader.parse(yaml.formatted(ShopWorld.CFN.resolve("setup.yaml"),
                ShopWorld.CFN.resolve("service.yaml")), "canary.yaml", null);
        return new AwsPreflight(clients, Instant::now).check(spec);
    }

    static PreflightCheck check(PreflightReport report, String check) {
        return report.checks().stream().filter(c -> c.check().equals(check)).findFirst().orElseThrow();
    }

    static final String SPEC = """
            deployment: shop-web-7
            stateTable: shop-ecs-canary-state
            region: us-east-1
            dns:
              hostedZoneId: ${HostedZoneId}
              recordName: ${RecordName}
              blueSetIdentifier: ${BlueSetIdentifier}
              greenSetIdentifier: ${GreenSetIdentifier}
            green:
              cluster: ${ClusterName}
              service: shop-green
              targetGroup: ${GreenTargetGroupArn}
              loadBalancer: ${GreenLoadBalancerFullName}
            blue:
              cluster: ${ClusterName}
              service: shop-blue
              targetGroup: ${BlueTargetGroupArn}
              loadBalancer: ${BlueLoadBalancerFullName}
            stacks:
              - name: shop-setup
                template: %s
              - name: shop-green
                template: %s
                parameters: {Side: green, ImageTag: "1.1"}
            steps:
              - percent: 50
              - percent: 100
            gates:
              - type: alarms
                alarms: [shop-green-5xx]
              - type: compareToBlue
            """;
}
