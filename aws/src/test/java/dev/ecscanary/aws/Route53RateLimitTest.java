package dev.ecscanary.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.aws.InterposingHttpClient.Sent;
import dev.ecscanary.port.BusyException;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.testkit.MotoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * Route53 allows about five requests per second per account. However many deployments one process
 * drives, its Route53 client keeps to that, counted the way AWS would: in any one second. The
 * limiter's schedule is checked by counting its permits (no clock involved); the requests really
 * sent are checked by what a slow machine cannot break: each is sent once, and together they take
 * at least as long as the rate allows.
 */
class Route53RateLimitTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    static final int DEPLOYMENTS = 100;
    static final int PER_SECOND = 5;

    @Test
    void aHundredDeploymentsPollingAtOnceSendAtMostFiveRequestsInAnySecond() throws Exception {
        DnsSpec dns = zoneWithWeightedRecords();
        InterposingHttpClient counting = new InterposingHttpClient(UrlConnectionHttpClient.create());
        List<Object> answers = new ArrayList<>();
        try (AwsClients clients = new AwsClients(AwsSettings.defaults()
                .withEndpoint(moto.endpoint())
                .withRegion("us-east-1")
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .withHttpClient("route53", counting))) {
            Route53TrafficRouter router = new Route53TrafficRouter(clients.route53());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService deployments = Executors.newFixedThreadPool(DEPLOYMENTS);
            try {
                List<Future<Object>> polls = new ArrayList<>();
                for (int d = 0; d < DEPLOYMENTS; d++) {
                    boolean waitsForAChange = d % 2 == 0;
                    polls.add(deployments.submit(() -> {
                        start.await();
                        // As the engine does: a deployment refused as busy waits and asks again.
                        while (true) {
                            try {
                                return waitsForAChange ? router.isInSync("C2682N5HXP0BZ4") : router.currentWeights(dns);
                            } catch (BusyException busy) {
                                Thread.sleep(1_000);
                            }
                        }
                    }));
                }
                start.countDown();
                for (Future<Object> poll : polls) {
                    answers.add(poll.get(60, TimeUnit.SECONDS));
                }
            } finally {
                deployments.shutdownNow();
            }
        } finally {
            counting.close();
        }

        assertThat(answers).hasSize(DEPLOYMENTS).containsOnly(true, new Weights(100, 0));
        List<Sent> sent = counting.sent();
        assertThat(sent).as("busy refusals send nothing").hasSize(DEPLOYMENTS);
        // At 4 per second, 100 requests need 24.75 s; one permit may come early after the quiet start.
        long spanMillis = TimeUnit.NANOSECONDS.toMillis(sent.stream().mapToLong(Sent::nanos).max().orElseThrow()
                - sent.stream().mapToLong(Sent::nanos).min().orElseThrow());
        assertThat(spanMillis).as("the sends spread over, at %s", offsets(sent))
                .isGreaterThanOrEqualTo((long) ((DEPLOYMENTS - 2) * 1000 / AwsSettings.defaults().route53PerSecond()));
    }

    @Test
    void theLimitersPermitsNeverPutMoreThanFiveRequestsInAnySecond() {
        Route53RateLimit limit = new Route53RateLimit(AwsSettings.defaults().route53PerSecond());
        long[] sendAt = new long[DEPLOYMENTS];
        for (int i = 0; i < DEPLOYMENTS; i++) {
            sendAt[i] = limit.reservePermit().toNanos();
        }

        assertThat(busiestSecond(sendAt)).as("permits in the busiest second").isLessThanOrEqualTo(PER_SECOND);
    }

    @Test
    void whenTheRateIsUsedUpARequestIsRefusedAsBusyNotFailed() {
        DnsSpec dns = zoneWithWeightedRecords();
        try (AwsClients clients = new AwsClients(AwsSettings.defaults()
                .withEndpoint(moto.endpoint())
                .withRegion("us-east-1")
                .withRoute53PerSecond(0.1)
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))))) {
            Route53TrafficRouter router = new Route53TrafficRouter(clients.route53());
            router.currentWeights(dns);

            assertThatThrownBy(() -> router.currentWeights(dns)).isInstanceOf(BusyException.class)
                    .hasMessageContaining("Route53 request rate is used up");
        }
    }

    /** The most requests in any window [t, t + 1 s) that starts at a request. */
    static int busiestSecond(long[] times) {
        long[] nanos = times.clone();
        java.util.Arrays.sort(nanos);
        long second = Duration.ofSeconds(1).toNanos();
        int busiest = 0;
        for (int first = 0, last = 0; first < nanos.length; first++) {
            while (last < nanos.length && nanos[last] - nanos[first] < second) {
                last++;
            }
            busiest = Math.max(busiest, last - first);
        }
        return busiest;
    }

    /** Milliseconds from the first request, for the failure message. */
    static List<Long> offsets(List<Sent> sent) {
        long first = sent.stream().mapToLong(Sent::nanos).min().orElse(0);
        return sent.stream().map(s -> TimeUnit.NANOSECONDS.toMillis(s.nanos() - first)).sorted().toList();
    }

    static DnsSpec zoneWithWeightedRecords() {
        try (Route53Client direct = moto.client(Route53Client.builder())) {
            String zone = direct.createHostedZone(b -> b.name("example.test")
                    .callerReference(UUID.randomUUID().toString())).hostedZone().id();
            direct.changeResourceRecordSets(b -> b.hostedZoneId(zone).changeBatch(batch -> batch.changes(
                    Route53FaultsTest.create(Route53TrafficRouterTest.alias("shop.example.test", "blue", 100,
                            Route53TrafficRouterTest.BLUE_ELB, false)),
                    Route53FaultsTest.create(Route53TrafficRouterTest.alias("shop.example.test", "green", 0,
                            Route53TrafficRouterTest.GREEN_ELB, false)))));
            return new DnsSpec(zone, "shop.example.test", "blue", "green", null, null);
        }
    }
}
