package dev.ecscanary.testkit;

import dev.ecscanary.localaws.CloudWatchProtocolBridge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/** The real SDK CloudWatch client against moto, through {@link CloudWatchProtocolBridge}. */
class CloudWatchOverMotoTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    private static final String ALB_NAMESPACE = "AWS/ApplicationELB";
    private static final Dimension GREEN_ALB = Dimension.builder().name("LoadBalancer").value("app/x/123").build();
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    private CloudWatchClient cloudWatch;

    @BeforeEach
    void openClient() {
        cloudWatch = moto.cloudWatch();
    }

    @AfterEach
    void closeClient() {
        cloudWatch.close();
    }

    @Test
    void putMetricAlarmThenDescribeAlarmsByName() {
        Instant before = Instant.now();
        putFiveHundredsAlarm("green-5xx");
        putFiveHundredsAlarm("green-5xx-other");

        List<MetricAlarm> alarms = cloudWatch.describeAlarms(r -> r.alarmNames("green-5xx")).metricAlarms();

        assertThat(alarms).singleElement().satisfies(alarm -> {
            assertThat(alarm.alarmName()).isEqualTo("green-5xx");
            assertThat(alarm.alarmArn()).endsWith(":alarm:green-5xx");
            assertThat(alarm.namespace()).isEqualTo(ALB_NAMESPACE);
            assertThat(alarm.metricName()).isEqualTo("HTTPCode_Target_5XX_Count");
            assertThat(alarm.dimensions()).containsExactly(GREEN_ALB);
            assertThat(alarm.statistic()).isEqualTo(Statistic.SUM);
            assertThat(alarm.period()).isEqualTo(60);
            assertThat(alarm.evaluationPeriods()).isEqualTo(2);
            assertThat(alarm.threshold()).isEqualTo(5.0);
            assertThat(alarm.comparisonOperator())
                    .isEqualTo(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
            // Timestamps cross the bridge as CBOR tag 1 and come back as Instants.
            assertThat(alarm.alarmConfigurationUpdatedTimestamp()).isCloseTo(before, within(1, ChronoUnit.MINUTES));
            assertThat(alarm.stateUpdatedTimestamp()).isCloseTo(before, within(1, ChronoUnit.MINUTES));
        });
    }

    @Test
    void describeAlarmsByStateValue() {
        putFiveHundredsAlarm("failing");
        putFiveHundredsAlarm("passing");
        cloudWatch.setAlarmState(r -> r.alarmName("failing").stateValue(StateValue.ALARM).stateReason("test"));
        cloudWatch.setAlarmState(r -> r.alarmName("passing").stateValue(StateValue.OK).stateReason("test"));

        assertThat(cloudWatch.describeAlarms(r -> r.stateValue(StateValue.ALARM)).metricAlarms())
                .extracting(MetricAlarm::alarmName).containsExactly("failing");
        assertThat(cloudWatch.describeAlarms(r -> r.stateValue(StateValue.OK)).metricAlarms())
                .extracting(MetricAlarm::alarmName).containsExactly("passing");
    }

    @Test
    void setAlarmStateToAlarmShowsInDescribeAlarms() {
        putFiveHundredsAlarm("green-5xx");

        cloudWatch.setAlarmState(r -> r.alarmName("green-5xx")
                .stateValue(StateValue.ALARM)
                .stateReason("5XX above threshold")
                .stateReasonData("{\"version\":\"1.0\"}"));

        MetricAlarm alarm = cloudWatch.describeAlarms(r -> r.alarmNames("green-5xx")).metricAlarms().get(0);
        assertThat(alarm.stateValue()).isEqualTo(StateValue.ALARM);
        assertThat(alarm.stateReason()).isEqualTo("5XX above threshold");
        assertThat(alarm.stateReasonData()).isEqualTo("{\"version\":\"1.0\"}");
    }

    @Test
    void getMetricDataReadsBackSumsPerPeriod() {
        cloudWatch.putMetricData(r -> r.namespace(ALB_NAMESPACE).metricData(
                count("RequestCount", T0, 100),
                count("RequestCount", T0.plusSeconds(30), 50),
                count("RequestCount", T0.plusSeconds(60), 70),
                count("HTTPCode_Target_5XX_Count", T0.plusSeconds(5), 3),
                count("HTTPCode_Target_5XX_Count", T0.plusSeconds(65), 1)));

        GetMetricDataResponse response = cloudWatch.getMetricData(r -> r
                .startTime(T0)
                .endTime(T0.plusSeconds(120))
                .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                .metricDataQueries(query("requests", "RequestCount", "Sum"),
                        query("errors", "HTTPCode_Target_5XX_Count", "Sum")));

        Map<String, MetricDataResult> results = byId(response);
        assertThat(results.get("requests").statusCode()).isEqualTo(StatusCode.COMPLETE);
        assertThat(results.get("requests").timestamps()).containsExactly(T0, T0.plusSeconds(60));
        assertThat(results.get("requests").values()).containsExactly(150.0, 70.0);
        assertThat(results.get("errors").timestamps()).containsExactly(T0, T0.plusSeconds(60));
        assertThat(results.get("errors").values()).containsExactly(3.0, 1.0);
    }

    @Test
    void getMetricStatisticsReadsBackLatencyDistribution() {
        cloudWatch.putMetricData(r -> r.namespace(ALB_NAMESPACE).metricData(MetricDatum.builder()
                .metricName("TargetResponseTime")
                .dimensions(GREEN_ALB)
                .timestamp(T0.plusMillis(1500))
                .unit(StandardUnit.SECONDS)
                .values(0.1, 0.2, 0.9)
                .counts(1.0, 1.0, 2.0)
                .build()));

        GetMetricStatisticsResponse response = cloudWatch.getMetricStatistics(r -> r
                .namespace(ALB_NAMESPACE)
                .metricName("TargetResponseTime")
                .dimensions(GREEN_ALB)
                .startTime(T0)
                .endTime(T0.plusSeconds(60))
                .period(60)
                .statistics(Statistic.SAMPLE_COUNT, Statistic.SUM, Statistic.AVERAGE,
                        Statistic.MINIMUM, Statistic.MAXIMUM));

        assertThat(response.label()).isEqualTo("TargetResponseTime");
        assertThat(response.datapoints()).singleElement().satisfies(point -> {
            assertThat(point.timestamp()).isEqualTo(T0.plusMillis(1500));
            assertThat(point.sampleCount()).isEqualTo(4.0);
            assertThat(point.sum()).isCloseTo(2.1, within(1e-9));
            assertThat(point.average()).isCloseTo(0.525, within(1e-9));
            assertThat(point.minimum()).isEqualTo(0.1);
            assertThat(point.maximum()).isEqualTo(0.9);
            assertThat(point.unit()).isEqualTo(StandardUnit.SECONDS);
        });
    }

    /**
     * Moto 5.2.1 computes only SampleCount, Sum, Average, Minimum and Maximum. This test pins down
     * what it does with percentiles, so that no one builds a p99 gate test on moto by mistake.
     */
    @Test
    void motoDoesNotComputePercentiles() {
        cloudWatch.putMetricData(r -> r.namespace(ALB_NAMESPACE).metricData(MetricDatum.builder()
                .metricName("TargetResponseTime").dimensions(GREEN_ALB).timestamp(T0).value(0.25).build()));

        // GetMetricStatistics accepts p99 but leaves it out of the datapoint.
        List<Datapoint> points = cloudWatch.getMetricStatistics(r -> r
                .namespace(ALB_NAMESPACE).metricName("TargetResponseTime").dimensions(GREEN_ALB)
                .startTime(T0).endTime(T0.plusSeconds(60)).period(60)
                .extendedStatistics("p99")).datapoints();
        assertThat(points).singleElement().satisfies(point -> {
            assertThat(point.timestamp()).isEqualTo(T0);
            assertThat(point.extendedStatistics()).isEmpty();
        });

        // GetMetricData with stat p99 crashes moto's serializer (a None where a float belongs).
        try (CloudWatchClient noRetries = moto.cloudWatchBuilder()
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            assertThatThrownBy(() -> noRetries.getMetricData(r -> r
                    .startTime(T0)
                    .endTime(T0.plusSeconds(60))
                    .metricDataQueries(query("p99", "TargetResponseTime", "p99"))))
                    .isInstanceOfSatisfying(CloudWatchException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
                    });
        }
    }

    @Test
    void largePutMetricDataIsCompressedBySdkAndStillArrives() {
        List<String> contentEncodings = new ArrayList<>();
        ExecutionInterceptor recordEncoding = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                contentEncodings.add(context.httpRequest().firstMatchingHeader("Content-Encoding").orElse("none"));
            }
        };
        List<MetricDatum> oneCountPerSecond = IntStream.range(0, 600)
                .mapToObj(second -> count("RequestCount", T0.plusSeconds(second), 1))
                .toList();

        try (CloudWatchClient recording = moto.cloudWatchBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(recordEncoding))
                .build()) {
            recording.putMetricData(r -> r.namespace(ALB_NAMESPACE).metricData(oneCountPerSecond));
        }

        assertThat(contentEncodings).containsExactly("gzip");
        List<Datapoint> points = cloudWatch.getMetricStatistics(r -> r
                .namespace(ALB_NAMESPACE).metricName("RequestCount").dimensions(GREEN_ALB)
                .startTime(T0).endTime(T0.plusSeconds(600)).period(600)
                .statistics(Statistic.SUM)).datapoints();
        assertThat(points).singleElement().satisfies(point -> assertThat(point.sum()).isEqualTo(600.0));
    }

    @Test
    void unknownAlarmIsServiceErrorWithMotosCodeAndStatus() {
        assertThatThrownBy(() -> cloudWatch.setAlarmState(r -> r
                .alarmName("no-such-alarm").stateValue(StateValue.ALARM).stateReason("test")))
                .isInstanceOfSatisfying(CloudWatchException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
                    assertThat(e.awsErrorDetails().serviceName()).isEqualTo("CloudWatch");
                });
    }

    @Test
    void invalidArgumentsAreTheModeledException() {
        assertThatThrownBy(() -> cloudWatch.getMetricStatistics(r -> r
                .namespace(ALB_NAMESPACE).metricName("RequestCount")
                .startTime(T0).endTime(T0.plusSeconds(60)).period(60)))
                .isInstanceOfSatisfying(InvalidParameterCombinationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    // CloudWatch is awsQueryCompatible: the SDK reports the query-protocol code.
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Must specify either Statistics or ExtendedStatistics");
                });
    }

    @Test
    void operationMotoDoesNotKnowIsServiceErrorNotParseFailure() {
        ExecutionInterceptor renameOperation = new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                SdkHttpRequest request = context.httpRequest();
                return request.toBuilder()
                        .encodedPath(request.encodedPath().replace("/operation/DescribeAlarms", "/operation/NoSuchOperation"))
                        .build();
            }
        };
        try (CloudWatchClient renaming = moto.cloudWatchBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(renameOperation)
                        .retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            assertThatThrownBy(renaming::describeAlarms)
                    .isInstanceOfSatisfying(CloudWatchException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
                        assertThat(e.awsErrorDetails().errorMessage()).startsWith("moto answered HTTP 500");
                    });
        }
    }

    private void putFiveHundredsAlarm(String name) {
        cloudWatch.putMetricAlarm(r -> r
                .alarmName(name)
                .namespace(ALB_NAMESPACE)
                .metricName("HTTPCode_Target_5XX_Count")
                .dimensions(GREEN_ALB)
                .statistic(Statistic.SUM)
                .period(60)
                .evaluationPeriods(2)
                .threshold(5.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
    }

    private static MetricDatum count(String metric, Instant at, double value) {
        return MetricDatum.builder()
                .metricName(metric)
                .dimensions(GREEN_ALB)
                .timestamp(at)
                .value(value)
                .unit(StandardUnit.COUNT)
                .build();
    }

    private static MetricDataQuery query(String id, String metric, String stat) {
        return MetricDataQuery.builder()
                .id(id)
                .metricStat(s -> s.stat(stat).period(60).metric(m -> m
                        .namespace(ALB_NAMESPACE).metricName(metric).dimensions(GREEN_ALB)))
                .build();
    }

    private static Map<String, MetricDataResult> byId(GetMetricDataResponse response) {
        return response.metricDataResults().stream()
                .collect(Collectors.toMap(MetricDataResult::id, result -> result));
    }
}
