package dev.ecscanary.aws;

import static dev.ecscanary.aws.Route53Answers.records;
import static dev.ecscanary.aws.Route53Answers.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.aws.CannedAwsAnswers.Answer;
import dev.ecscanary.port.BusyException;
import dev.ecscanary.port.WeightsDriftedException;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * Route53 refuses a batch whose DELETE does not match the record as it is; moto 5.2.1 does not (it
 * compares a DELETE with its own journal of changes). So the refusals of the compare-and-swap are
 * specified here against Route53's own answers, canned, as the real SDK client parses them.
 */
class Route53CompareAndSwapTest {

    static final String ZONE = "Z0CANNED0ZONE";
    static final DnsSpec DNS = new DnsSpec(ZONE, "shop.example.test", "blue", "green", null, null);
    static final String MISMATCH = "Tried to delete resource record set [name='shop.example.test.', type='A', "
            + "set-identifier='blue'] but the values provided do not match the current values";
    static final String LIST = "ListResourceRecordSets";
    static final String CHANGE = "ChangeResourceRecordSets";
    static final String CHANGE_ID = "C0SWAPPED";

    final CannedAwsAnswers http = new CannedAwsAnswers();
    final Route53Client route53 = Route53Answers.client(http);
    final Route53TrafficRouter router = new Route53TrafficRouter(route53);

    @AfterEach
    void closeClient() {
        route53.close();
    }

