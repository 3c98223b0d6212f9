package dev.ecscanary.aws;

import dev.ecscanary.port.ProgressListener;
import dev.ecscanary.port.StackOperator;
import dev.ecscanary.port.StackOperator.StackProgress.Failed;
import dev.ecscanary.port.StackOperator.StackProgress.InProgress;
import dev.ecscanary.port.StackOperator.StackProgress.Ready;
import dev.ecscanary.spec.StackSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.InvalidChangeSetStatusException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;

/**
 * Creates or updates a stack through a change set, one small idempotent step per call.
 *
 * <p>Each call reads the stack and, unless an operation is running, our change set for the request
 * (its name is a digest of the request, see {@link ChangeSetName}), then does at most one thing:
 * create the change set, execute it, or report where the stack stands. Nothing is remembered
 * between calls but the stack events already reported, so a restarted engine carries on where the
 * last one stopped.
 *
 * <p>Parameters the template declares and the spec leaves out come from earlier stacks' outputs of
 * the same name, else keep the stack's previous value, else the template's default; see
 * {@link StackParameters}.
 */
public final class CloudFormationStacks implements StackOperator {

    /** Our templates create IAM roles and a managed policy (setup.yaml), some with names. */
    private static final List<Capability> CAPABILITIES = List.of(Capability.CAPABILITY_IAM,
            Capability.CAPABILITY_NAMED_IAM);

    private final CloudFormationClient cfn;
    private final TemplateSummaries summaries;
    private final StackEventStream events;

    public CloudFormationStacks(CloudFormationClient cfn, ProgressListener listener) {
        this.cfn = Objects.requireNonNull(cfn, "cfn");
        this.summaries = new TemplateSummaries(cfn);
        this.events = new StackEventStream(cfn, listener == null ? ProgressListener.NONE : listener);
    }

    @Override
    public StackProgress apply(StackRequest request) {
        StackSpec spec = request.stack();
        try {
            StackTemplate template = StackTemplate.load(spec.template());
            StackParameters parameters = StackParameters.resolve(spec, summaries.parameters(template),
                    request.earlierOutputs());
            String changeSet = ChangeSetName.of(request.deploymentId(), spec.name(), template, parameters.decided());
            Optional<StackState> stack = describeStack(spec.name());
            if (stack.isPresent() && stack.get().isBusy()) {
                events.reportNew(request.deploymentId(), spec.name(), stack.get().operationStartedAt());
                return new InProgress(stack.get().status());
            }
            Optional<ChangeSetState> ours = stack.isPresent() ? describeChangeSet(spec.name(), changeSet)
                    : Optional.empty();
            if (ours.isPresent()) {
                return follow(request.deploymentId(), stack.get(), ours.get());
            }
            return start(request.deploymentId(), spec.name(), stack, template, parameters, changeSet);
        } catch (StackRequestRejected e) {
            return new Failed(e.status(), e.reasons());
        }
    }

    /** Our change set exists: take it one step further, or report how it ended. */
    private StackProgress follow(String deploymentId, StackState stack, ChangeSetState ours) {
        if (ours.isBeingCreated()) {
            return new InProgress(ours.describe());
        }
        if (ours.reportsNoChanges()) {
            return ready(stack);
        }
        if (ours.hasFailed()) {
            return new Failed("CHANGE_SET_FAILED", List.of(ours.describe()));
        }
        if (ours.canBeExecuted()) {
            return execute(stack, ours);
        }
        if (ours.isObsolete()) {
            // The stack changed after the change set was made; the next call makes it anew.
            cfn.deleteChangeSet(r -> r.stackName(stack.name()).changeSetName(ours.name()));
            return new InProgress(ours.describe() + " (the stack changed since: making it again)");
        }
        if (ours.isExecuting()) {
            events.reportNew(deploymentId, stack.name(), ours.createdAt());
            return new InProgress(stack.status());
        }
        List<String> failures = events.reportAndListFailures(deploymentId, stack.name(), ours.createdAt());
        if (stack.hasSucceeded()) {
            return ready(stack);
        }
        if (stack.hasFailed()) {
            return failed(stack, failures);
        }
        return new InProgress(stack.status());
    }

