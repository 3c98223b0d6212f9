package dev.ecscanary.cli;

import dev.ecscanary.aws.AwsSettings;
import dev.ecscanary.aws.Route53Limits;
import dev.ecscanary.localaws.CloudWatchProtocolBridge;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * {@code --region} and {@code --endpoint-url}: where AWS calls go, and {@code --route53-budget}: how
 * fast Route53 may be called. Credentials come from the SDK's chain.
 */
final class AwsOptions {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: the spec's region, else AWS_REGION or the profile's).")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send every AWS call to this endpoint, e.g. a local emulator such as moto "
                    + "(default: AWS_ENDPOINT_URL, else AWS itself).")
    String endpointUrl;

    @Option(names = "--route53-budget", paramLabel = "BUDGET",
            description = "The Route53 budget this process keeps to, shared by all its deployments: 'current' (AWS's "
                    + "token buckets: 50 requests at once then 10/s per account and per operation, and 20 record "
                    + "changes at once then 5/s, an UPSERT counting two; the default), 'legacy' (5 requests/s), or "
                    + "current changed by NAME=BURST/REFILL entries, e.g. 'changes=40/10,GetChange=20/5'. Slows down "
                    + "by itself when Route53 answers Throttling.")
    String route53Budget;

    @Option(names = "--emulator-cloudwatch-bridge",
            description = "Translate CloudWatch calls to AWS JSON 1.0 for a local emulator that does not serve the "
                    + "SDK's CloudWatch protocol (Smithy RPC v2 CBOR), such as moto 5.2. Needs --endpoint-url "
                    + "(or AWS_ENDPOINT_URL): it is never used in front of AWS.")
    boolean emulatorCloudWatchBridge;

    /**
     * The settings for this command: the flag's region, else {@code fallbackRegion} (the spec's), else
     * the SDK's default chain, resolved now so that a missing region is a usage error naming the flag.
     */
    AwsSettings settings(CliEnvironment environment, String fallbackRegion) {
        AwsSettings settings = AwsSettings.defaults()
                .withRegion(region(fallbackRegion))
                .withEndpoint(endpoint())
                .withRoute53Limits(route53Limits());
        if (emulatorCloudWatchBridge) {
            if (endpointUrl == null && environment.variable("AWS_ENDPOINT_URL") == null) {
                throw new UsageException("--emulator-cloudwatch-bridge needs --endpoint-url (or AWS_ENDPOINT_URL): it"
                        + " translates CloudWatch's protocol for a local emulator and is never used in front of AWS");
            }
            settings = settings.withHttpClient("cloudwatch", new CloudWatchProtocolBridge(UrlConnectionHttpClient.create()));
        }
        return environment.awsSettings().apply(settings);
    }

    private Route53Limits route53Limits() {
        if (route53Budget == null) {
            return Route53Limits.CURRENT;
        }
        try {
            return Route53Limits.parse(route53Budget);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--route53-budget: " + e.getMessage());
        }
    }

    private String region(String fallback) {
        if (region != null) {
            if (!REGION.matcher(region).matches()) {
                throw new UsageException("--region: '" + region + "' is not an AWS region such as eu-west-1");
            }
            return region;
        }
        if (fallback != null) {
            return fallback;
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (RuntimeException e) {
            throw new UsageException("--region is required: no region in the spec, in AWS_REGION or in the AWS "
                    + "profile");
        }
    }

    private URI endpoint() {
        if (endpointUrl == null) {
            return null;
        }
        try {
            URI uri = new URI(endpointUrl);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new URISyntaxException(endpointUrl, "expected http(s)://host[:port]");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--endpoint-url: '" + endpointUrl + "' is not an http(s) URL such as "
                    + "http://127.0.0.1:5000");
        }
    }
}
