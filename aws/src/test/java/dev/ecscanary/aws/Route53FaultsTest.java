package dev.ecscanary.aws;

import static dev.ecscanary.aws.InterposingHttpClient.Fault.lostAnswer;
import static dev.ecscanary.aws.InterposingHttpClient.Fault.route53Throttling;
import static dev.ecscanary.aws.InterposingHttpClient.Fault.serviceUnavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.aws.InterposingHttpClient.Sent;
import dev.ecscanary.port.WeightsDriftedException;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.testkit.MotoExtension;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;

/**
 * Route53 throttles (400 Throttling) and has bad moments (503). The SDK's retries, configured once
 * in {@link AwsClients}, carry a shift through them; when they run out, the call fails and the split
 * is still the old one, because both weights change in one batch or not at all.
 */
class Route53FaultsTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    static final Predicate<SdkHttpRequest> CHANGE_BATCH =
            request -> request.method() == SdkHttpMethod.POST && request.encodedPath().contains("/rrset");

    final InterposingHttpClient faulty = new InterposingHttpClient(UrlConnectionHttpClient.create());
    AwsClients clients;
    Route53Client direct;
    Route53TrafficRouter router;
    DnsSpec dns;

    @BeforeEach
    void createZoneAndRecords() {
        direct = moto.client(Route53Client.builder());
        String zone = direct.createHostedZone(b -> b.name("example.test").callerReference(UUID.randomUUID().toString()))
                .hostedZone().id();
        direct.changeResourceRecordSets(b -> b.hostedZoneId(zone).changeBatch(batch -> batch.changes(
                create(Route53TrafficRouterTest.alias("shop.example.test", "blue", 100,
                        Route53TrafficRouterTest.BLUE_ELB, false)),
                create(Route53TrafficRouterTest.alias("shop.example.test", "green", 0,
                        Route53TrafficRouterTest.GREEN_ELB, false)))));
        dns = new DnsSpec(zone, "shop.example.test", "blue", "green", null, null);
        clients = new AwsClients(AwsSettings.defaults()
                .withEndpoint(moto.endpoint())
                .withRegion("us-east-1")
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .withHttpClient("route53", faulty));
        router = new Route53TrafficRouter(clients.route53());
    }

    @AfterEach
    void closeClients() {
        clients.close();
        faulty.close();
        direct.close();
    }

    @Test
    void throttlingAndUnavailabilityWithinTheRetryBudgetEndInTheIntendedSplit() {
        faulty.fail(CHANGE_BATCH, route53Throttling(), serviceUnavailable(), route53Throttling());

        router.setWeights(dns, Weights.ALL_BLUE, new Weights(75, 25));

        assertThat(weightsInMoto()).isEqualTo(new Weights(75, 25));
        assertThat(changeBatchesSent()).extracting(Sent::faulted).containsExactly(true, true, true, false);
    }

    @Test
    void readsAreRetriedThroughThrottlingToo() {
        faulty.fail(route53Throttling(), serviceUnavailable());

        assertThat(router.currentWeights(dns)).isEqualTo(new Weights(100, 0));
        assertThat(faulty.faultsLeft()).isZero();
    }

    @Test
    void moreFaultsThanAttemptsFailTheCallAndLeaveTheSplitAsItWas() {
        int attempts = AwsSettings.DEFAULT_MAX_ATTEMPTS;
        faulty.fail(CHANGE_BATCH, route53Throttling(), serviceUnavailable(), serviceUnavailable(), serviceUnavailable(),
                serviceUnavailable(), serviceUnavailable());

        assertThatThrownBy(() -> router.setWeights(dns, Weights.ALL_BLUE, new Weights(50, 50)))
                .isInstanceOf(SdkException.class)
                .hasMessageContaining("503");
        assertThat(changeBatchesSent()).hasSize(attempts).allMatch(Sent::faulted);
        assertThat(weightsInMoto()).isEqualTo(new Weights(100, 0));
    }

    /**
     * The SDK repeats a swap whose answer was lost; the records no longer hold what it deletes, so it
     * is refused, and the router finds them holding the weights it asked for (the engine takes that
     * for its own write: see CanaryEngine's shift).
     */
    @Test
    void aSwapWhoseAnswerWasLostIsAppliedOnceAndFoundApplied() {
        faulty.fail(CHANGE_BATCH, lostAnswer());

        assertThatThrownBy(() -> router.setWeights(dns, Weights.ALL_BLUE, new Weights(90, 10)))
                .isInstanceOfSatisfying(WeightsDriftedException.class,
                        drifted -> assertThat(drifted.found()).isEqualTo(new Weights(90, 10)));

        assertThat(changeBatchesSent()).extracting(Sent::faulted).containsExactly(true, false);
        assertThat(weightsInMoto()).isEqualTo(new Weights(90, 10));
    }

    /** Read past the faulty client, straight from moto. */
    Weights weightsInMoto() {
        return new Route53TrafficRouter(direct).currentWeights(dns);
    }

    List<Sent> changeBatchesSent() {
        return faulty.sent(sent -> sent.method() == SdkHttpMethod.POST && sent.path().contains("/rrset"));
    }

    static Change create(software.amazon.awssdk.services.route53.model.ResourceRecordSet set) {
        return Change.builder().action(ChangeAction.CREATE).resourceRecordSet(set).build();
    }
}