    private StackProgress execute(StackState stack, ChangeSetState ours) {
        try {
            // The token makes an SDK retry of this call recognisable as the same execution.
            cfn.executeChangeSet(r -> r.stackName(stack.name()).changeSetName(ours.name())
                    .clientRequestToken(ours.name()));
        } catch (InvalidChangeSetStatusException e) {
            // Executed or changed meanwhile (a concurrent caller): the next call reads what happened.
            return new InProgress(ours.describe());
        } catch (AwsServiceException e) {
            // Real CloudFormation reports failing resources through the stack; moto refuses the call.
            if (CloudFormationErrors.isRefusal(e)) {
                return new Failed("EXECUTE_REFUSED", List.of("CloudFormation refused to execute change set "
                        + ours.name() + " on stack " + stack.name() + ": " + CloudFormationErrors.describe(e)));
            }
            throw e;
        }
        return new InProgress("EXECUTE_IN_PROGRESS (change set " + ours.name() + ")");
    }

    /** No change set of ours yet: make one, unless the stack must be repaired first. */
    private StackProgress start(String deploymentId, String stackName, Optional<StackState> stack,
                                StackTemplate template, StackParameters parameters, String changeSet) {
        String repair = stack.map(StackState::repairNeeded).orElse(null);
        if (repair != null) {
            return new Failed(stack.get().status(), List.of(repair));
        }
        boolean create = stack.isEmpty() || stack.get().isReviewOnly();
        List<Parameter> values = parameters.forChangeSet(create ? Set.of() : stack.get().parameterKeys());
        ChangeSetType type = create ? ChangeSetType.CREATE : ChangeSetType.UPDATE;
        try {
            cfn.createChangeSet(template.addTo(CreateChangeSetRequest.builder())
                    .stackName(stackName)
                    .changeSetName(changeSet)
                    .changeSetType(type)
                    .parameters(values)
                    .capabilities(CAPABILITIES)
                    .description("ecs-canary deployment " + deploymentId)
                    .build());
        } catch (AlreadyExistsException e) {
            return new InProgress("change set " + changeSet + " is being created");
        } catch (AwsServiceException e) {
            if (stack.isPresent() && CloudFormationErrors.meansNoChanges(e)) {
                return ready(stack.get());
            }
            if (CloudFormationErrors.isRefusal(e)) {
                return new Failed("CHANGE_SET_REFUSED", List.of("CloudFormation refused change set " + changeSet
                        + " (" + type + ") of stack " + stackName + ": " + CloudFormationErrors.describe(e)));
            }
            throw e;
        }
        return new InProgress("CREATE_PENDING (change set " + changeSet + ", " + type + ")");
    }

    /**
     * Moto (5.2.1) computes Outputs only for stacks made or updated with CreateStack/UpdateStack:
     * after a change set they are missing or stale there. Real CloudFormation has them current.
     */
    private static Ready ready(StackState stack) {
        return new Ready(stack.outputs(), stack.status());
    }

    private static Failed failed(StackState stack, List<String> failures) {
        List<String> reasons = new ArrayList<>(failures);
        if (reasons.isEmpty()) {
            reasons.add(stack.statusReason() != null ? stack.statusReason()
                    : "stack " + stack.name() + " is " + stack.status() + " and CloudFormation gave no reason");
        }
        String repair = stack.repairNeeded();
        if (repair != null) {
            reasons.add(repair);
        }
        return new Failed(stack.status(), reasons);
    }

    private Optional<StackState> describeStack(String name) {
        DescribeStacksResponse response;
        try {
            response = cfn.describeStacks(r -> r.stackName(name));
        } catch (AwsServiceException e) {
            if (CloudFormationErrors.meansStackMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
        if (response.stacks().size() != 1) {
            throw new IllegalStateException("DescribeStacks answered " + response.stacks().size()
                    + " stacks for the name " + name);
        }
        return Optional.of(StackState.from(name, response.stacks().get(0)));
    }

    private Optional<ChangeSetState> describeChangeSet(String stackName, String changeSet) {
        try {
            return Optional.of(ChangeSetState.from(changeSet,
                    cfn.describeChangeSet(r -> r.stackName(stackName).changeSetName(changeSet))));
        } catch (AwsServiceException e) {
            if (CloudFormationErrors.meansChangeSetMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
