package dev.ecscanary.aws;

import static dev.ecscanary.aws.CannedAwsAnswers.xml;
import static dev.ecscanary.aws.CannedAwsAnswers.xmlError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.aws.CloudFormationStacksTest.RecordedStackEvents;
import dev.ecscanary.port.StackOperator.StackProgress;
import dev.ecscanary.port.StackOperator.StackProgress.Failed;
import dev.ecscanary.port.StackOperator.StackProgress.InProgress;
import dev.ecscanary.port.StackOperator.StackProgress.Ready;
import dev.ecscanary.port.StackOperator.StackRequest;
import dev.ecscanary.spec.StackSpec;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * How {@link CloudFormationStacks} reads the outcomes moto never produces — rollbacks, failed
 * resources, long operations, change sets CloudFormation refuses — from CloudFormation's own answers
 * (canned query-protocol XML, through the real SDK client).
 */
class CloudFormationStacksOutcomesTest {

    static final Instant CHANGE_SET_CREATED = Instant.parse("2026-03-01T12:00:00Z");
    static final String NO_CHANGES = "The submitted information didn't contain changes. Submit different information"
            + " to create a change set.";

    final CannedAwsAnswers cloudFormation = new CannedAwsAnswers();
    final RecordedStackEvents events = new RecordedStackEvents();
    CloudFormationStacks stacks;
    StackRequest request;

    @BeforeEach
    void operatorOverCannedAnswers(@TempDir Path dir) throws IOException {
        Path template = dir.resolve("service.yaml");
        Files.writeString(template, "# the parameters come from the canned GetTemplateSummary\nResources: {}\n");
        request = new StackRequest("deploy-7", new StackSpec("shop-green", template.toString(), Map.of("Side", "green")),
                Map.of());
        CloudFormationClient client = CloudFormationClient.builder()
                .httpClient(cloudFormation)
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        stacks = new CloudFormationStacks(client, events);
        cloudFormation.on("GetTemplateSummary", xml(summary("Side", null, "ImageTag", "stable", "NewParameter", "x")));
    }

