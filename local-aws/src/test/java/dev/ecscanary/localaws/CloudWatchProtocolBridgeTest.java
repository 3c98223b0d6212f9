package dev.ecscanary.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** The bridge's wire translation, checked against a canned server instead of moto. */
class CloudWatchProtocolBridgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    private final CannedHttpClient server = new CannedHttpClient();
    private final CloudWatchClient cloudWatch = CloudWatchClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:1"))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .httpClient(new CloudWatchProtocolBridge(server))
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();

    @AfterEach
    void close() {
        cloudWatch.close();
    }

    @Test
    void requestIsSentAsJson10ToTheRootPath() throws Exception {
        cloudWatch.putMetricData(r -> r.namespace("AWS/ApplicationELB").metricData(MetricDatum.builder()
                .metricName("RequestCount").timestamp(T0.plusMillis(250)).value(3.0).build()));

        SdkHttpRequest sent = server.lastRequest().httpRequest();
        assertThat(sent.method()).isEqualTo(SdkHttpMethod.POST);
        assertThat(sent.encodedPath()).isEqualTo("/");
        assertThat(sent.firstMatchingHeader("X-Amz-Target")).hasValue("GraniteServiceVersion20100801.PutMetricData");
        assertThat(sent.firstMatchingHeader("Content-Type")).hasValue("application/x-amz-json-1.0");
        assertThat(sent.firstMatchingHeader("smithy-protocol")).isEmpty();
        assertThat(sent.firstMatchingHeader("Content-Length"))
                .hasValue(Integer.toString(server.lastBody().getBytes().length));
        // The CBOR tag-1 timestamp arrives as a plain epoch-seconds number.
        assertThat(server.lastBody()).contains("\"Timestamp\":1748779200.25");
        JsonNode datum = JSON.readTree(server.lastBody()).get("MetricData").get(0);
        assertThat(datum.get("MetricName").asText()).isEqualTo("RequestCount");
        assertThat(datum.get("Value").asDouble()).isEqualTo(3.0);
    }

    @Test
    void nonFiniteNumbersAreSpelledAsJsonStrings() throws Exception {
        cloudWatch.putMetricData(r -> r.namespace("ns")
                .metricData(MetricDatum.builder().metricName("m").value(Double.NaN).build()));

        JsonNode datum = JSON.readTree(server.lastBody()).get("MetricData").get(0);
        assertThat(datum.get("Value").isTextual()).isTrue();
        assertThat(datum.get("Value").asText()).isEqualTo("NaN");
    }

    @Test
    void responseTimestampsAndNumbersReachTheSdkTyped() {
        server.answer(200, """
                {"Label": "RequestCount",
                 "Datapoints": [{"Timestamp": 1748779200.25, "Sum": 5, "Maximum": "Infinity", "Unit": "Count"}]}
                """, "x-amzn-RequestId", "req-1");

        GetMetricStatisticsResponse response = cloudWatch.getMetricStatistics(r -> r.namespace("ns")
                .metricName("RequestCount").startTime(T0).endTime(T0.plusSeconds(60)).period(60)
                .statistics(Statistic.SUM, Statistic.MAXIMUM));

        Datapoint point = response.datapoints().get(0);
        assertThat(point.timestamp()).isEqualTo(T0.plusMillis(250));
        assertThat(point.sum()).isEqualTo(5.0);
        assertThat(point.maximum()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(response.responseMetadata().requestId()).isEqualTo("req-1");
    }

    @Test
    void blobsTravelAsBytes() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
        server.answer(200, "{\"MetricWidgetImage\": \"" + Base64.getEncoder().encodeToString(png) + "\"}");

        byte[] image = cloudWatch.getMetricWidgetImage(r -> r.metricWidget("{}")).metricWidgetImage().asByteArray();

        assertThat(image).containsExactly(png);
    }

    @Test
    void errorCodeOnlyInHeaderStillSelectsTheModeledException() {
        server.answer(400, "{\"message\": \"bad period\"}",
                "x-amzn-ErrorType", "InvalidParameterValueException:http://internal.amazon.com/");

        assertThatThrownBy(() -> cloudWatch.describeAlarms())
                .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("bad period");
                });
    }

    @Test
    void otherRequestsPassThroughUntouched() {
        HttpExecuteRequest plain = HttpExecuteRequest.builder()
                .request(SdkHttpRequest.builder().uri(URI.create("http://127.0.0.1:1/")).method(SdkHttpMethod.POST)
                        .putHeader("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters").build())
                .build();

        new CloudWatchProtocolBridge(server).prepareRequest(plain);

        assertThat(server.lastRequest()).isSameAs(plain);
    }
}