    @Test
    void aSwapDeletesEachRecordExactlyAsReadAndCreatesItWithItsNewWeightInOneBatch() {
        http.on(LIST, records(100, 0, false)).on(CHANGE, changed());

        String change = router.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10));

        assertThat(change).isEqualTo(CHANGE_ID);
        assertThat(http.operations()).containsExactly(LIST, CHANGE);
        assertThat(actions(batches().get(0))).containsExactly("DELETE blue 100", "CREATE blue 90",
                "DELETE green 0", "CREATE green 10");
        assertThat(batches().get(0)).contains("<DNSName>blue-1.us-east-1.elb.amazonaws.com.</DNSName>")
                .contains("<EvaluateTargetHealth>false</EvaluateTargetHealth>").doesNotContain("<TTL>");
    }

    @Test
    void weightsChangedBetweenTheReadAndTheWriteAreRefusedByRoute53AndFoundAsDrift() {
        http.on(LIST, records(100, 0, false), records(50, 50, false)).on(CHANGE, refused("InvalidChangeBatch", MISMATCH));

        assertThatThrownBy(() -> router.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10)))
                .isInstanceOfSatisfying(WeightsDriftedException.class, drifted -> {
                    assertThat(drifted.expected()).isEqualTo(Weights.ALL_BLUE);
                    assertThat(drifted.found()).isEqualTo(new Weights(50, 50));
                });
        assertThat(http.operations()).as("nothing written over them").containsExactly(LIST, CHANGE, LIST);
    }

    @Test
    void recordsWhoseOtherValuesChangedAreSwappedAgainAsTheyAreNow() {
        http.on(LIST, records(100, 0, false), records(100, 0, true))
                .on(CHANGE, refused("InvalidChangeBatch", MISMATCH), changed());

        router.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10));

        assertThat(http.operations()).containsExactly(LIST, CHANGE, LIST, CHANGE);
        assertThat(batches().get(1)).contains("<EvaluateTargetHealth>true</EvaluateTargetHealth>")
                .doesNotContain("<EvaluateTargetHealth>false</EvaluateTargetHealth>");
        assertThat(actions(batches().get(1))).containsExactly("DELETE blue 100", "CREATE blue 90",
                "DELETE green 0", "CREATE green 10");
    }

    @Test
    void recordsThatKeepChangingUnderTheWriteMakeTheRouterBusyNotWrong() {
        http.on(LIST, records(100, 0, false), records(100, 0, true), records(100, 0, false), records(100, 0, true))
                .on(CHANGE, refused("InvalidChangeBatch", MISMATCH));

        assertThatThrownBy(() -> router.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10)))
                .isInstanceOf(BusyException.class)
                .hasMessageContaining("changed between reading and writing them 3 times in a row");
        assertThat(http.operations()).containsExactly(LIST, CHANGE, LIST, CHANGE, LIST, CHANGE, LIST);
    }

    @Test
    void aServerThatRefusesToSwapRecordsItListsUnchangedGetsTheCheckedWeightsAsUpserts() {
        http.on(LIST, records(100, 0, false))
                .on(CHANGE, refused("InvalidInput", "Invalid request: Expected exactly one of [AliasTarget, all of "
                        + "[TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with "
                        + "[Action=DELETE]"), changed());

        router.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10));

        assertThat(http.operations()).containsExactly(LIST, CHANGE, LIST, CHANGE);
        assertThat(actions(batches().get(1))).containsExactly("UPSERT blue 90", "UPSERT green 10");
    }

    // ---------------------------------------------------------------------------------------------
    // Swapping against the records as last known (AWS's own endpoints)
    // ---------------------------------------------------------------------------------------------

    @Test
    void againstTheRecordsAsLastWrittenASwapNeedsNoReadBeforeIt() {
        Route53TrafficRouter lastKnown = new Route53TrafficRouter(route53, Route53TrafficRouter.SwapBasis.LAST_KNOWN);
        http.on(LIST, records(100, 0, false)).on(CHANGE, changed());

        lastKnown.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10));
        lastKnown.setWeights(DNS, new Weights(90, 10), new Weights(75, 25));

        assertThat(http.operations()).as("one read, two swaps").containsExactly(LIST, CHANGE, CHANGE);
        assertThat(actions(batches().get(1))).containsExactly("DELETE blue 90", "CREATE blue 75",
                "DELETE green 10", "CREATE green 25");
        assertThat(batches().get(1)).contains("<DNSName>green-1.us-east-1.elb.amazonaws.com.</DNSName>");
    }

    @Test
    void againstTheRecordsAsLastWrittenAChangeSinceIsRefusedByRoute53AndFoundAsDrift() {
        Route53TrafficRouter lastKnown = new Route53TrafficRouter(route53, Route53TrafficRouter.SwapBasis.LAST_KNOWN);
        http.on(LIST, records(100, 0, false), records(60, 40, false))
                .on(CHANGE, changed(), refused("InvalidChangeBatch", MISMATCH));
        lastKnown.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10));

        assertThatThrownBy(() -> lastKnown.setWeights(DNS, new Weights(90, 10), new Weights(75, 25)))
                .isInstanceOfSatisfying(WeightsDriftedException.class,
                        drifted -> assertThat(drifted.found()).isEqualTo(new Weights(60, 40)));
        assertThat(http.operations()).containsExactly(LIST, CHANGE, CHANGE, LIST);
    }

    @Test
    void weightsOtherThanTheLastKnownAreReadBeforeTheSwap() {
        http.on(LIST, records(100, 0, false), records(90, 10, false)).on(CHANGE, changed());
        new Route53TrafficRouter(route53, Route53TrafficRouter.SwapBasis.LAST_KNOWN)
                .setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10));

        // Another driver's router (a resumed deployment) never knew these records.
        new Route53TrafficRouter(route53, Route53TrafficRouter.SwapBasis.LAST_KNOWN)
                .setWeights(DNS, new Weights(90, 10), new Weights(50, 50));

        assertThat(http.operations()).containsExactly(LIST, CHANGE, LIST, CHANGE);
        assertThat(actions(batches().get(1))).startsWith("DELETE blue 90");
    }

    static Answer changed() {
        return Route53Answers.change("ChangeResourceRecordSetsResponse", CHANGE_ID, "PENDING");
    }

    /** The change batches sent, in order. */
    List<String> batches() {
        return http.bodiesOf(CHANGE);
    }

    private static final Pattern ACTION = Pattern.compile(
            "<Action>(\\w+)</Action><ResourceRecordSet><Name>[^<]*</Name><Type>\\w+</Type>"
                    + "<SetIdentifier>(\\w+)</SetIdentifier><Weight>(\\d+)</Weight>");

    /** Each change of a batch as {@code ACTION setIdentifier weight}, in order. */
    static List<String> actions(String batch) {
        List<String> actions = new ArrayList<>();
        Matcher m = ACTION.matcher(batch);
        while (m.find()) {
            actions.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
        }
        return actions;
    }
}
