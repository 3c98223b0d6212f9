package dev.ecscanary.aws.gates;

import static dev.ecscanary.aws.gates.GateContexts.BLUE;
import static dev.ecscanary.aws.gates.GateContexts.GREEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ecscanary.testkit.MotoExtension;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/** {@link CloudWatchAlbMetrics} against moto, through the testkit's CloudWatch protocol bridge. */
class CloudWatchAlbMetricsTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    static final MetricWindow WINDOW = new MetricWindow(at("12:06:00"), at("12:11:00"));

    final List<GetMetricDataRequest> asked = new CopyOnWriteArrayList<>();
    CloudWatchClient cloudWatch;
    CloudWatchAlbMetrics metrics;

    @BeforeEach
    void metricsOverMoto() {
        cloudWatch = moto.cloudWatchBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(new PercentilesAsMaximum(asked)))
                .build();
        metrics = new CloudWatchAlbMetrics(cloudWatch);
    }

    @AfterEach
    void close() {
        cloudWatch.close();
    }

    @Test
    void sumsRequestsAndFiveHundredsOfOneLoadBalancerWithinTheWindow() {
        put(GREEN, "RequestCount", "12:06:10", 100);
        put(GREEN, "RequestCount", "12:08:00", 50);
        put(GREEN, "RequestCount", "12:10:59", 25);
        put(GREEN, "RequestCount", "12:05:59", 1000);    // before the window
        put(GREEN, "RequestCount", "12:11:00", 1000);    // the window's end is exclusive
        put(BLUE, "RequestCount", "12:07:00", 777);      // the other load balancer
        put(GREEN, "HTTPCode_Target_5XX_Count", "12:07:00", 3);
        put(GREEN, "HTTPCode_Target_5XX_Count", "12:09:00", 2);
        put(GREEN, "HTTPCode_ELB_5XX_Count", "12:09:30", 4);  // 502s the balancer gave for crashing targets

        assertThat(metrics.counts(GREEN, WINDOW)).isEqualTo(new AlbCounts(175, 9));
        assertThat(metrics.counts(BLUE, WINDOW)).isEqualTo(new AlbCounts(777, 0));
    }

    @Test
    void countsRequestsMinuteByMinuteWithinTheWindow() {
        put(GREEN, "RequestCount", "12:06:10", 100);
        put(GREEN, "RequestCount", "12:06:50", 20);
        put(GREEN, "RequestCount", "12:08:00", 50);
        put(GREEN, "RequestCount", "12:10:59", 25);
        put(GREEN, "RequestCount", "12:05:59", 1000);    // before the window
        put(GREEN, "RequestCount", "12:11:00", 1000);    // the window's end is exclusive

        assertThat(metrics.requestsPerMinute(GREEN, WINDOW)).containsExactly(
                java.util.Map.entry(at("12:06:00"), 120L), java.util.Map.entry(at("12:08:00"), 50L),
                java.util.Map.entry(at("12:10:00"), 25L));
        assertThat(asked).last().satisfies(request -> assertThat(request.metricDataQueries()).singleElement()
                .extracting(MetricDataQuery::metricStat).satisfies(stat -> {
                    assertThat(stat.stat()).isEqualTo("Sum");
                    assertThat(stat.period()).isEqualTo(60);
                    assertThat(stat.metric().metricName()).isEqualTo("RequestCount");
                }));
    }

    @Test
    void noMetricsMeanNoRequests() {
        assertThat(metrics.counts(GREEN, WINDOW)).isEqualTo(new AlbCounts(0, 0));
    }

    @Test
    void asksForEachCountOverOnePeriodSpanningTheWindow() {
        metrics.counts(GREEN, WINDOW);

        assertThat(asked).singleElement().satisfies(request -> {
            assertThat(request.startTime()).isEqualTo(WINDOW.start());
            assertThat(request.endTime()).isEqualTo(WINDOW.end());
            assertThat(request.metricDataQueries()).extracting(MetricDataQuery::metricStat)
                    .allSatisfy(stat -> {
                        assertThat(stat.stat()).isEqualTo("Sum");
                        assertThat(stat.period()).isEqualTo(300);
                        assertThat(stat.metric().namespace()).isEqualTo("AWS/ApplicationELB");
                        assertThat(stat.metric().dimensions()).singleElement().satisfies(d -> {
                            assertThat(d.name()).isEqualTo("LoadBalancer");
                            assertThat(d.value()).isEqualTo(GREEN);
                        });
                    })
                    .extracting(stat -> stat.metric().metricName())
                    .containsExactly("RequestCount", "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count");
        });
    }

    /**
     * Moto cannot compute percentiles (GetMetricData with p99 crashes it), so this test asks moto for
     * the Maximum instead: with a single response time in the window the two are the same value.
     */
    @Test
    void readsTheP99ResponseTimeInMilliseconds() {
        put(GREEN, "TargetResponseTime", "12:07:00", 0.25, StandardUnit.SECONDS);

        OptionalDouble p99 = metrics.latencyP99Millis(GREEN, WINDOW);

        assertThat(p99.orElseThrow()).isCloseTo(250.0, within(1e-9));
        assertThat(asked).singleElement().satisfies(request -> assertThat(request.metricDataQueries())
                .singleElement().extracting(MetricDataQuery::metricStat).satisfies(stat -> {
                    assertThat(stat.stat()).isEqualTo("p99");
                    assertThat(stat.period()).isEqualTo(300);
                    assertThat(stat.metric().metricName()).isEqualTo("TargetResponseTime");
                }));
    }

    @Test
    void noResponseTimesMeanNoP99() {
        assertThat(metrics.latencyP99Millis(GREEN, WINDOW)).isEmpty();
    }

    private void put(String loadBalancer, String metric, String time, double value) {
        put(loadBalancer, metric, time, value, StandardUnit.COUNT);
    }

    private void put(String loadBalancer, String metric, String time, double value, StandardUnit unit) {
        cloudWatch.putMetricData(r -> r.namespace("AWS/ApplicationELB").metricData(MetricDatum.builder()
                .metricName(metric)
                .dimensions(Dimension.builder().name("LoadBalancer").value(loadBalancer).build())
                .timestamp(at(time))
                .value(value)
                .unit(unit)
                .build()));
    }

    private static Instant at(String time) {
        return Instant.parse("2026-03-01T" + time + "Z");
    }
}
