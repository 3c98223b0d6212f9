package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** A finer step that drives an existing deployment, found by id. */
abstract class DeploymentExecution extends CanaryExecution {

    private static final long serialVersionUID = 1L;

    final DeploymentArgs args;

    DeploymentExecution(StepContext context, DeploymentArgs args, @CheckForNull Duration lease,
                        @CheckForNull Milestone milestone) {
        super(context, lease, milestone);
        this.args = args;
    }

    @Override
    CanaryTarget establish(Work work) throws Exception {
        note("looking up deployment " + args.deployment);
        return AbstractDeploymentStep.resolve(args, work.run, work.env);
    }
}
