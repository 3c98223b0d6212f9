package dev.ecscanary.testkit;

import dev.ecscanary.localaws.MotoServer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

class MotoExtensionTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    // Whichever of these two runs second would see the other's alarm if the reset did not work.
    @Test
    void firstTestSeesCleanMoto() {
        assertOnlyOwnAlarmVisible("first");
    }

    @Test
    void secondTestSeesCleanMoto() {
        assertOnlyOwnAlarmVisible("second");
    }

    @Test
    void portIsChosenByTheOperatingSystem() {
        assertThat(moto.endpoint().getScheme()).isEqualTo("http");
        assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(moto.endpoint().getPort()).isPositive().isNotEqualTo(5000);
        try (MotoServer another = MotoServer.start()) {
            assertThat(another.port()).isNotEqualTo(moto.server().port());
        }
    }

    @Test
    void resetAlsoRestoresStateManagerTransitions(MotoServer server) {
        String motoDefault = server.stateManagerGetTransition("ecs::task");
        server.setEcsTaskTransition("{\"progression\": \"immediate\"}");
        assertThat(server.stateManagerGetTransition("ecs::task")).contains("immediate");

        server.reset();

        assertThat(server.stateManagerGetTransition("ecs::task")).isEqualTo(motoDefault);
    }

    private static void assertOnlyOwnAlarmVisible(String name) {
        try (CloudWatchClient cloudWatch = moto.cloudWatch()) {
            assertThat(cloudWatch.describeAlarms().metricAlarms()).isEmpty();
            cloudWatch.putMetricAlarm(r -> r.alarmName(name).namespace("AWS/ApplicationELB")
                    .metricName("RequestCount").statistic("Sum").period(60).evaluationPeriods(1)
                    .threshold(1.0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
            assertThat(cloudWatch.describeAlarms().metricAlarms()).extracting(MetricAlarm::alarmName)
                    .containsExactly(name);
        }
    }
}