    @Test
    void aStackWhoseCreationFailedEarlierMustBeDeletedFirst() {
        cloudFormation.on("DescribeStacks", xml(stack("ROLLBACK_COMPLETE")))
                .on("DescribeChangeSet", xmlError(404, "ChangeSetNotFound", "ChangeSet [x] does not exist"));

        StackProgress progress = stacks.apply(request);

        assertThat(progress).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.status()).isEqualTo("ROLLBACK_COMPLETE");
            assertThat(failed.failures()).singleElement().asString()
                    .contains("its creation failed")
                    .contains("aws cloudformation delete-stack --stack-name shop-green");
        });
        assertThat(cloudFormation.operations()).doesNotContain("CreateChangeSet");
    }

    @Test
    void aFailedUpdateListsEachFailedResourceOfOurOperationWithItsReason() {
        cloudFormation.on("DescribeStacks", xml(stack("UPDATE_ROLLBACK_COMPLETE")))
                .on("DescribeChangeSet", xml(changeSet("CREATE_COMPLETE", "EXECUTE_FAILED", null)))
                .on("DescribeStackEvents", xml(events(
                        event("e8", 90, "shop-green", "UPDATE_ROLLBACK_COMPLETE", null),
                        event("e7", 80, "Service", "UPDATE_COMPLETE", null),
                        event("e6", 60, "shop-green", "UPDATE_ROLLBACK_IN_PROGRESS",
                                "The following resource(s) failed to update: [Service]."),
                        event("e5", 50, "Service", "UPDATE_FAILED",
                                "ECS Deployment Circuit Breaker was triggered"),
                        event("e4", 20, "TaskDefinition", "UPDATE_COMPLETE", null),
                        event("e3", 10, "Service", "UPDATE_IN_PROGRESS", null),
                        event("e2", 5, "shop-green", "UPDATE_IN_PROGRESS", "User Initiated"),
                        event("e1", -600, "LogGroup", "UPDATE_FAILED", "an earlier deployment's failure"))));

        StackProgress progress = stacks.apply(request);

        assertThat(progress).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.status()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
            assertThat(failed.failures()).containsExactly("Service UPDATE_FAILED: ECS Deployment Circuit Breaker was triggered");
        });
        assertThat(events.recorded).containsExactly(
                "deploy-7 shop-green: shop-green UPDATE_IN_PROGRESS User Initiated",
                "deploy-7 shop-green: Service UPDATE_IN_PROGRESS",
                "deploy-7 shop-green: TaskDefinition UPDATE_COMPLETE",
                "deploy-7 shop-green: Service UPDATE_FAILED ECS Deployment Circuit Breaker was triggered",
                "deploy-7 shop-green: shop-green UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to update: [Service].",
                "deploy-7 shop-green: Service UPDATE_COMPLETE",
                "deploy-7 shop-green: shop-green UPDATE_ROLLBACK_COMPLETE");
    }

    @Test
    void aFailedCreationNamesTheCauseNotTheCancellationsAndSaysToDelete() {
        cloudFormation.on("DescribeStacks", xml(stack("ROLLBACK_COMPLETE")))
                .on("DescribeChangeSet", xml(changeSet("CREATE_COMPLETE", "EXECUTE_FAILED", null)))
                .on("DescribeStackEvents", xml(events(
                        event("e4", 40, "shop-green", "ROLLBACK_COMPLETE", null),
                        event("e3", 30, "Service", "CREATE_FAILED", "Resource creation cancelled"),
                        event("e2", 20, "TaskDefinition", "CREATE_FAILED",
                                "Invalid request provided: Create TaskDefinition: Invalid 'cpu' setting"),
                        event("e1", 10, "shop-green", "CREATE_IN_PROGRESS", "User Initiated"))));

        StackProgress progress = stacks.apply(request);

        assertThat(progress).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.status()).isEqualTo("ROLLBACK_COMPLETE");
            assertThat(failed.failures()).hasSize(2);
            assertThat(failed.failures().get(0)).isEqualTo(
                    "TaskDefinition CREATE_FAILED: Invalid request provided: Create TaskDefinition: Invalid 'cpu' setting");
            assertThat(failed.failures().get(1)).contains("delete-stack --stack-name shop-green");
        });
    }

    @Test
    void aRunningOperationIsInProgressAndStreamsOnlyNewEvents() {
        cloudFormation.on("DescribeStacks", xml(stack("UPDATE_IN_PROGRESS")))
                .on("DescribeStackEvents",
                        xml(events(event("e2", 2, "Service", "UPDATE_IN_PROGRESS", null),
                                event("e1", 1, "shop-green", "UPDATE_IN_PROGRESS", "User Initiated"))),
                        xml(events(event("e3", 3, "TaskDefinition", "UPDATE_COMPLETE", null),
                                event("e2", 2, "Service", "UPDATE_IN_PROGRESS", null),
                                event("e1", 1, "shop-green", "UPDATE_IN_PROGRESS", "User Initiated"))));

        StackProgress first = stacks.apply(request);
        StackProgress second = stacks.apply(request);

        assertThat(first).isEqualTo(new InProgress("UPDATE_IN_PROGRESS"));
        assertThat(second).isEqualTo(new InProgress("UPDATE_IN_PROGRESS"));
        assertThat(events.recorded).containsExactly(
                "deploy-7 shop-green: shop-green UPDATE_IN_PROGRESS User Initiated",
                "deploy-7 shop-green: Service UPDATE_IN_PROGRESS",
                "deploy-7 shop-green: TaskDefinition UPDATE_COMPLETE");
        // While the stack is busy nothing else is asked: each call stays cheap.
        assertThat(cloudFormation.operations()).containsOnly("GetTemplateSummary", "DescribeStacks",
                "DescribeStackEvents");
        assertThat(cloudFormation.operations()).containsOnlyOnce("GetTemplateSummary");
    }

    @Test
    void aChangeSetWithoutChangesMeansTheStackIsReady() {
        cloudFormation.on("DescribeStacks", xml(stack("UPDATE_COMPLETE", "ServiceName", "shop-green")))
                .on("DescribeChangeSet", xml(changeSet("FAILED", "UNAVAILABLE", NO_CHANGES)));

        StackProgress progress = stacks.apply(request);

        assertThat(progress).isEqualTo(new Ready(Map.of("ServiceName", "shop-green"), "UPDATE_COMPLETE"));
        assertThat(cloudFormation.operations()).doesNotContain("ExecuteChangeSet", "CreateChangeSet");
    }

    @Test
    void aChangeSetThatFailsForAnotherReasonFails() {
        cloudFormation.on("DescribeStacks", xml(stack("UPDATE_COMPLETE")))
                .on("DescribeChangeSet", xml(changeSet("FAILED", "UNAVAILABLE",
                        "Parameter 'Side' must be one of AllowedValues")));

        StackProgress progress = stacks.apply(request);

        assertThat(progress).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.status()).isEqualTo("CHANGE_SET_FAILED");
            assertThat(failed.failures()).singleElement().asString()
                    .matches("change set ecs-canary-[0-9a-f]{16} FAILED/UNAVAILABLE: Parameter 'Side' must be one of AllowedValues");
        });
    }

    @Test
    void aChangeSetBeingCreatedIsWaitedFor() {
        cloudFormation.on("DescribeStacks", xml(stack("UPDATE_COMPLETE")))
                .on("DescribeChangeSet", xml(changeSet("CREATE_IN_PROGRESS", "UNAVAILABLE", null)));

        StackProgress progress = stacks.apply(request);

        assertThat(progress).isInstanceOfSatisfying(InProgress.class,
                p -> assertThat(p.status()).contains("CREATE_IN_PROGRESS/UNAVAILABLE"));
        assertThat(cloudFormation.operations()).doesNotContain("ExecuteChangeSet");
    }

    @Test
    void anAvailableChangeSetIsExecutedWithItsNameAsTheRequestToken() {
        cloudFormation.on("DescribeStacks", xml(stack("UPDATE_COMPLETE")))
                .on("DescribeChangeSet", xml(changeSet("CREATE_COMPLETE", "AVAILABLE", null)))
                .on("ExecuteChangeSet", xml(response("ExecuteChangeSet", "")));

        StackProgress progress = stacks.apply(request);

        assertThat(progress).isInstanceOf(InProgress.class);
        Map<String, String> execute = form(cloudFormation.bodiesOf("ExecuteChangeSet").get(0));
        assertThat(execute.get("ChangeSetName")).matches("ecs-canary-[0-9a-f]{16}");
        assertThat(execute.get("ClientRequestToken")).isEqualTo(execute.get("ChangeSetName"));
        assertThat(execute.get("StackName")).isEqualTo("shop-green");
    }

    @Test
    void anUpdateKeepsPreviousValuesOnlyOfParametersTheStackAlreadyHas() {
        cloudFormation.on("DescribeStacks", xml(stack("UPDATE_COMPLETE")))
                .on("DescribeChangeSet", xmlError(404, "ChangeSetNotFound", "ChangeSet [x] does not exist"))
                .on("CreateChangeSet", xml(response("CreateChangeSet", "<Id>arn:cs</Id><StackId>arn:stack</StackId>")));

        StackProgress progress = stacks.apply(request);

        assertThat(progress).isInstanceOfSatisfying(InProgress.class,
                p -> assertThat(p.status()).startsWith("CREATE_PENDING").contains("UPDATE"));
        Map<String, String> create = form(cloudFormation.bodiesOf("CreateChangeSet").get(0));
        assertThat(create).containsEntry("ChangeSetType", "UPDATE")
                .containsEntry("Parameters.member.1.ParameterKey", "Side")
                .containsEntry("Parameters.member.1.ParameterValue", "green")
                .containsEntry("Parameters.member.2.ParameterKey", "ImageTag")
                .containsEntry("Parameters.member.2.UsePreviousValue", "true")
                .containsEntry("Capabilities.member.1", "CAPABILITY_IAM")
                .containsEntry("Capabilities.member.2", "CAPABILITY_NAMED_IAM")
                .containsEntry("Description", "ecs-canary deployment deploy-7");
        // NewParameter is new to the stack: left out, so it gets the template's default.
        assertThat(create).doesNotContainKey("Parameters.member.3.ParameterKey");
    }

    @Test
    void aStackThatDoesNotExistIsCreatedWithoutAskingForItsChangeSet() {
        cloudFormation.on("DescribeStacks", xmlError(400, "ValidationError", "Stack with id shop-green does not exist"))
                .on("CreateChangeSet", xml(response("CreateChangeSet", "<Id>arn:cs</Id><StackId>arn:stack</StackId>")));

        stacks.apply(request);

        assertThat(cloudFormation.operations()).containsExactly("GetTemplateSummary", "DescribeStacks",
                "CreateChangeSet");
        assertThat(form(cloudFormation.bodiesOf("CreateChangeSet").get(0))).containsEntry("ChangeSetType", "CREATE")
                .doesNotContainKey("Parameters.member.2.UsePreviousValue");
    }

    // ---------------------------------------------------------------------------------------------
    // CloudFormation's query-protocol answers.

    private static String response(String operation, String result) {
        return "<" + operation + "Response xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><"
                + operation + "Result>" + result + "</" + operation + "Result><ResponseMetadata><RequestId>canned"
                + "</RequestId></ResponseMetadata></" + operation + "Response>";
    }

    private static String summary(String... namesAndDefaults) {
        StringBuilder parameters = new StringBuilder();
        for (int i = 0; i < namesAndDefaults.length; i += 2) {
            parameters.append("<member><ParameterKey>").append(namesAndDefaults[i]).append("</ParameterKey>")
                    .append(namesAndDefaults[i + 1] == null ? ""
                            : "<DefaultValue>" + namesAndDefaults[i + 1] + "</DefaultValue>")
                    .append("<ParameterType>String</ParameterType></member>");
        }
        return response("GetTemplateSummary", "<Parameters>" + parameters + "</Parameters>");
    }

    /** The stack has parameters Side and ImageTag (not NewParameter, which the template added since). */
    private static String stack(String status, String... outputNamesAndValues) {
        StringBuilder outputs = new StringBuilder();
        for (int i = 0; i < outputNamesAndValues.length; i += 2) {
            outputs.append("<member><OutputKey>").append(outputNamesAndValues[i]).append("</OutputKey><OutputValue>")
                    .append(outputNamesAndValues[i + 1]).append("</OutputValue></member>");
        }
        return response("DescribeStacks", "<Stacks><member>"
                + "<StackName>shop-green</StackName>"
                + "<StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/shop-green/1</StackId>"
                + "<CreationTime>2026-02-01T00:00:00Z</CreationTime>"
                + "<LastUpdatedTime>" + CHANGE_SET_CREATED.plusSeconds(1) + "</LastUpdatedTime>"
                + "<StackStatus>" + status + "</StackStatus>"
                + "<Parameters>"
                + "<member><ParameterKey>Side</ParameterKey><ParameterValue>green</ParameterValue></member>"
                + "<member><ParameterKey>ImageTag</ParameterKey><ParameterValue>v1</ParameterValue></member>"
                + "</Parameters>"
                + "<Outputs>" + outputs + "</Outputs>"
                + "</member></Stacks>");
    }

    private static String changeSet(String status, String executionStatus, String reason) {
        return response("DescribeChangeSet", "<ChangeSetName>ecs-canary-x</ChangeSetName>"
                + "<StackName>shop-green</StackName>"
                + "<CreationTime>" + CHANGE_SET_CREATED + "</CreationTime>"
                + "<Status>" + status + "</Status>"
                + "<ExecutionStatus>" + executionStatus + "</ExecutionStatus>"
                + (reason == null ? "" : "<StatusReason>" + reason + "</StatusReason>"));
    }

    private static String events(String... newestFirst) {
        return response("DescribeStackEvents", "<StackEvents>" + String.join("", newestFirst) + "</StackEvents>");
    }

    /** An event {@code seconds} after our change set was created. */
    private static String event(String id, int seconds, String logicalId, String status, String reason) {
        return "<member><EventId>" + id + "</EventId><StackName>shop-green</StackName>"
                + "<StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/shop-green/1</StackId>"
                + "<LogicalResourceId>" + logicalId + "</LogicalResourceId>"
                + "<Timestamp>" + CHANGE_SET_CREATED.plusSeconds(seconds) + "</Timestamp>"
                + "<ResourceStatus>" + status + "</ResourceStatus>"
                + (reason == null ? "" : "<ResourceStatusReason>" + reason + "</ResourceStatusReason>")
                + "</member>";
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
                pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                pair -> pair.length < 2 ? "" : URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }
}
