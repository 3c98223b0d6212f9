package dev.ecscanary.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.events.EcsEventIntake;
import dev.ecscanary.events.IntakeResult;
import dev.ecscanary.port.StateStore.StateStoreException;
import dev.ecscanary.state.TaskObservation;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import hudson.model.UnprotectedRootAction;
import hudson.security.ACL;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
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
 * <p>Answers: 202 recorded, duplicate, stale or ignored; 400 malformed (with the reason as JSON); 401
 * wrong or missing secret (no detail); 413 larger than an EventBridge event can be; 503 not configured
 * or the state table cannot be reached (EventBridge retries); 500 anything else.
 */
@Extension
public final class EcsEventsEndpoint implements UnprotectedRootAction {

    static final String URL_NAME = "ecs-canary-events";
    static final String SECRET_HEADER = "X-Ecs-Canary-Secret";
    /** How much of an oversized body is read (and dropped) before answering 413. */
    static final long DRAIN_LIMIT = 4L * EcsEventIntake.MAX_EVENT_BYTES;

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
        CanaryConfiguration config = CanaryConfiguration.get();
        String secretId = config.getEventSecretCredentialsId();
        if (secretId == null) {
            answer(rsp, 503, "error", "the ECS event endpoint is not configured (Manage Jenkins > System > ECS Canary)");
            return;
        }
        StringCredentials secret = CredentialsProvider.findCredentialByIdInItemGroup(secretId, StringCredentials.class,
                Jenkins.get(), ACL.SYSTEM2, List.of());
        if (secret == null) {
            LOGGER.warning("ECS event endpoint: no secret-text credential '" + secretId + "'; refusing events");
            answer(rsp, 503, "error", "the ECS event endpoint is not configured (Manage Jenkins > System > ECS Canary)");
            return;
        }
        if (!secretMatches(req.getHeader(SECRET_HEADER), secret.getSecret().getPlainText())) {
            rsp.setStatus(401);
            return;
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            if (req.getContentLengthLong() > EcsEventIntake.MAX_EVENT_BYTES) {
                drain(in);
                answer(rsp, 413, "error", "an event is at most " + EcsEventIntake.MAX_EVENT_BYTES + " bytes");
                return;
            }
            body = in.readNBytes(EcsEventIntake.MAX_EVENT_BYTES + 1);
            if (body.length > EcsEventIntake.MAX_EVENT_BYTES) {
                drain(in);
                answer(rsp, 413, "error", "an event is at most " + EcsEventIntake.MAX_EVENT_BYTES + " bytes");
                return;
            }
        }
        IntakeResult result;
        try {
            result = intake(config).accept(new String(body, StandardCharsets.UTF_8));
        } catch (AbortException e) {
            answer(rsp, 503, "error", e.getMessage());
            return;
        } catch (StateStoreException e) {
            LOGGER.log(Level.WARNING, "ECS event endpoint: the state table cannot be reached", e);
            answer(rsp, 503, "error", "the state table cannot be reached; try again");
            return;
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "ECS event endpoint: the event could not be recorded", e);
            answer(rsp, 500, "error", "the event could not be recorded; try again");
            return;
        }
        if (result instanceof IntakeResult.Rejected rejected) {
            answer(rsp, 400, "error", rejected.reason());
        } else if (result instanceof IntakeResult.Recorded recorded) {
            answer(rsp, 202, "result", "recorded", recorded.observation());
        } else if (result instanceof IntakeResult.Duplicate duplicate) {
            answer(rsp, 202, "result", "duplicate", duplicate.observation());
        } else if (result instanceof IntakeResult.Stale stale) {
            answer(rsp, 202, "result", "stale", stale.observation());
        } else if (result instanceof IntakeResult.Ignored ignored) {
            JSONObject json = new JSONObject();
            json.put("result", "ignored");
            json.put("reason", ignored.reason());
            write(rsp, 202, json);
        }
    }

    /**
     * Reads and drops what is left of an oversized body, up to a bound, so that the client (which
     * sends it all before reading) gets the 413 rather than a reset connection; beyond the bound
     * the connection may be closed.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long left = DRAIN_LIMIT;
        int read;
        while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
            left -= read;
        }
    }

    /** Constant-time comparison (of digests, so the secret's length does not show either). */
    static boolean secretMatches(@CheckForNull String given, String expected) {
        if (given == null || expected == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The intake over the configured state table; rebuilt when the configuration changes. */
    private EcsEventIntake intake(CanaryConfiguration config) throws AbortException {
        String table = config.getStateTable();
        if (table == null) {
            throw new AbortException("no state table is configured for ECS events (Manage Jenkins > System > ECS Canary)");
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

    private static void answer(StaplerResponse2 rsp, int status, String key, String value) throws IOException {
        JSONObject json = new JSONObject();
        json.put(key, value);
        write(rsp, status, json);
    }

    private static void answer(StaplerResponse2 rsp, int status, String key, String value,
                               TaskObservation observation) throws IOException {
        JSONObject json = new JSONObject();
        json.put(key, value);
        json.put("task", observation.taskArn());
        json.put("version", observation.version());
        json.put("lastStatus", observation.lastStatus());
        write(rsp, status, json);
    }

    private static void write(StaplerResponse2 rsp, int status, JSONObject json) throws IOException {
        rsp.setStatus(status);
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.getWriter().write(json.toString());
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
