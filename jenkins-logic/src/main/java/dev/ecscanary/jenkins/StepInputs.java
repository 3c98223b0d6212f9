package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a step reads from its build and its controller, as plain values: the plugin's glue gathers
 * them from the step's context on the shared pool (never on the CPS VM thread), every time the step
 * starts or resumes.
 *
 * @param leaseOwner the driver id the build holds deployment leases under
 * @param buildId    the build as Jenkins names it ({@code folder/job#12})
 * @param startedBy  the user who started the build, or null (a timer, an SCM change, an upstream build)
 * @param console    the build's log
 * @param env        the step's environment variables (null for an unset one)
 * @param workspace  the workspace, opened only when a step reads its spec there (inside {@code node})
 * @param build      what the build keeps of the deployments its steps touched
 * @param controller the controller's settings
 */
record StepInputs(String leaseOwner, String buildId, @CheckForNull String startedBy, PrintStream console,
                  UnaryOperator<String> env, WorkspaceAccess workspace, BuildDeployments build,
                  Controller controller) {

    /** Where relayed ECS events arrive, relative to Jenkins' URL. */
    static final String EVENTS_URL_NAME = "ecs-canary-events";

    StepInputs {
        Objects.requireNonNull(leaseOwner, "leaseOwner");
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(controller, "controller");
    }

    @CheckForNull
    String env(String name) {
        return env.apply(name);
    }

    /** The step's workspace, on whichever machine it is; only asked for when a spec is read there. */
    @FunctionalInterface
    interface WorkspaceAccess {
        /** The workspace, or null outside {@code node}. */
        @CheckForNull
        SpecLoader.Workspace open() throws IOException, InterruptedException;
    }

    /**
     * The controller's settings (Manage Jenkins > System > ECS Canary) and where it keeps things.
     *
     * @param defaults              the finer steps' default state table and region
     * @param templateStore         where templates copied from workspaces are kept, by content
     * @param eventsUrl             the ECS event endpoint's absolute URL, or null while Jenkins' URL is unset
     * @param eventSecretConfigured whether the event endpoint has a secret (else it refuses every event)
     */
    record Controller(DeploymentArgs.Defaults defaults, Path templateStore, @CheckForNull String eventsUrl,
                      boolean eventSecretConfigured) {

        /** The line a driving step's log starts with about ECS task events. */
        String eventsNote() {
            return "ECS task events: " + (eventsUrl == null
                    ? "set Jenkins' URL (Manage Jenkins > System) to see the event endpoint, <Jenkins URL>"
                            + EVENTS_URL_NAME + "/"
                    : "EventBridge delivers them to " + eventsUrl) + " (cfn/relay.yaml EndpointUrl)"
                    + (eventSecretConfigured ? "" : "; no event secret is configured, so green is found by polling ECS");
        }
    }
}
