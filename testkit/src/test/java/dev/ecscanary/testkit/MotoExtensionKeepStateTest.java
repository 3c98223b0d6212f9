package dev.ecscanary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MotoExtensionKeepStateTest {

    @RegisterExtension
    static final MotoExtension moto = MotoExtension.builder().keepStateBetweenTests().build();

    @Test
    @Order(1)
    void createsAnAlarm() {
        try (CloudWatchClient cloudWatch = moto.cloudWatch()) {
            cloudWatch.putMetricAlarm(r -> r.alarmName("kept").namespace("AWS/ApplicationELB")
                    .metricName("RequestCount").statistic("Sum").period(60).evaluationPeriods(1)
                    .threshold(1.0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        }
    }

    @Test
    @Order(2)
    void laterTestStillSeesIt() {
        try (CloudWatchClient cloudWatch = moto.cloudWatch()) {
            assertThat(cloudWatch.describeAlarms().metricAlarms()).extracting(MetricAlarm::alarmName)
                    .containsExactly("kept");
        }
    }
}
