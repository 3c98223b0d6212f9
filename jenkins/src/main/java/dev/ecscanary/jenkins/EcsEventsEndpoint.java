package dev.ecscanary.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.events.EcsEventIntake;
import dev.ecscanary.events.EventAnswer;
import dev.ecscanary.events.EventReceiver;
import dev.ecscanary.events.SharedSecret;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import hudson.model.UnprotectedRootAction;
import hudson.security.ACL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionList;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * {@code POST <Jenkins URL>ecs-canary-events/}: where EventBridge's API destination (cfn/relay.yaml)
 * delivers "ECS Task State Change" events. The shared secret (a secret-text credential chosen in the
 * global configuration) arrives in {@code X-Ecs-Canary-Secret} and is compared in constant time. Each
 * event is recorded in the state table <em>before</em> the answer, so nothing is lost across a
 * restart of Jenkins (EventBridge retries 5xx answers for up to a day); then the steps waiting on that
 * service are woken.
 *
 * <p>Answers as every event endpoint of ecs-canary does ({@link EventReceiver}, shared with the
 * command line's relay): 202 recorded, duplicate, stale or ignored; 400 malformed (with the reason as
 * JSON); 401 wrong or missing secret (no detail); 413 larger than an EventBridge event can be; 503 not
 * configured (no usable secret or no state table) or the state table cannot be reached (EventBridge
 * retries); 500 anything else.
 */
@Extension
public final class EcsEventsEndpoint implements UnprotectedRootAction {

    static final String URL_NAME = StepInputs.EVENTS_URL_NAME;
    static final String SECRET_HEADER = EventReceiver.SECRET_HEADER;
    static final String NOT_CONFIGURED = "the ECS event endpoint is not configured (Manage Jenkins > System > ECS Canary)";

    private static final Logger LOGGER = Logger.getLogger(EcsEventsEndpoint.class.getName());

    private final CurrentResource<Settings, Backend> backend = new CurrentResource<>(EcsEventsEndpoint::open,
            opened -> opened.clients().close());

    @CheckForNull
    @Override
    public String getIconFileName() {
        return null;
    }

    @CheckForNull
    @Override
    public String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** The endpoint's absolute URL (for cfn/relay.yaml's EndpointUrl), or null while Jenkins' URL is unset. */
    @CheckForNull
    static String absoluteUrl() {
        String root = Jenkins.get().getRootUrl();
        return root == null ? null : root + URL_NAME + "/";
    }

    @RequirePOST
    public void doIndex(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        EventAnswer answer = answer(req);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        rsp.setStatus(answer.status());
        rsp.setContentType("application/json;charset=UTF-8");
        if (answer.status() == 413) {
            // What is left of an oversized body is not read: the connection cannot be reused.
            rsp.setHeader("Connection", "close");
        }
        rsp.getOutputStream().write(body);
    }

    private EventAnswer answer(StaplerRequest2 req) throws IOException {
        CanaryConfiguration config = CanaryConfiguration.get();
        SharedSecret secret = secret(config);
        EcsEventIntake intake = secret == null ? null : intake(config);
        if (intake == null) {
            return EventAnswer.error(503, "not-configured", NOT_CONFIGURED);
        }
        return new EventReceiver(secret, intake, (result, error) -> LOGGER.log(Level.WARNING, "ECS event endpoint: "
                + result, error)).receive(req.getHeader(SECRET_HEADER), req.getContentLengthLong(),
                req.getInputStream());
    }

    /** The configured secret, or null (logged) while there is none that can be used. */
    @CheckForNull
    private static SharedSecret secret(CanaryConfiguration config) {
        String secretId = config.getEventSecretCredentialsId();
        if (secretId == null) {
            return null;
        }
        StringCredentials secret = CredentialsProvider.findCredentialByIdInItemGroup(secretId, StringCredentials.class,
                Jenkins.get(), ACL.SYSTEM2, List.of());
        if (secret == null) {
            LOGGER.warning("ECS event endpoint: no secret-text credential '" + secretId + "'; refusing events");
            return null;
        }
        try {
            return SharedSecret.of(secret.getSecret().getPlainText());
        } catch (IllegalArgumentException e) {
            LOGGER.warning("ECS event endpoint: the secret '" + secretId + "' cannot be used (" + e.getMessage()
                    + "); refusing events");
            return null;
        }
    }

    /** The intake over the configured state table, or null while none is configured. */
    @CheckForNull
    private EcsEventIntake intake(CanaryConfiguration config) throws IOException {
        String table = config.getStateTable();
        return table == null ? null : backend.get(new Settings(table, config.getRegion(), config.getEndpointUrl(),
                config.getCredentialsId())).intake();
    }

    private static Backend open(Settings settings) throws IOException {
        AwsClients clients = new AwsClients(AwsAccess.forController(settings.region(), settings.endpointUrl(),
                settings.credentialsId()));
        return new Backend(clients, new EcsEventIntake(AwsPorts.stateStore(clients, settings.stateTable()),
                CanaryDrivers.get().drivers()::wake, InstantSource.system()));
    }

    /** Closes the endpoint's AWS clients once Pipeline has suspended its builds and Jenkins stops. */
    @Terminator(requires = FlowExecutionList.EXECUTIONS_SUSPENDED)
    public static void closeClients() {
        ExtensionList.lookup(EcsEventsEndpoint.class).forEach(endpoint -> endpoint.backend.close());
    }

    /** Where events are recorded, as configured. */
    private record Settings(String stateTable, String region, String endpointUrl, String credentialsId) {
    }

    private record Backend(AwsClients clients, EcsEventIntake intake) {
    }
}
