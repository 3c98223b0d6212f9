package dev.ecscanary.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ecscanary.port.ProgressListener;
import dev.ecscanary.port.StackOperator.StackProgress;
import dev.ecscanary.port.StackOperator.StackProgress.Failed;
import dev.ecscanary.port.StackOperator.StackProgress.InProgress;
import dev.ecscanary.port.StackOperator.StackProgress.Ready;
import dev.ecscanary.port.StackOperator.StackRequest;
import dev.ecscanary.spec.StackSpec;
import dev.ecscanary.testkit.MotoExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetSummary;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * {@link CloudFormationStacks} against moto, with the project's own templates.
 *
 * <p>Moto runs every stack operation synchronously, so a request settles in three calls: the
 * change set is created, executed, then reported. Moto computes stack Outputs only for CreateStack
 * and UpdateStack, not change sets; the shared setup is therefore created here as an operator would
 * create it once, with CreateStack, and the deployment then applies it again (nothing to change) to
 * read its outputs.
 */
class CloudFormationStacksTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    static final String SETUP_TEMPLATE = template("setup.yaml");
    static final String SERVICE_TEMPLATE = template("service.yaml");
    static final Map<String, String> SETUP_PARAMETERS = Map.of("DomainName", "example.test",
            "RecordName", "shop.example.test");

    final RecordedStackEvents events = new RecordedStackEvents();
    CloudFormationClient cfn;
    EcsClient ecs;
    CloudFormationStacks stacks;

    @BeforeEach
    void clients() {
        cfn = moto.client(CloudFormationClient.builder());
        ecs = moto.client(EcsClient.builder());
        stacks = new CloudFormationStacks(cfn, events);
    }

    @Test
    void createsAStackThroughAChangeSetInThreeCalls() {
        StackRequest setup = request("deploy-1", new StackSpec("shop-setup", SETUP_TEMPLATE, SETUP_PARAMETERS), Map.of());

        List<StackProgress> progress = applyUntilSettled(setup);

        assertThat(progress).hasSize(3);
        assertThat(progress.get(0)).isInstanceOfSatisfying(InProgress.class,
                p -> assertThat(p.status()).startsWith("CREATE_PENDING").contains("CREATE"));
        assertThat(progress.get(1)).isInstanceOfSatisfying(InProgress.class,
                p -> assertThat(p.status()).startsWith("EXECUTE_IN_PROGRESS"));
        assertThat(progress.get(2)).isInstanceOfSatisfying(Ready.class,
                p -> assertThat(p.status()).isEqualTo("CREATE_COMPLETE"));
        assertThat(changeSets("shop-setup")).singleElement().satisfies(changeSet -> {
            assertThat(changeSet.changeSetName()).matches("ecs-canary-[0-9a-f]{16}");
            assertThat(changeSet.executionStatusAsString()).isEqualTo("EXECUTE_COMPLETE");
        });
        assertThat(ecs.describeClusters(r -> r.clusters("shop")).clusters()).singleElement()
                .satisfies(cluster -> assertThat(cluster.status()).isEqualTo("ACTIVE"));
    }

    @Test
    void streamsTheEventsOfItsOperationOnceEach() {
        StackRequest setup = request("deploy-1", new StackSpec("shop-setup", SETUP_TEMPLATE, SETUP_PARAMETERS), Map.of());

        applyUntilSettled(setup);
        stacks.apply(setup);
        stacks.apply(setup);

        // Moto records only stack-level events; the REVIEW_IN_PROGRESS one predates our change set.
        assertThat(events.recorded).containsExactly(
                "deploy-1 shop-setup: shop-setup CREATE_IN_PROGRESS User Initiated",
                "deploy-1 shop-setup: shop-setup CREATE_COMPLETE");
    }

    @Test
    void feedsEarlierOutputsByNameIntoLaterStacks() {
        Map<String, String> setupOutputs = existingSetup();

        Ready setup = ready(request("deploy-1", new StackSpec("shop-setup", SETUP_TEMPLATE, SETUP_PARAMETERS), Map.of()));
        assertThat(setup.outputs()).containsAllEntriesOf(setupOutputs);
        Map<String, String> earlier = outputsAsTheEngineKeepsThem("shop-setup", setup.outputs());

        ready(request("deploy-1", service("shop-blue", "blue"), earlier));
        ready(request("deploy-1", service("shop-green", "green"), earlier));

        // Moto's ECS services made by CloudFormation ignore LoadBalancers: the stack parameters show the feed.
        assertThat(ecsService("shop", "shop-blue").status()).isEqualTo("ACTIVE");
        assertThat(stackParameters("shop-blue")).containsEntry("Side", "blue")
                .containsEntry("BlueTargetGroupArn", setupOutputs.get("BlueTargetGroupArn"));
        assertThat(stackParameters("shop-green")).containsEntry("ClusterName", "shop")
                .containsEntry("SubnetIds", setupOutputs.get("SubnetIds"))
                .containsEntry("TaskExecutionRoleArn", setupOutputs.get("TaskExecutionRoleArn"))
                .containsEntry("GreenTargetGroupArn", setupOutputs.get("GreenTargetGroupArn"))
                .containsEntry("Side", "green")
                .containsEntry("ImageTag", "stable");
    }

    @Test
    void applyingTheSameRequestAgainIsReadyWithoutAnotherChange() {
        Map<String, String> earlier = outputsAsTheEngineKeepsThem("shop-setup", existingSetup());
        StackRequest green = request("deploy-1", service("shop-green", "green"), earlier);
        ready(green);
        String taskDefinition = ecsService("shop", "shop-green").taskDefinition();
        int eventsSoFar = events.recorded.size();

        assertThat(stacks.apply(green)).isInstanceOf(Ready.class);
        assertThat(stacks.apply(green)).isInstanceOf(Ready.class);

        assertThat(changeSets("shop-green")).hasSize(1);
        assertThat(ecsService("shop", "shop-green").taskDefinition()).isEqualTo(taskDefinition);
        assertThat(events.recorded).hasSize(eventsSoFar);
    }

    @Test
    void theSameStackInANewDeploymentWithNothingChangedIsReady() {
        Map<String, String> earlier = outputsAsTheEngineKeepsThem("shop-setup", existingSetup());
        ready(request("deploy-1", service("shop-green", "green"), earlier));

        Ready again = ready(request("deploy-2", service("shop-green", "green"), earlier));

        // Real CloudFormation refuses a change set without changes (FAILED, "didn't contain
        // changes"), which is success for the deployment (see CloudFormationStacksOutcomesTest).
        // Moto instead completes one with an empty list of changes; executing it is harmless.
        assertThat(again.status()).isIn("CREATE_COMPLETE", "UPDATE_COMPLETE");
        assertThat(changeSets("shop-green")).hasSize(2).last().satisfies(changeSet ->
                assertThat(cfn.describeChangeSet(r -> r.stackName("shop-green")
                        .changeSetName(changeSet.changeSetName())).changes()).isEmpty());
    }

    @Test
    void aNewImageTagUpdatesTheStack() {
        Map<String, String> earlier = outputsAsTheEngineKeepsThem("shop-setup", existingSetup());
        ready(request("deploy-1", service("shop-green", "green"), earlier));
        assertThat(ecsService("shop", "shop-green").taskDefinition()).endsWith("task-definition/shop-green:1");

        Map<String, String> newTag = new HashMap<>(serviceParameters("green"));
        newTag.put("ImageTag", "v2");
        Ready updated = ready(request("deploy-2", new StackSpec("shop-green", SERVICE_TEMPLATE, newTag), earlier));

        assertThat(updated.status()).isEqualTo("UPDATE_COMPLETE");
        assertThat(ecsService("shop", "shop-green").taskDefinition()).endsWith("task-definition/shop-green:2");
        assertThat(stackParameters("shop-green")).containsEntry("ImageTag", "v2");
        assertThat(changeSets("shop-green")).extracting(ChangeSetSummary::executionStatusAsString)
                .containsExactly("EXECUTE_COMPLETE", "EXECUTE_COMPLETE");
    }

    @Test
    void aParameterTheTemplateDoesNotDeclareFailsNamingIt() {
        Map<String, String> typo = new HashMap<>(serviceParameters("green"));
        typo.put("ImageTagg", "v2");

        StackProgress progress = stacks.apply(request("deploy-1", new StackSpec("shop-green", SERVICE_TEMPLATE, typo),
                Map.of()));

        assertThat(progress).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.status()).isEqualTo("UNDECLARED_PARAMETERS");
            assertThat(failed.failures()).singleElement().asString()
                    .startsWith("parameter ImageTagg is not declared by template " + SERVICE_TEMPLATE)
                    .contains("ImageTag, ContainerPort");
        });
        assertThat(cfn.listStacks().stackSummaries()).isEmpty();
    }

    @Test
    void aParameterWithoutValueOrDefaultFailsNamingIt() {
        StackProgress progress = stacks.apply(request("deploy-1", service("shop-green", "green"), Map.of()));

        assertThat(progress).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.status()).isEqualTo("MISSING_PARAMETERS");
            assertThat(failed.failures()).hasSize(6).first().asString()
                    .startsWith("parameter ClusterName of template " + SERVICE_TEMPLATE + " has no value and no default")
                    .endsWith("or apply an earlier stack that outputs ClusterName");
        });
    }

    @Test
    void aResourceThatCannotBeCreatedFailsWithCloudFormationsReason() {
        Map<String, String> earlier = new HashMap<>(outputsAsTheEngineKeepsThem("shop-setup", existingSetup()));
        earlier.put("ClusterName", "no-such-cluster");

        List<StackProgress> progress = applyUntilSettled(request("deploy-1", service("shop-green", "green"), earlier));

        // Real CloudFormation would roll the stack back (see CloudFormationStacksOutcomesTest);
        // moto refuses to execute the change set instead.
        assertThat(progress.get(progress.size() - 1)).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.status()).isEqualTo("EXECUTE_REFUSED");
            assertThat(failed.failures()).singleElement().asString()
                    .contains("stack shop-green")
                    .contains("ClusterNotFoundException: Cluster not found.");
        });
    }

    @Test
    void aTemplateOverTheRequestLimitAsksForAnHttpsUrl(@TempDir Path dir) throws IOException {
        Path large = dir.resolve("large.yaml");
        Files.writeString(large, "AWSTemplateFormatVersion: '2010-09-09'\n# " + "x".repeat(StackTemplate.MAX_BODY_BYTES)
                + "\nResources: {}\n");

        StackProgress progress = stacks.apply(request("deploy-1", new StackSpec("big", large.toString(), Map.of()),
                Map.of()));

        assertThat(progress).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.status()).isEqualTo("TEMPLATE_TOO_LARGE");
            assertThat(failed.failures()).singleElement().asString()
                    .contains("at most 51200 bytes")
                    .contains("upload it to S3 and give its https URL");
        });
    }

    @Test
    void aPlainHttpTemplateUrlIsRefused() {
        StackProgress progress = stacks.apply(request("deploy-1",
                new StackSpec("shop-green", "http://example.com/service.yaml", Map.of()), Map.of()));

        assertThat(progress).isInstanceOfSatisfying(Failed.class, failed ->
                assertThat(failed.failures()).singleElement().asString().contains("must be https"));
    }

    // ---------------------------------------------------------------------------------------------

    /** The shared setup as an operator creates it once (moto gives outputs only to CreateStack). */
    private Map<String, String> existingSetup() {
        cfn.createStack(r -> r.stackName("shop-setup")
                .templateBody(read(SETUP_TEMPLATE))
                .parameters(SETUP_PARAMETERS.entrySet().stream()
                        .map(e -> Parameter.builder().parameterKey(e.getKey()).parameterValue(e.getValue()).build())
                        .toList())
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM));
        Map<String, String> outputs = new HashMap<>();
        for (Output output : cfn.describeStacks(r -> r.stackName("shop-setup")).stacks().get(0).outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        assertThat(outputs).containsKeys("ClusterName", "SubnetIds", "GreenTargetGroupArn");
        return outputs;
    }

    /** Keyed both {@code Name} and {@code stack.Name}, as the engine passes them on. */
    private static Map<String, String> outputsAsTheEngineKeepsThem(String stack, Map<String, String> outputs) {
        Map<String, String> earlier = new HashMap<>();
        outputs.forEach((name, value) -> {
            earlier.put(name, value);
            earlier.put(stack + "." + name, value);
        });
        return earlier;
    }

    private static StackSpec service(String name, String side) {
        return new StackSpec(name, SERVICE_TEMPLATE, serviceParameters(side));
    }

    private static Map<String, String> serviceParameters(String side) {
        return Map.of("Side", side);
    }

    private static StackRequest request(String deploymentId, StackSpec stack, Map<String, String> earlierOutputs) {
        return new StackRequest(deploymentId, stack, earlierOutputs);
    }

    private Ready ready(StackRequest request) {
        List<StackProgress> progress = applyUntilSettled(request);
        StackProgress last = progress.get(progress.size() - 1);
        if (!(last instanceof Ready ready)) {
            return fail("expected " + request.stack().name() + " to be ready, got " + progress);
        }
        return ready;
    }

    private List<StackProgress> applyUntilSettled(StackRequest request) {
        List<StackProgress> progress = new ArrayList<>();
        for (int call = 0; call < 10; call++) {
            StackProgress next = stacks.apply(request);
            progress.add(next);
            if (!(next instanceof InProgress)) {
                return progress;
            }
        }
        return fail("still in progress after 10 calls: " + progress);
    }

    private List<ChangeSetSummary> changeSets(String stack) {
        return cfn.listChangeSets(r -> r.stackName(stack)).summaries();
    }

    private Map<String, String> stackParameters(String stack) {
        Map<String, String> parameters = new HashMap<>();
        cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).parameters()
                .forEach(p -> parameters.put(p.parameterKey(), p.parameterValue()));
        return parameters;
    }

    private Service ecsService(String cluster, String name) {
        return ecs.describeServices(r -> r.cluster(cluster).services(name)).services().get(0);
    }

    private static String template(String file) {
        return Path.of("..", "cfn", file).toAbsolutePath().normalize().toString();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the operator streamed, as {@code "<deployment> <stack>: <event>"}. */
    static final class RecordedStackEvents implements ProgressListener {
        final List<String> recorded = new CopyOnWriteArrayList<>();

        @Override
        public void onStackEvent(String deploymentId, String stack, String event) {
            recorded.add(deploymentId + " " + stack + ": " + event);
        }
    }
}
