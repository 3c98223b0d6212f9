package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsSettings;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where AWS is called: the region and an endpoint override, each the first of several candidates
 * given (a step's argument, the spec, the environment, the global configuration), checked. Free of
 * Jenkins types.
 */
final class AwsLocation {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    private AwsLocation() {
    }

    /**
     * The first region given, checked; null leaves it to the SDK's default chain on the controller.
     *
     * @throws IllegalArgumentException for a value that is no AWS region
     */
    @CheckForNull
    static String region(String... candidates) {
        for (String candidate : candidates) {
            String region = blankToNull(candidate);
            if (region != null) {
                if (!REGION.matcher(region).matches()) {
                    throw new IllegalArgumentException("'" + region + "' is not an AWS region such as eu-west-1");
                }
                return region;
            }
        }
        return null;
    }

    /**
     * The first endpoint given, checked as an http(s) URL; null for AWS itself.
     *
     * @throws IllegalArgumentException for a value that is no http(s) URL
     */
    @CheckForNull
    static String endpointUrl(String... candidates) {
        for (String candidate : candidates) {
            String url = blankToNull(candidate);
            if (url != null) {
                endpoint(url);
                return url;
            }
        }
        return null;
    }

    /** @throws IllegalArgumentException for a value that is no http(s) URL */
    @CheckForNull
    static URI endpoint(@CheckForNull String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new URISyntaxException(url, "expected http(s)://host[:port]");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpointUrl '" + url + "' is not an http(s) URL such as "
                    + "http://127.0.0.1:5000");
        }
    }

    /** The SDK settings for a region and an endpoint override (each null for the SDK's defaults). */
    static AwsSettings settings(@CheckForNull String region, @CheckForNull String endpointUrl) {
        return AwsSettings.defaults().withRegion(region).withEndpoint(endpoint(endpointUrl));
    }

    /**
     * The keys {@code withAWS} and {@code withCredentials} put in a step's environment
     * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}), or null
     * when there are none.
     */
    @CheckForNull
    static AwsCredentialsProvider credentialsFromEnvironment(UnaryOperator<String> env) {
        String key = blankToNull(env.apply("AWS_ACCESS_KEY_ID"));
        String secret = blankToNull(env.apply("AWS_SECRET_ACCESS_KEY"));
        if (key == null || secret == null) {
            return null;
        }
        String token = blankToNull(env.apply("AWS_SESSION_TOKEN"));
        return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(key, secret)
                : AwsSessionCredentials.create(key, secret, token));
    }

    @CheckForNull
    static String blankToNull(@CheckForNull String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
