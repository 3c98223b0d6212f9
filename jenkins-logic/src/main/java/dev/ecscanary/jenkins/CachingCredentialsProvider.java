package dev.ecscanary.jenkins;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * An AWS credential of the aws-credentials plugin (an {@code AmazonWebServicesCredentials}, which is an
 * SDK credentials provider) that resolves once and then serves the same credentials
 * until shortly before they expire. The aws-credentials plugin calls STS AssumeRole on every resolve
 * when the credential names a role, and the SDK resolves before every request: without this cache a
 * deployment would assume the role several times a second. A credential without keys and without a
 * role means "the controller's own identity": the SDK's default chain.
 */
final class CachingCredentialsProvider implements AwsCredentialsProvider, SdkAutoCloseable {

    /** Credentials without a known expiry (static keys) are looked at again this often. */
    static final Duration STATIC_REFRESH = Duration.ofMinutes(15);
    /**
     * Session credentials whose expiry the plugin does not pass on (an assumed role) are renewed this
     * often: within the shortest session STS grants (15 minutes).
     */
    static final Duration SESSION_REFRESH = Duration.ofMinutes(10);
    /** Refresh this long before assumed-role credentials expire, or a quarter of their life if shorter. */
    static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);

    private final AwsCredentialsProvider credentials;
    private final String id;
    private final InstantSource clock;
    private AwsCredentials cached;
    private Instant refreshAt = Instant.MIN;
    private DefaultCredentialsProvider controllerChain;

    /** @param id the credential's id in Jenkins, for messages */
    CachingCredentialsProvider(AwsCredentialsProvider credentials, String id) {
        this(credentials, id, InstantSource.system());
    }

    CachingCredentialsProvider(AwsCredentialsProvider credentials, String id, InstantSource clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.id = Objects.requireNonNull(id, "id");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(refreshAt)) {
            return cached;
        }
        AwsCredentials resolved = credentials.resolveCredentials();
        if (resolved == null) {
            // aws-credentials: no keys and no role means the instance profile (the controller's identity).
            if (controllerChain == null) {
                controllerChain = DefaultCredentialsProvider.builder().build();
            }
            return controllerChain.resolveCredentials();
        }
        cached = resolved;
        refreshAt = refreshAt(resolved, now);
        return resolved;
    }

    private static Instant refreshAt(AwsCredentials resolved, Instant now) {
        Duration life = resolved.expirationTime().map(expiry -> Duration.between(now, expiry)).orElse(null);
        if (life == null) {
            return now.plus(resolved instanceof AwsSessionCredentials ? SESSION_REFRESH : STATIC_REFRESH);
        }
        Duration margin = life.dividedBy(4).compareTo(EXPIRY_MARGIN) < 0 ? life.dividedBy(4) : EXPIRY_MARGIN;
        return now.plus(life.minus(margin));
    }

    /** Closes the controller's default chain, if this credential used it. */
    @Override
    public synchronized void close() {
        if (controllerChain != null) {
            controllerChain.close();
            controllerChain = null;
        }
    }

    @Override
    public String toString() {
        return "CachingCredentialsProvider(" + id + ")";
    }
}
