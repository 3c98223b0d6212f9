package dev.ecscanary.jenkins;

import dev.ecscanary.state.DeploymentRecord;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** A step's {@link StepInputs}, read from its context and the controller (on the pool). */
final class JenkinsInputs {

    private JenkinsInputs() {
    }

    static StepInputs of(StepContext context) throws IOException, InterruptedException {
        Run<?, ?> run = context.get(Run.class);
        TaskListener listener = context.get(TaskListener.class);
        EnvVars env = context.get(EnvVars.class);
        return new StepInputs(leaseOwner(run), run.getExternalizableId(), startedBy(run), listener.getLogger(),
                name -> env == null ? null : env.get(name), () -> workspace(context.get(FilePath.class)), build(run),
                controller());
    }

    /**
     * The driver id a build holds deployment leases under: {@code jenkins:<root URL or instance id>:<build>}.
     * The same for every step of the build and across restarts, so a resumed step carries on at once
     * instead of waiting for its own lease to expire; different for every build and every controller.
     */
    static String leaseOwner(Run<?, ?> run) {
        Jenkins jenkins = Jenkins.get();
        String root = jenkins.getRootUrl();
        return "jenkins:" + (root != null ? root : jenkins.getLegacyInstanceId()) + ":" + run.getExternalizableId();
    }

    @CheckForNull
    private static String startedBy(Run<?, ?> run) {
        Cause.UserIdCause user = run.getCause(Cause.UserIdCause.class);
        return user == null ? null : user.getUserId();
    }

    static StepInputs.Controller controller() {
        CanaryConfiguration config = CanaryConfiguration.get();
        return new StepInputs.Controller(new DeploymentArgs.Defaults(config.getStateTable(), config.getRegion()),
                templateStore(), EcsEventsEndpoint.absoluteUrl(), config.getEventSecretCredentialsId() != null);
    }

    /** The Canary pages and files of the build. */
    static BuildDeployments build(Run<?, ?> run) {
        return new BuildDeployments() {
            @Override
            public Optional<CanaryTarget> target(String deploymentId) {
                return Optional.ofNullable(CanaryRunAction.find(run, deploymentId)).map(CanaryRunAction::target);
            }

            @Override
            public Consumer<DeploymentRecord> page(CanaryTarget target) {
                return CanaryRunAction.attach(run, target)::update;
            }

            @Override
            public BuildFiles files() {
                return CanaryRunAction.files(run);
            }
        };
    }

    /** Where templates copied from workspaces are kept on the controller, by content. */
    static Path templateStore() {
        return Jenkins.get().getRootDir().toPath().resolve("ecs-canary").resolve("templates");
    }

    /** The build's workspace, on whichever machine it is, as the spec loader reads it; null outside node. */
    @CheckForNull
    private static SpecLoader.Workspace workspace(@CheckForNull FilePath workspace) {
        if (workspace == null) {
            return null;
        }
        return new SpecLoader.Workspace() {
            @Override
            public Optional<byte[]> read(String relativePath, int limit) throws IOException, InterruptedException {
                FilePath file = workspace.child(relativePath);
                if (!file.exists() || file.isDirectory()) {
                    return Optional.empty();
                }
                try (InputStream in = file.read()) {
                    return Optional.of(in.readNBytes(limit + 1));
                }
            }

            @Override
            public String describe(String relativePath) {
                return workspace.child(relativePath).getRemote();
            }
        };
    }
}
