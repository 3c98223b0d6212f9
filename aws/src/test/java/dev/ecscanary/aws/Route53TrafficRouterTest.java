package dev.ecscanary.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ecscanary.port.WeightsDriftedException;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.testkit.MotoExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

class Route53TrafficRouterTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    /** The hosted zone of us-east-1 load balancers, which alias targets name. */
    static final String ELB_ZONE = "Z35SXDOTRQ7X7K";
    static final String BLUE_ELB = "blue-123456.us-east-1.elb.amazonaws.com.";
    static final String GREEN_ELB = "green-654321.us-east-1.elb.amazonaws.com.";

    final RequestLog requests = new RequestLog();
    Route53Client route53;
    Route53TrafficRouter router;
    String zoneId;

    @BeforeEach
    void createTheZone() {
        route53 = moto.configure(Route53Client.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(requests)).build();
        router = new Route53TrafficRouter(route53);
        zoneId = route53.createHostedZone(b -> b.name("example.test").callerReference(UUID.randomUUID().toString()))
                .hostedZone().id();
    }

    @AfterEach
    void closeClient() {
        route53.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Reading
    // ---------------------------------------------------------------------------------------------

    @Test
    void readsTheWeightsOfBothAliasRecords() {
        createAliasPair(100, 0);

        assertThat(router.currentWeights(dns("shop.example.test"))).isEqualTo(new Weights(100, 0));
    }

    @Test
    void acceptsTheHostedZoneIdWithItsApiPrefix() {
        createAliasPair(70, 30);

        assertThat(router.currentWeights(dns("/hostedzone/" + zoneId, "shop.example.test")))
                .isEqualTo(new Weights(70, 30));
    }

    @Test
    void findsTheRecordsWhateverTheCaseAndFinalDotOfTheirName() {
        createAliasPair(100, 0);

        assertThat(router.currentWeights(dns("Shop.EXAMPLE.test."))).isEqualTo(new Weights(100, 0));
    }

    @Test
    void ignoresRecordsOfOtherNamesAroundThem() {
        create(plain("api.example.test", "blue", 5, 30, "192.0.2.1"),
                plain("api.example.test", "green", 5, 30, "192.0.2.2"),
                plain("www.shop.example.test", "blue", 1, 30, "192.0.2.3"));
        createAliasPair(100, 0);

        assertThat(router.currentWeights(dns("shop.example.test"))).isEqualTo(new Weights(100, 0));
    }

    @Test
    void findsAPairListedAcrossPages() {
        create(simple("shop.example.test", RRType.A, "192.0.2.9"),
                plainOfType("shop.example.test", RRType.AAAA, "blue", 80, "2001:db8::1"),
                plainOfType("shop.example.test", RRType.AAAA, "green", 20, "2001:db8::2"));
        Route53TrafficRouter paged = new Route53TrafficRouter(route53, 2);

        assertThat(paged.currentWeights(dns("shop.example.test"))).isEqualTo(new Weights(80, 20));
        assertThat(requests.of(ListResourceRecordSetsRequest.class)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aMissingRecordIsNamedWithWhatExistsInstead() {
        create(alias("shop.example.test", "blue", 100, BLUE_ELB, false),
                alias("shop.example.test", "gren", 0, GREEN_ELB, false));

        assertThatThrownBy(() -> router.currentWeights(dns("shop.example.test")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the green record of shop.example.test (SetIdentifier 'green') is missing from "
                        + "hosted zone " + zoneId)
                .hasMessageContaining("A 'blue' weight 100 alias to " + BLUE_ELB)
                .hasMessageContaining("A 'gren' weight 0 alias to " + GREEN_ELB);
    }

    @Test
    void aNameWithoutRecordsSaysSo() {
        assertThatThrownBy(() -> router.currentWeights(dns("nothing.example.test")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the blue record of nothing.example.test (SetIdentifier 'blue') is missing")
                .hasMessageContaining("it has no records at all");
    }

    @Test
    void bothWeightsZeroIsNoCanarySplit() {
        createAliasPair(0, 0);

        assertThatThrownBy(() -> router.currentWeights(dns("shop.example.test")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be a canary split")
                .hasMessageContaining("Route53 would split traffic equally");
    }

    @Test
    void aHostedZoneIdThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> router.currentWeights(dns("hostedzone Z1", "shop.example.test")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dns.hostedZoneId must look like")
                .hasMessageContaining("'hostedzone Z1'");
    }

    // ---------------------------------------------------------------------------------------------
    // Writing
    // ---------------------------------------------------------------------------------------------

    @Test
    void shiftsBothRecordsInOneCompareAndSwapBatch() {
        createAliasPair(100, 0);
        requests.clear();

        router.setWeights(dns("shop.example.test"), Weights.ALL_BLUE, new Weights(90, 10));

        List<ChangeResourceRecordSetsRequest> changes = requests.of(ChangeResourceRecordSetsRequest.class);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).changeBatch().changes())
                .extracting(Change::action, c -> c.resourceRecordSet().setIdentifier())
                .containsExactly(tuple(ChangeAction.DELETE, "blue"), tuple(ChangeAction.CREATE, "blue"),
                        tuple(ChangeAction.DELETE, "green"), tuple(ChangeAction.CREATE, "green"));
        assertThat(changes.get(0).changeBatch().changes()).extracting(c -> c.resourceRecordSet().weight())
                .as("each record deleted as it was, created with its new weight").containsExactly(100L, 90L, 0L, 10L);
        assertThat(router.currentWeights(dns("shop.example.test"))).isEqualTo(new Weights(90, 10));
    }

    @Test
    void shiftingKeepsTheAliasTargetsAsTheyWere() {
        createAliasPair(100, 0);

        router.setWeights(dns("shop.example.test"), Weights.ALL_BLUE, new Weights(50, 50));

        Map<String, ResourceRecordSet> stored = stored("shop.example.test");
        assertThat(stored.get("blue").aliasTarget()).isEqualTo(aliasTarget(BLUE_ELB, false));
        assertThat(stored.get("green").aliasTarget()).isEqualTo(aliasTarget(GREEN_ELB, false));
        assertThat(stored.get("blue").weight()).isEqualTo(50L);
        assertThat(stored.get("green").weight()).isEqualTo(50L);
        assertThat(stored.get("green").typeAsString()).isEqualTo("A");
    }

    @Test
    void shiftingKeepsTheValuesAndTtlOfPlainRecords() {
        createPlainPair(30, 30);

        router.setWeights(dns("api.example.test"), Weights.ALL_BLUE, new Weights(25, 75));

        Map<String, ResourceRecordSet> stored = stored("api.example.test");
        assertThat(stored.get("blue").resourceRecords()).extracting(ResourceRecord::value)
                .containsExactly("192.0.2.10");
        assertThat(stored.get("green").resourceRecords()).extracting(ResourceRecord::value)
                .containsExactly("192.0.2.20");
        assertThat(stored.values()).extracting(ResourceRecordSet::ttl).containsOnly(30L);
        assertThat(stored.values()).extracting(ResourceRecordSet::weight).containsExactlyInAnyOrder(25L, 75L);
    }

    @Test
    void recordsOfDifferentTypesAreNeitherReadNorWritten() {
        create(plainOfType("mixed.example.test", RRType.A, "blue", 100, "192.0.2.10"),
                plainOfType("mixed.example.test", RRType.AAAA, "green", 0, "2001:db8::20"));

        assertThatThrownBy(() -> router.setWeights(dns("mixed.example.test"), Weights.ALL_BLUE, new Weights(90, 10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must have the same type")
                .hasMessageContaining("blue 'blue' is A and green 'green' is AAAA");
        assertThat(stored("mixed.example.test").values()).extracting(ResourceRecordSet::weight)
                .containsExactlyInAnyOrder(100L, 0L);
        assertThat(requests.of(ChangeResourceRecordSetsRequest.class)).hasSize(1);
    }

    @Test
    void recordsThatDoNotHoldTheExpectedWeightsHaveDriftedAndAreNotWritten() {
        createAliasPair(70, 30);
        requests.clear();

        assertThatThrownBy(() -> router.setWeights(dns("shop.example.test"), new Weights(90, 10), new Weights(75, 25)))
                .isInstanceOfSatisfying(WeightsDriftedException.class, drifted -> {
                    assertThat(drifted.expected()).isEqualTo(new Weights(90, 10));
                    assertThat(drifted.found()).isEqualTo(new Weights(70, 30));
                })
                .hasMessage("the records of shop.example.test hold blue 70 / green 30 (30% green), not blue 90 / "
                        + "green 10 (10% green) as last written");
        assertThat(requests.of(ChangeResourceRecordSetsRequest.class)).isEmpty();
        assertThat(router.currentWeights(dns("shop.example.test"))).isEqualTo(new Weights(70, 30));
    }

    @Test
    void aWholeCanaryOfSwapsAndAFailBackEndsAsWrittenOnMoto() {
        createAliasPair(100, 0);
        DnsSpec dns = dns("shop.example.test");
        List<Weights> steps = List.of(new Weights(90, 10), new Weights(50, 50), Weights.ALL_GREEN,
                new Weights(10, 90), Weights.ALL_GREEN, Weights.ALL_BLUE, new Weights(90, 10), Weights.ALL_BLUE);
        Weights last = Weights.ALL_BLUE;
        for (Weights next : steps) {
            router.setWeights(dns, last, next);
            assertThat(router.currentWeights(dns)).isEqualTo(next);
            last = next;
        }
        assertThat(stored("shop.example.test")).hasSize(2);
    }

    @Test
    void aWrittenChangeIsInSyncOnMoto() {
        createAliasPair(100, 0);

        String change = router.setWeights(dns("shop.example.test"), Weights.ALL_BLUE, new Weights(90, 10));

        assertThat(change).doesNotStartWith("/");
        assertThat(router.isInSync(change)).isTrue();
        assertThat(router.isInSync("/change/" + change)).isTrue();
    }

    @Test
    void aChangeIdThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> router.isInSync("/change/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("changeId must look like");
    }

    // ---------------------------------------------------------------------------------------------
    // TTL and health
    // ---------------------------------------------------------------------------------------------

    @Test
    void aliasRecordsAreCachedForSixtySeconds() {
        createAliasPair(100, 0);

        assertThat(router.ttl(dns("shop.example.test"))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void plainRecordsAreCachedForTheirOwnTtl() {
        createPlainPair(30, 30);

        assertThat(router.ttl(dns("api.example.test"))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void recordsWithDifferentTtlsAreCachedForTheLongerOne() {
        createPlainPair(30, 300);

        assertThat(router.ttl(dns("api.example.test"))).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void theTtlOfRecordsJustWrittenIsKnownWithoutReadingThemAgain() {
        createPlainPair(30, 300);
        router.setWeights(dns("api.example.test"), Weights.ALL_BLUE, new Weights(90, 10));
        requests.clear();

        assertThat(router.ttl(dns("api.example.test"))).isEqualTo(Duration.ofSeconds(300));
        assertThat(requests.of(ListResourceRecordSetsRequest.class)).isEmpty();
    }

    @Test
    void theTtlIsReadAgainOnceWhatWasWrittenIsOld() {
        createPlainPair(30, 300);
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-12-01T09:00:00Z"));
        Route53TrafficRouter onAClock = new Route53TrafficRouter(route53, now::get, Route53TrafficRouter.SwapBasis.FRESH_READ);
        onAClock.setWeights(dns("api.example.test"), Weights.ALL_BLUE, new Weights(90, 10));
        now.set(now.get().plus(Route53TrafficRouter.WRITTEN_TTL_KEPT));
        requests.clear();

        assertThat(onAClock.ttl(dns("api.example.test"))).isEqualTo(Duration.ofSeconds(300));
        assertThat(requests.of(ListResourceRecordSetsRequest.class)).hasSize(1);
    }

    @Test
    void aliasRecordsThatIgnoreTargetHealthDoNotEvaluateHealth() {
        createAliasPair(100, 0);

        assertThat(router.evaluatesHealth(dns("shop.example.test"))).isFalse();
    }

    @Test
    void anAliasThatEvaluatesTargetHealthIsReported() {
        create(alias("shop.example.test", "blue", 100, BLUE_ELB, true),
                alias("shop.example.test", "green", 0, GREEN_ELB, false));

        assertThat(router.evaluatesHealth(dns("shop.example.test"))).isTrue();
    }

    @Test
    void aRecordWithAHealthCheckIsReported() {
        String healthCheck = route53.createHealthCheck(b -> b.callerReference(UUID.randomUUID().toString())
                .healthCheckConfig(c -> c.type("HTTP").fullyQualifiedDomainName("green.example.test").port(80)
                        .resourcePath("/health"))).healthCheck().id();
        create(plain("api.example.test", "blue", 100, 30, "192.0.2.10"),
                plain("api.example.test", "green", 0, 30, "192.0.2.20").toBuilder().healthCheckId(healthCheck).build());

        assertThat(router.evaluatesHealth(dns("api.example.test"))).isTrue();
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    DnsSpec dns(String recordName) {
        return dns(zoneId, recordName);
    }

    static DnsSpec dns(String zone, String recordName) {
        return new DnsSpec(zone, recordName, "blue", "green", null, null);
    }

    /** shop.example.test: weighted alias records to two load balancers, not evaluating target health. */
    void createAliasPair(long blue, long green) {
        create(alias("shop.example.test", "blue", blue, BLUE_ELB, false),
                alias("shop.example.test", "green", green, GREEN_ELB, false));
    }

    /** api.example.test: weighted A records with addresses and TTLs of their own. */
    void createPlainPair(long blueTtl, long greenTtl) {
        create(plain("api.example.test", "blue", 100, blueTtl, "192.0.2.10"),
                plain("api.example.test", "green", 0, greenTtl, "192.0.2.20"));
    }

    void create(ResourceRecordSet... sets) {
        route53.changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(batch -> batch.changes(
                java.util.Arrays.stream(sets).map(set -> Change.builder().action(ChangeAction.CREATE)
                        .resourceRecordSet(set).build()).toList())));
    }

    /** The record sets of a name as Route53 holds them, by SetIdentifier. */
    Map<String, ResourceRecordSet> stored(String name) {
        return route53.listResourceRecordSets(b -> b.hostedZoneId(zoneId).startRecordName(name)).resourceRecordSets()
                .stream().filter(set -> Route53TrafficRouter.canonicalName(set.name()).equals(name))
                .filter(set -> set.setIdentifier() != null)
                .collect(Collectors.toMap(ResourceRecordSet::setIdentifier, Function.identity()));
    }

    static ResourceRecordSet alias(String name, String setIdentifier, long weight, String target,
                                   boolean evaluateTargetHealth) {
        return ResourceRecordSet.builder().name(name).type(RRType.A).setIdentifier(setIdentifier).weight(weight)
                .aliasTarget(aliasTarget(target, evaluateTargetHealth)).build();
    }

    static AliasTarget aliasTarget(String target, boolean evaluateTargetHealth) {
        return AliasTarget.builder().hostedZoneId(ELB_ZONE).dnsName(target).evaluateTargetHealth(evaluateTargetHealth)
                .build();
    }

    static ResourceRecordSet plain(String name, String setIdentifier, long weight, long ttl, String address) {
        return plainOfType(name, RRType.A, setIdentifier, weight, address).toBuilder().ttl(ttl).build();
    }

    static ResourceRecordSet plainOfType(String name, RRType type, String setIdentifier, long weight, String address) {
        return ResourceRecordSet.builder().name(name).type(type).setIdentifier(setIdentifier).weight(weight).ttl(60L)
                .resourceRecords(ResourceRecord.builder().value(address).build()).build();
    }

    static ResourceRecordSet simple(String name, RRType type, String address) {
        return ResourceRecordSet.builder().name(name).type(type).ttl(60L)
                .resourceRecords(ResourceRecord.builder().value(address).build()).build();
    }

    /** Every request the client made, as the SDK built it. */
    static final class RequestLog implements ExecutionInterceptor {
        private final List<SdkRequest> seen = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            seen.add(context.request());
        }

        <T extends SdkRequest> List<T> of(Class<T> type) {
            return seen.stream().filter(type::isInstance).map(type::cast).toList();
        }

        void clear() {
            seen.clear();
        }
    }
}
