package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.state.DeploymentRecord;
import hudson.EnvVars;
import hudson.model.Run;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A finer step that reads a deployment and answers, without changing it: the AWS calls run on the
 * shared pool, never on the CPS VM thread; after a restart the read is simply done again.
 */
abstract class ReadExecution extends PoolExecution {

    private static final long serialVersionUID = 1L;

    final DeploymentArgs args;

    ReadExecution(StepContext context, DeploymentArgs args) {
        super(context);
        this.args = args;
    }

    /** The step's value: plain Strings, Numbers, Lists and Maps. */
    abstract Object read(AwsClients clients, DeploymentRecord record) throws Exception;

    @Override
    public String getStatus() {
        return "reading deployment " + args.deployment;
    }

    @Override
    Object compute() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        EnvVars env = getContext().get(EnvVars.class);
        CanaryTarget target = AbstractDeploymentStep.resolve(args, run, env);
        try (AwsClients clients = new AwsClients(AwsAccess.forRun(target, run, env))) {
            DeploymentRecord record = AwsPorts.stateStore(clients, target.stateTable()).load(target.deploymentId())
                    .orElseThrow(() -> new StepFailure("no deployment " + target.deploymentId()
                            + " in the state table " + target.stateTable()));
            CanaryRunAction.attach(run, target).update(record);
            return read(clients, record);
        }
    }
}
