package dev.ecscanary.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.port.BusyException;
import dev.ecscanary.port.WeightsDriftedException;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Weights;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;
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

    final ScriptedRoute53 http = new ScriptedRoute53();
    final Route53Client route53 = Route53Client.builder()
            .region(Region.AWS_GLOBAL)
            .endpointOverride(URI.create("http://route53.canned.test"))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
            .httpClient(http)
            .build();
    final Route53TrafficRouter router = new Route53TrafficRouter(route53);

    @AfterEach
    void closeClient() {
        route53.close();
    }

    @Test
    void aSwapDeletesEachRecordExactlyAsReadAndCreatesItWithItsNewWeightInOneBatch() {
        http.records(100, 0, false).changed();

        String change = router.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10));

        assertThat(change).isEqualTo(ScriptedRoute53.CHANGE);
        assertThat(http.batches()).hasSize(1);
        assertThat(actions(http.batches().get(0))).containsExactly("DELETE blue 100", "CREATE blue 90",
                "DELETE green 0", "CREATE green 10");
        assertThat(http.batches().get(0)).contains("<DNSName>blue-1.us-east-1.elb.amazonaws.com.</DNSName>")
                .contains("<EvaluateTargetHealth>false</EvaluateTargetHealth>").doesNotContain("<TTL>");
    }

    @Test
    void weightsChangedBetweenTheReadAndTheWriteAreRefusedByRoute53AndFoundAsDrift() {
        http.records(100, 0, false).refused("InvalidChangeBatch", MISMATCH).records(50, 50, false);

        assertThatThrownBy(() -> router.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10)))
                .isInstanceOfSatisfying(WeightsDriftedException.class, drifted -> {
                    assertThat(drifted.expected()).isEqualTo(Weights.ALL_BLUE);
                    assertThat(drifted.found()).isEqualTo(new Weights(50, 50));
                });
        assertThat(http.batches()).as("nothing written over them").hasSize(1);
        assertThat(http.unanswered()).isZero();
    }

    @Test
    void recordsWhoseOtherValuesChangedAreSwappedAgainAsTheyAreNow() {
        http.records(100, 0, false).refused("InvalidChangeBatch", MISMATCH)
                .records(100, 0, true).changed();

        router.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10));

        assertThat(http.batches()).hasSize(2);
        assertThat(http.batches().get(1)).contains("<EvaluateTargetHealth>true</EvaluateTargetHealth>")
                .doesNotContain("<EvaluateTargetHealth>false</EvaluateTargetHealth>");
        assertThat(actions(http.batches().get(1))).containsExactly("DELETE blue 100", "CREATE blue 90",
                "DELETE green 0", "CREATE green 10");
    }

    @Test
    void recordsThatKeepChangingUnderTheWriteMakeTheRouterBusyNotWrong() {
        http.records(100, 0, false).refused("InvalidChangeBatch", MISMATCH)
                .records(100, 0, true).refused("InvalidChangeBatch", MISMATCH)
                .records(100, 0, false).refused("InvalidChangeBatch", MISMATCH)
                .records(100, 0, true);

        assertThatThrownBy(() -> router.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10)))
                .isInstanceOf(BusyException.class)
                .hasMessageContaining("changed between reading and writing them 3 times in a row");
        assertThat(http.unanswered()).isZero();
    }

    @Test
    void aServerThatRefusesToSwapRecordsItListsUnchangedGetsTheCheckedWeightsAsUpserts() {
        http.records(100, 0, false)
                .refused("InvalidInput", "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and "
                        + "ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=DELETE]")
                .records(100, 0, false).changed();

        router.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10));

        assertThat(http.batches()).hasSize(2);
        assertThat(actions(http.batches().get(1))).containsExactly("UPSERT blue 90", "UPSERT green 10");
    }

    // ---------------------------------------------------------------------------------------------
    // Swapping against the records as last known (AWS's own endpoints)
    // ---------------------------------------------------------------------------------------------

    @Test
    void againstTheRecordsAsLastWrittenASwapNeedsNoReadBeforeIt() {
        Route53TrafficRouter lastKnown = new Route53TrafficRouter(route53, Route53TrafficRouter.SwapBasis.LAST_KNOWN);
        http.records(100, 0, false).changed().changed();

        lastKnown.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10));
        lastKnown.setWeights(DNS, new Weights(90, 10), new Weights(75, 25));

        assertThat(http.unanswered()).as("one read, two swaps").isZero();
        assertThat(actions(http.batches().get(1))).containsExactly("DELETE blue 90", "CREATE blue 75",
                "DELETE green 10", "CREATE green 25");
        assertThat(http.batches().get(1)).contains("<DNSName>green-1.us-east-1.elb.amazonaws.com.</DNSName>");
    }

    @Test
    void againstTheRecordsAsLastWrittenAChangeSinceIsRefusedByRoute53AndFoundAsDrift() {
        Route53TrafficRouter lastKnown = new Route53TrafficRouter(route53, Route53TrafficRouter.SwapBasis.LAST_KNOWN);
        http.records(100, 0, false).changed().refused("InvalidChangeBatch", MISMATCH).records(60, 40, false);
        lastKnown.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10));

        assertThatThrownBy(() -> lastKnown.setWeights(DNS, new Weights(90, 10), new Weights(75, 25)))
                .isInstanceOfSatisfying(WeightsDriftedException.class,
                        drifted -> assertThat(drifted.found()).isEqualTo(new Weights(60, 40)));
        assertThat(http.unanswered()).isZero();
    }

    @Test
    void weightsOtherThanTheLastKnownAreReadBeforeTheSwap() {
        Route53TrafficRouter lastKnown = new Route53TrafficRouter(route53, Route53TrafficRouter.SwapBasis.LAST_KNOWN);
        http.records(100, 0, false).changed().records(90, 10, false).changed();
        lastKnown.setWeights(DNS, Weights.ALL_BLUE, new Weights(90, 10));

        // Another driver's router wrote 90 / 10 after this one knew 100 / 0 (a resumed deployment).
        Route53TrafficRouter resumed = new Route53TrafficRouter(route53, Route53TrafficRouter.SwapBasis.LAST_KNOWN);
        resumed.setWeights(DNS, new Weights(90, 10), new Weights(50, 50));

        assertThat(http.unanswered()).isZero();
        assertThat(actions(http.batches().get(1))).startsWith("DELETE blue 90");
    }

    private static final Pattern CHANGE = Pattern.compile(
            "<Action>(\\w+)</Action><ResourceRecordSet><Name>[^<]*</Name><Type>\\w+</Type>"
                    + "<SetIdentifier>(\\w+)</SetIdentifier><Weight>(\\d+)</Weight>");

    /** Each change of a batch as {@code ACTION setIdentifier weight}, in order. */
    static List<String> actions(String batch) {
        List<String> actions = new ArrayList<>();
        Matcher m = CHANGE.matcher(batch);
        while (m.find()) {
            actions.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
        }
        return actions;
    }

    /** Route53's REST-XML answers, in the order a script gives them; each request takes the next. */
    static final class ScriptedRoute53 implements SdkHttpClient {
        static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
        static final String CHANGE = "C0SWAPPED";

        private record Answer(SdkHttpMethod method, int status, String body) {
        }

        private final Deque<Answer> script = new ArrayDeque<>();
        private final List<String> batches = new ArrayList<>();

        ScriptedRoute53 records(int blue, int green, boolean evaluateTargetHealth) {
            script.add(new Answer(SdkHttpMethod.GET, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<ListResourceRecordSetsResponse xmlns=\"" + NS + "\"><ResourceRecordSets>"
                    + alias("blue", blue, evaluateTargetHealth) + alias("green", green, evaluateTargetHealth)
                    + "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>300</MaxItems>"
                    + "</ListResourceRecordSetsResponse>"));
            return this;
        }

        ScriptedRoute53 changed() {
            script.add(new Answer(SdkHttpMethod.POST, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<ChangeResourceRecordSetsResponse xmlns=\"" + NS + "\"><ChangeInfo><Id>/change/" + CHANGE
                    + "</Id><Status>PENDING</Status><SubmittedAt>2026-12-01T09:00:00.000Z</SubmittedAt>"
                    + "</ChangeInfo></ChangeResourceRecordSetsResponse>"));
            return this;
        }

        ScriptedRoute53 refused(String code, String message) {
            script.add(new Answer(SdkHttpMethod.POST, 400, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code>"
                    + "<Message>" + message + "</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"));
            return this;
        }

        List<String> batches() {
            return List.copyOf(batches);
        }

        int unanswered() {
            return script.size();
        }

        private static String alias(String side, int weight, boolean evaluateTargetHealth) {
            return "<ResourceRecordSet><Name>shop.example.test.</Name><Type>A</Type><SetIdentifier>" + side
                    + "</SetIdentifier><Weight>" + weight + "</Weight><AliasTarget><HostedZoneId>Z35SXDOTRQ7X7K"
                    + "</HostedZoneId><DNSName>" + side + "-1.us-east-1.elb.amazonaws.com.</DNSName>"
                    + "<EvaluateTargetHealth>" + evaluateTargetHealth + "</EvaluateTargetHealth></AliasTarget>"
                    + "</ResourceRecordSet>";
        }

        @Override
        public synchronized ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            SdkHttpMethod method = request.httpRequest().method();
            Answer next = script.poll();
            if (next == null || next.method() != method) {
                throw new AssertionError("the router made an unscripted call: " + method + " "
                        + request.httpRequest().encodedPath() + " (script expected " + next + ")");
            }
            if (method == SdkHttpMethod.POST) {
                batches.add(request.contentStreamProvider().map(ScriptedRoute53::read).orElse(""));
            }
            byte[] bytes = next.body().getBytes(StandardCharsets.UTF_8);
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpFullResponse.builder().statusCode(next.status())
                                    .putHeader("Content-Type", "text/xml")
                                    .putHeader("Content-Length", Integer.toString(bytes.length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        private static String read(ContentStreamProvider provider) {
            try (InputStream in = provider.newStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
        }
    }
}
