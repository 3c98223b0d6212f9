package dev.ecscanary.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The AWS clients of one process, built once each with the same settings: one region, one
 * credentials provider, one endpoint override, the SDK's standard retry strategy (configured here
 * and nowhere else: no second retry layer on top), and the shared Route53 budget. Closing them
 * closes their credentials provider too (each SDK client closes the provider it was built with): the
 * clients own it.
 */
public final class AwsClients implements AutoCloseable {

    private final AwsSettings settings;
    private final Route53Budget route53Budget;
    private final Map<String, AutoCloseable> clients = new ConcurrentHashMap<>();
    private final SdkHttpClient httpClient = UrlConnectionHttpClient.create();

    public AwsClients(AwsSettings settings) {
        this.settings = settings;
        this.route53Budget = new Route53Budget(settings.route53Limits());
    }

    /** The Route53 budget every Route53 call of these clients keeps to. */
    Route53Budget route53Budget() {
        return route53Budget;
    }

    public AwsSettings settings() {
        return settings;
    }

    /** The region calls go to: the settings', else the SDK's default chain, with a clear error. */
    public Region region() {
        return settings.region().orElseGet(() -> {
            try {
                return new DefaultAwsRegionProviderChain().getRegion();
            } catch (RuntimeException e) {
                throw new IllegalStateException("no AWS region: give --region, set 'region' in the spec, or set "
                        + "AWS_REGION", e);
            }
        });
    }

    public Route53Client route53() {
        return client("route53", () -> configure("route53", Route53Client.builder(), true).build());
    }

    public DynamoDbClient dynamoDb() {
        return client("dynamodb", () -> configure("dynamodb", DynamoDbClient.builder(), false).build());
    }

    public CloudFormationClient cloudFormation() {
        return client("cloudformation", () -> configure("cloudformation", CloudFormationClient.builder(), false).build());
    }

    public EcsClient ecs() {
        return client("ecs", () -> configure("ecs", EcsClient.builder(), false).build());
    }

    public ElasticLoadBalancingV2Client elb() {
        return client("elasticloadbalancing", () -> configure("elasticloadbalancing",
                ElasticLoadBalancingV2Client.builder(), false).build());
    }

    public CloudWatchClient cloudWatch() {
        return client("cloudwatch", () -> configure("cloudwatch", CloudWatchClient.builder(), false).build());
    }

    @SuppressWarnings("unchecked")
    private <C extends AutoCloseable> C client(String serviceId, Supplier<C> factory) {
        return (C) clients.computeIfAbsent(serviceId, id -> factory.get());
    }

    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(String serviceId, B builder,
                                                                                            boolean rateLimited) {
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(settings.maxAttempts()).build());
        if (rateLimited) {
            overrides.addExecutionInterceptor(route53Budget);
        }
        settings.apiCallTimeout().ifPresent(overrides::apiCallTimeout);
        builder.region(region())
                .credentialsProvider(settings.credentials())
                .overrideConfiguration(overrides.build())
                .httpClient(settings.httpClientOverrides().getOrDefault(serviceId, httpClient));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public void close() {
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable client : clients.values()) {
            try {
                client.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        clients.clear();
        httpClient.close();
        if (!failures.isEmpty()) {
            IllegalStateException error = new IllegalStateException("closing AWS clients failed");
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }
}
