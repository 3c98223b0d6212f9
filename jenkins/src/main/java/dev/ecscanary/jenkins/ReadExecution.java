package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.state.DeploymentRecord;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A finer step that reads a deployment and answers, without changing it: the AWS calls run on the
 * shared pool, never on the CPS VM thread; after a restart the read is simply done again.
 */
@SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "redone by onResume")
abstract class ReadExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    final AbstractDeploymentStep.Args args;
    private transient volatile Future<?> task;
    private final AtomicBoolean completed = new AtomicBoolean();

    ReadExecution(StepContext context, AbstractDeploymentStep.Args args) {
        super(context);
        this.args = args;
    }

    /** The step's value: plain Strings, Numbers, Lists and Maps. */
    abstract Object read(AwsClients clients, DeploymentRecord record) throws Exception;

    @Override
    public boolean start() {
        submit();
        return false;
    }

    @Override
    public void onResume() {
        submit();
    }

    @Override
    public void stop(@NonNull Throwable cause) {
        Future<?> running = task;
        if (running != null) {
            running.cancel(true);
        }
        complete(context -> context.onFailure(cause));
    }

    /** The step ends once, whichever comes first: the answer or an abort. */
    private void complete(Consumer<StepContext> completion) {
        if (completed.compareAndSet(false, true)) {
            completion.accept(getContext());
        }
    }

    @Override
    public String getStatus() {
        return "reading deployment " + args.deployment;
    }

    private void submit() {
        try {
            task = CanaryDrivers.get().pool().submit(this::run);
        } catch (RejectedExecutionException e) {
            if (!CanaryDrivers.terminating()) {
                complete(context -> context.onFailure(e));
            }
        }
    }

    private void run() {
        try {
            Run<?, ?> run = getContext().get(Run.class);
            EnvVars env = getContext().get(EnvVars.class);
            CanaryTarget target = args.resolve(run, env);
            Object value;
            try (AwsClients clients = new AwsClients(AwsAccess.forRun(target, run, env))) {
                DeploymentRecord record = AwsPorts.stateStore(clients, target.stateTable()).load(target.deploymentId())
                        .orElseThrow(() -> new AbortException("no deployment " + target.deploymentId()
                                + " in the state table " + target.stateTable()));
                CanaryRunAction.attach(run, target).update(record);
                value = read(clients, record);
            }
            complete(context -> context.onSuccess(value));
        } catch (Throwable t) {
            if (!CanaryDrivers.terminating()) {
                complete(context -> context.onFailure(CanaryExecution.explain(t)));
            }
        }
    }
}
