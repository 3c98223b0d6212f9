package dev.ecscanary.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.aws.InterposingHttpClient.Fault;
import dev.ecscanary.port.BusyException;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.testkit.MotoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;

/**
 * The Route53 budget as AWS states it: token buckets for all requests of the account, for each
 * operation, and for record changes. Its schedule is specified on a clock the test moves (no
 * waiting, nothing a slow machine can break); what really goes out is checked against moto.
 */
class Route53BudgetTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    // ---------------------------------------------------------------------------------------------
    // The schedule
    // ---------------------------------------------------------------------------------------------

    @Test
    void aBurstOfFiftyGoesAtOnceThenTenASecond() {
        Route53Budget budget = new Route53Budget(Route53Limits.CURRENT, nanos::get);

        long[] waits = new long[100];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = budget.reserve(i % 2 == 0 ? "GetChange" : "ListResourceRecordSets", 0).toMillis();
        }

        assertThat(Arrays.stream(waits).limit(50)).containsOnly(0L);
        assertThat(waits[50]).isEqualTo(100);
        assertThat(waits[99]).isEqualTo(5_000);
        assertThat(busiest(waits, 1_000)).as("requests sent in any second").isLessThanOrEqualTo(50 + 10);
        assertThatThrownBy(() -> budget.reserve("GetChange", 0)).isInstanceOf(BusyException.class);
    }

    @Test
    void eachOperationKeepsToItsOwnBucketAsWell() {
        Route53Budget budget = new Route53Budget(Route53Limits.parse("GetChange=2/1"), nanos::get);

        assertThat(budget.reserve("GetChange", 0)).isZero();
        assertThat(budget.reserve("GetChange", 0)).isZero();
        assertThat(budget.reserve("GetChange", 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(budget.reserve("ListResourceRecordSets", 0)).as("another operation").isZero();
    }

    @Test
    void recordChangesSpendTheirOwnBudgetAnUpsertCountingTwice() {
        Route53Budget budget = new Route53Budget(Route53Limits.parse("changes=8/2"), nanos::get);
        int changes = Route53Budget.changeCount(twoUpserts());

        assertThat(changes).isEqualTo(4);
        assertThat(budget.reserve("ChangeResourceRecordSets", changes)).isZero();
        assertThat(budget.reserve("ChangeResourceRecordSets", changes)).isZero();
        assertThat(budget.reserve("ChangeResourceRecordSets", changes)).isEqualTo(Duration.ofSeconds(2));
        assertThat(budget.reserve("GetChange", 0)).as("a read changes nothing").isZero();
        assertThat(budget.usage()).isEqualTo(new Route53Budget.Usage(4, 12, 0));
    }

    @Test
    void theLegacyBudgetNeverPutsMoreThanFiveRequestsInAnySecond() {
        Route53Budget budget = new Route53Budget(Route53Limits.LEGACY, nanos::get);

        long[] waits = new long[26];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = budget.reserve("GetChange", 0).toMillis();
        }

        assertThat(busiest(waits, 1_000)).isEqualTo(5);
        assertThat(waits[25]).isEqualTo(5_000);
        assertThatThrownBy(() -> budget.reserve("GetChange", 0)).isInstanceOf(BusyException.class)
                .hasMessageContaining("Route53 budget is used up").hasMessageContaining("legacy (5 requests/s)");
    }

    @Test
    void aThrottlingAnswerHalvesTheRatesAtOnceAndTheyComeBackStepByStep() {
        Route53Budget budget = new Route53Budget(Route53Limits.CURRENT, nanos::get);

        budget.throttled();

        assertThat(budget.factor()).isEqualTo(0.5);
        assertThat(budget.reserve("GetChange", 0)).as("no burst: one token at 5 a second")
                .isEqualTo(Duration.ofMillis(200));
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(budget.factor()).isEqualTo(0.6);
        nanos.addAndGet(Duration.ofSeconds(40).toNanos());
        assertThat(budget.factor()).isEqualTo(1.0);
        budget.throttled();
        budget.throttled();
        assertThat(budget.factor()).isEqualTo(0.25);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 20; i++) {
                budget.reserve("GetChange", 0);
            }
        }).isInstanceOf(BusyException.class).hasMessageContaining("slowed to 25% after Route53 answered Throttling");
    }

    // ---------------------------------------------------------------------------------------------
    // Configuration
    // ---------------------------------------------------------------------------------------------

    @Test
    void aBudgetIsNamedOrGivenBucketByBucket() {
        assertThat(Route53Limits.parse("current")).isEqualTo(Route53Limits.CURRENT);
        assertThat(Route53Limits.parse(" LEGACY ")).isEqualTo(Route53Limits.LEGACY);
        Route53Limits mine = Route53Limits.parse("account=40/8, changes=10/2.5, GetChange=4/1");

        assertThat(mine.account()).isEqualTo(new Route53Limits.Bucket(40, 8));
        assertThat(mine.changes()).isEqualTo(new Route53Limits.Bucket(10, 2.5));
        assertThat(mine.operation("GetChange")).isEqualTo(new Route53Limits.Bucket(4, 1));
        assertThat(mine.operation("ListResourceRecordSets")).isEqualTo(Route53Limits.CURRENT.perOperation());
        assertThat(mine).hasToString("account=40/8,operation=50/10,GetChange=4/1,changes=10/2.5");
    }

    @Test
    void aBudgetThatIsNotOneIsRefusedSayingWhatIsExpected() {
        assertThatThrownBy(() -> Route53Limits.parse("fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'fast' is not NAME=BURST/REFILL (e.g. account=50/10, changes=20/5, GetChange=50/10); "
                        + "or give 'current' or 'legacy'");
        assertThatThrownBy(() -> Route53Limits.parse("account=0/10")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'account=0/10': a bucket's burst must be at least 1, was 0.0");
        assertThatThrownBy(() -> Route53Limits.parse("acount=5/1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'acount' is neither account, operation, changes nor a Route53 API operation");
    }

    // ---------------------------------------------------------------------------------------------
    // Against moto
    // ---------------------------------------------------------------------------------------------

    @Test
    void aHundredDeploymentsPollingAtOnceAreEachAnsweredWithOneRequest() throws Exception {
        DnsSpec dns = zoneWithWeightedRecords();
        InterposingHttpClient counting = new InterposingHttpClient(UrlConnectionHttpClient.create());
        List<Object> answers = new ArrayList<>();
        try (AwsClients clients = new AwsClients(settings().withHttpClient("route53", counting))) {
            Route53TrafficRouter router = new Route53TrafficRouter(clients.route53());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService deployments = Executors.newFixedThreadPool(100);
            try {
                List<Future<Object>> polls = new ArrayList<>();
                for (int d = 0; d < 100; d++) {
                    boolean waitsForAChange = d % 2 == 0;
                    polls.add(deployments.submit(() -> {
                        start.await();
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
            assertThat(clients.route53Budget().usage().requests()).isEqualTo(100);
        } finally {
            counting.close();
        }

        assertThat(answers).hasSize(100).containsOnly(true, new Weights(100, 0));
        assertThat(counting.sent()).as("busy refusals send nothing").hasSize(100);
    }

    @Test
    void aThrottledAttemptSlowsTheBudgetDownAndTheSdkRetriesIt() {
        DnsSpec dns = zoneWithWeightedRecords();
        InterposingHttpClient throttling = new InterposingHttpClient(UrlConnectionHttpClient.create());
        try (AwsClients clients = new AwsClients(settings().withHttpClient("route53", throttling))) {
            Route53TrafficRouter router = new Route53TrafficRouter(clients.route53());
            throttling.fail(Fault.route53Throttling());

            assertThat(router.currentWeights(dns)).isEqualTo(new Weights(100, 0));
            assertThat(clients.route53Budget().usage()).isEqualTo(new Route53Budget.Usage(2, 0, 1));
            assertThat(clients.route53Budget().factor()).isEqualTo(0.5);
        } finally {
            throttling.close();
        }
    }

    @Test
    void aWeightChangeSpendsFourChangesOfTheBudget() {
        DnsSpec dns = zoneWithWeightedRecords();
        try (AwsClients clients = new AwsClients(settings())) {
            Route53TrafficRouter router = new Route53TrafficRouter(clients.route53());

            router.setWeights(dns, Weights.ALL_BLUE, Weights.forGreenPercent(10));

            assertThat(clients.route53Budget().usage().changes()).as("a DELETE and a CREATE per record").isEqualTo(4);
        }
    }

    @Test
    void whenTheBudgetIsUsedUpARequestIsRefusedAsBusyNotFailed() {
        DnsSpec dns = zoneWithWeightedRecords();
        try (AwsClients clients = new AwsClients(settings().withRoute53Limits(Route53Limits.parse("account=1/0.1")))) {
            Route53TrafficRouter router = new Route53TrafficRouter(clients.route53());
            router.currentWeights(dns);

            assertThatThrownBy(() -> router.currentWeights(dns)).isInstanceOf(BusyException.class)
                    .hasMessageContaining("Route53 budget is used up");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    static AwsSettings settings() {
        return AwsSettings.defaults().withEndpoint(moto.endpoint()).withRegion("us-east-1")
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    }

    static ChangeResourceRecordSetsRequest twoUpserts() {
        return ChangeResourceRecordSetsRequest.builder().hostedZoneId("Z1").changeBatch(b -> b.changes(
                c -> c.action(ChangeAction.UPSERT).resourceRecordSet(r -> r.name("a.example.test")),
                c -> c.action(ChangeAction.UPSERT).resourceRecordSet(r -> r.name("a.example.test")))).build();
    }

    /** The most sends in any window [t, t + width) that starts at a send, from their offsets. */
    static int busiest(long[] offsetsMillis, long widthMillis) {
        long[] sorted = offsetsMillis.clone();
        Arrays.sort(sorted);
        int busiest = 0;
        for (int first = 0, last = 0; first < sorted.length; first++) {
            while (last < sorted.length && sorted[last] - sorted[first] < widthMillis) {
                last++;
            }
            busiest = Math.max(busiest, last - first);
        }
        return busiest;
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
