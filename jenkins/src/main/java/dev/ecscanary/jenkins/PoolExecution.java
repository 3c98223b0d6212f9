package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsClients;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.model.Run;
import java.util.concurrent.ExecutorService;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/** A step that does one short, blocking piece of work on the shared pool: hands it to its {@link OneShotRun}. */
final class PoolExecution extends StepExecution implements OneShotRun.Host {

    private static final long serialVersionUID = 1L;

    private final OneShotRun run;

    PoolExecution(StepContext context, OneShotWork work) {
        super(context);
        this.run = new OneShotRun(work);
    }

    @Override
    public boolean start() {
        run.submit(this);
        return false;
    }

    @Override
    public void onResume() {
        run.submit(this);
    }

    @Override
    public void stop(@NonNull Throwable cause) {
        run.stop(this, cause);
    }

    @Override
    public String getStatus() {
        return run.status();
    }

    @Override
    public ExecutorService pool() {
        return CanaryDrivers.get().pool();
    }

    @Override
    public boolean terminating() {
        return CanaryDrivers.terminating();
    }

    @Override
    public Object compute(OneShotWork work) throws Exception {
        Run<?, ?> build = getContext().get(Run.class);
        EnvVars env = getContext().get(EnvVars.class);
        return work.compute(JenkinsInputs.of(getContext()), target -> new AwsClients(AwsAccess.forRun(target, build, env)));
    }

    @Override
    public void end(StepLifecycle.Ending ending) {
        CanaryExecution.complete(getContext(), ending);
    }
}
