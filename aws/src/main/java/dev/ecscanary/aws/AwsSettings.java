package dev.ecscanary.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Where and as whom to call AWS. Anything left empty comes from the SDK's default chains: the
 * region from {@code AWS_REGION} or the profile, credentials from the environment, profile or role,
 * and the endpoint from {@code AWS_ENDPOINT_URL} (how the demo and tests reach moto).
 *
 * @param maxAttempts         per call, including the first, for the SDK's standard retry strategy
 * @param route53Limits       the Route53 budget this process keeps to, shared by every deployment
 *                            it drives ({@link Route53Limits#CURRENT} unless told otherwise)
 * @param httpClientOverrides per service id ({@code "cloudwatch"}, …), e.g. a test-only protocol bridge
 * @param apiCallTimeout      the most one call may take, retries included (empty: the SDK's default,
 *                            none), for callers that must answer in time (a web page)
 */
public record AwsSettings(
        Optional<Region> region,
        Optional<URI> endpoint,
        AwsCredentialsProvider credentials,
        int maxAttempts,
        Route53Limits route53Limits,
        Map<String, SdkHttpClient> httpClientOverrides,
        Optional<Duration> apiCallTimeout) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public AwsSettings {
        region = region == null ? Optional.empty() : region;
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        credentials = credentials == null ? DefaultCredentialsProvider.builder().build() : credentials;
        httpClientOverrides = httpClientOverrides == null ? Map.of() : Map.copyOf(httpClientOverrides);
        apiCallTimeout = apiCallTimeout == null ? Optional.empty() : apiCallTimeout;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        route53Limits = route53Limits == null ? Route53Limits.CURRENT : route53Limits;
    }

    /** Everything from the SDK's default chains. */
    public static AwsSettings defaults() {
        return new AwsSettings(Optional.empty(), Optional.empty(), null, DEFAULT_MAX_ATTEMPTS,
                Route53Limits.CURRENT, Map.of(), Optional.empty());
    }

    public AwsSettings withRegion(String value) {
        return value == null ? this : new AwsSettings(Optional.of(Region.of(value)), endpoint, credentials, maxAttempts,
                route53Limits, httpClientOverrides, apiCallTimeout);
    }

    public AwsSettings withEndpoint(URI value) {
        return value == null ? this : new AwsSettings(region, Optional.of(value), credentials, maxAttempts,
                route53Limits, httpClientOverrides, apiCallTimeout);
    }

    public AwsSettings withCredentials(AwsCredentialsProvider value) {
        return new AwsSettings(region, endpoint, value, maxAttempts, route53Limits, httpClientOverrides,
                apiCallTimeout);
    }

    public AwsSettings withHttpClient(String serviceId, SdkHttpClient client) {
        Map<String, SdkHttpClient> overrides = new java.util.HashMap<>(httpClientOverrides);
        overrides.put(serviceId, client);
        return new AwsSettings(region, endpoint, credentials, maxAttempts, route53Limits, overrides,
                apiCallTimeout);
    }

    public AwsSettings withRoute53Limits(Route53Limits value) {
        return new AwsSettings(region, endpoint, credentials, maxAttempts, value, httpClientOverrides,
                apiCallTimeout);
    }

    public AwsSettings withMaxAttempts(int value) {
        return new AwsSettings(region, endpoint, credentials, value, route53Limits, httpClientOverrides,
                apiCallTimeout);
    }

    public AwsSettings withApiCallTimeout(Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException("apiCallTimeout must be positive, was " + value);
        }
        return new AwsSettings(region, endpoint, credentials, maxAttempts, route53Limits, httpClientOverrides,
                Optional.ofNullable(value));
    }
}
