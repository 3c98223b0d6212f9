package dev.ecscanary.jenkins;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import dev.ecscanary.aws.AwsSettings;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.security.ACL;
import java.util.List;
import java.util.function.UnaryOperator;
import jenkins.model.Jenkins;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where and as whom the plugin calls AWS. Credentials, in this order: the step's {@code credentialsId}
 * (an AWS credential of the aws-credentials plugin, cached while valid); else the
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN} of the step's
 * environment (what {@code withAWS} and {@code withCredentials} set); else the SDK's default chain on the
 * controller. Secrets are never kept: after a restart they are looked up again.
 */
final class AwsAccess {

    /**
     * Test-only: applied to every {@link AwsSettings} the plugin builds (steps, build page, event
     * endpoint), e.g. to aim at moto with a CloudWatch protocol bridge. Null in production.
     */
    private static volatile UnaryOperator<AwsSettings> testSettings;

    private AwsAccess() {
    }

    /** The settings a step uses for {@code target}; the credential's use is tracked for the build. */
    static AwsSettings forRun(@NonNull CanaryTarget target, @NonNull Run<?, ?> run, @CheckForNull EnvVars env)
            throws AbortException {
        AwsSettings settings = AwsLocation.settings(target.region(), target.endpointUrl());
        String credentialsId = target.credentialsId();
        AwsCredentialsProvider credentials = credentialsId != null
                ? fromCredentialsId(credentialsId, run, true)
                : AwsLocation.credentialsFromEnvironment(name -> env == null ? null : env.get(name));
        if (credentials != null) {
            settings = settings.withCredentials(credentials);
        }
        return finish(settings);
    }

    /**
     * The settings a build's Canary page reads the deployment with: the step's credential, not tracked
     * again (the step did); a step that used its environment's keys (never stored) leaves the page the
     * controller's settings.
     */
    static AwsSettings forPage(@NonNull CanaryTarget target, @CheckForNull Run<?, ?> run) throws AbortException {
        String credentialsId = target.credentialsId();
        if (credentialsId == null || run == null) {
            CanaryConfiguration config = CanaryConfiguration.get();
            return forController(target.region() != null ? target.region() : config.getRegion(), target.endpointUrl(),
                    config.getCredentialsId());
        }
        return finish(AwsLocation.settings(target.region(), target.endpointUrl())
                .withCredentials(fromCredentialsId(credentialsId, run, false)));
    }

    /** The settings of the event endpoint and other work outside any build (global configuration). */
    static AwsSettings forController(@CheckForNull String region, @CheckForNull String endpointUrl,
                                     @CheckForNull String credentialsId) throws AbortException {
        AwsSettings settings = AwsLocation.settings(region, endpointUrl);
        if (credentialsId != null) {
            AmazonWebServicesCredentials credentials = CredentialsProvider.findCredentialByIdInItemGroup(credentialsId,
                    AmazonWebServicesCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of());
            if (credentials == null) {
                throw new AbortException("no AWS credential '" + credentialsId + "' in Jenkins' global credentials");
            }
            refuseMfa(credentials);
            settings = settings.withCredentials(new CachingCredentialsProvider(credentials, credentials.getId()));
        }
        return finish(settings);
    }

    /** Test-only: see {@link #testSettings}; null removes the hook. */
    static void aimForTests(@CheckForNull UnaryOperator<AwsSettings> hook) {
        testSettings = hook;
    }

    private static AwsSettings finish(AwsSettings settings) {
        UnaryOperator<AwsSettings> hook = testSettings;
        return hook == null ? settings : hook.apply(settings);
    }

    private static AwsCredentialsProvider fromCredentialsId(String credentialsId, Run<?, ?> run, boolean track)
            throws AbortException {
        AmazonWebServicesCredentials credentials = CredentialsProvider.findCredentialById(credentialsId,
                AmazonWebServicesCredentials.class, run);
        if (credentials == null) {
            throw new AbortException("no AWS credential '" + credentialsId + "' (aws-credentials plugin) that this "
                    + "build may use");
        }
        refuseMfa(credentials);
        if (track) {
            CredentialsProvider.track(run, credentials);
        }
        return new CachingCredentialsProvider(credentials, credentials.getId());
    }

    /** A credential that needs an MFA token cannot be used by a build: nobody is there to type the code. */
    private static void refuseMfa(AmazonWebServicesCredentials credentials) throws AbortException {
        String mfaSerial = credentials instanceof AWSCredentialsImpl keys ? keys.getIamMfaSerialNumber() : null;
        if (AwsLocation.blankToNull(mfaSerial) != null) {
            throw new AbortException("the AWS credential '" + credentials.getId() + "' asks for an MFA token (MFA "
                    + "serial " + mfaSerial + "), which a build cannot give: use a credential or role without MFA "
                    + "for deployments");
        }
    }
}
