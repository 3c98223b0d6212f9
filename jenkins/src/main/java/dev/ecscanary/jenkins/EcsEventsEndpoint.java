package dev.ecscanary.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.events.EcsEventIntake;
import dev.ecscanary.events.EventAnswer;
import dev.ecscanary.events.EventReceiver;
import dev.ecscanary.events.SharedSecret;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import hudson.model.UnprotectedRootAction;
import hudson.security.ACL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
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

    static final String URL_NAME = "ecs-canary-events";
    static final String SECRET_HEADER = EventReceiver.SECRET_HEADER;
    static final String NOT_CONFIGURED = "the ECS event endpoint is not configured (Manage Jenkins > System > ECS Canary)";

    private static final Logger LOGGER = Logger.getLogger(EcsEventsEndpoint.class.getName());

    private volatile Backend backend;

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

    /** The intake over the configured state table; rebuilt when the configuration changes. */
    @CheckForNull
    private EcsEventIntake intake(CanaryConfiguration config) throws AbortException {
        String table = config.getStateTable();
        if (table == null) {
            return null;
        }
        String key = String.join("|", table, String.valueOf(config.getRegion()), String.valueOf(config.getEndpointUrl()),
                String.valueOf(config.getCredentialsId()));
        Backend current = backend;
        if (current != null && current.key.equals(key)) {
            return current.intake;
        }
        synchronized (this) {
            current = backend;
            if (current != null && current.key.equals(key)) {
                return current.intake;
            }
            AwsClients clients = new AwsClients(AwsAccess.forController(config.getRegion(), config.getEndpointUrl(),
                    config.getCredentialsId()));
            CanaryDrivers drivers = CanaryDrivers.get();
            EcsEventIntake intake = new EcsEventIntake(AwsPorts.stateStore(clients, table), drivers::wake,
                    InstantSource.system());
            Backend previous = backend;
            backend = new Backend(key, clients, intake);
            if (previous != null) {
                previous.clients.close();
            }
            return intake;
        }
    }

    /** Closes the endpoint's AWS clients once Pipeline has suspended its builds and Jenkins stops. */
    @Terminator(requires = FlowExecutionList.EXECUTIONS_SUSPENDED)
    public static void closeClients() {
        for (EcsEventsEndpoint endpoint : ExtensionList.lookup(EcsEventsEndpoint.class)) {
            Backend current;
            synchronized (endpoint) {
                current = endpoint.backend;
                endpoint.backend = null;
            }
            if (current != null) {
                current.clients.close();
            }
        }
    }

    private static final class Backend {
        final String key;
        final AwsClients clients;
        final EcsEventIntake intake;

        Backend(String key, AwsClients clients, EcsEventIntake intake) {
            this.key = Objects.requireNonNull(key);
            this.clients = clients;
            this.intake = intake;
        }
    }
}
