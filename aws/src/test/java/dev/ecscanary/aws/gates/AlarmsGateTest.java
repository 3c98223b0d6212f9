package dev.ecscanary.aws.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.port.Gate.CallFailedException;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.testkit.MotoExtension;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/** {@link AlarmsGate} against moto, through the testkit's CloudWatch protocol bridge. */
class AlarmsGateTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    CloudWatchClient cloudWatch;

    @BeforeEach
    void cloudWatch() {
        cloudWatch = moto.cloudWatch();
        alarm("green-5xx", StateValue.OK);
        alarm("green-latency", StateValue.OK);
    }

    @AfterEach
    void close() {
        cloudWatch.close();
    }

    @Test
    void passesWhileEveryAlarmIsOk() {
        assertThat(evaluate("green-5xx", "green-latency"))
                .usingRecursiveComparison().comparingOnlyFields("verdict", "message")
                .isEqualTo(GateResult.pass("all 2 alarms are OK"));
    }

    @Test
    void failsNamingAnAlarmInAlarmWithItsReason() {
        cloudWatch.setAlarmState(r -> r.alarmName("green-5xx").stateValue(StateValue.ALARM)
                .stateReason("Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0)."));

        assertThat(evaluate("green-5xx", "green-latency"))
                .usingRecursiveComparison().comparingOnlyFields("verdict", "message")
                .isEqualTo(GateResult.fail("alarm green-5xx is in ALARM:"
                + " Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0)."));
    }

    @Test
    void failsForAnAlarmThatDoesNotExistSoATypoCannotPass() {
        GateResult result = evaluate("green-5xx", "green-5xxx");
        assertThat(result).usingRecursiveComparison().comparingOnlyFields("verdict", "message")
                .isEqualTo(GateResult.fail("alarm green-5xxx does not exist"));
        assertThat(result.measured()).containsEntry("alarms", 2.0).containsEntry("missing", 1.0)
                .containsEntry("inAlarm", 0.0);
    }

    @Test
    void isInconclusiveWhileAnAlarmHasTooLittleData() {
        cloudWatch.setAlarmState(r -> r.alarmName("green-latency").stateValue(StateValue.INSUFFICIENT_DATA)
                .stateReason("no datapoints"));

        assertThat(evaluate("green-5xx", "green-latency"))
                .usingRecursiveComparison().comparingOnlyFields("verdict", "message")
                .isEqualTo(GateResult.inconclusive("not enough data yet: alarm green-latency is INSUFFICIENT_DATA"));
    }

    @Test
    void asksForMoreThanAHundredAlarmsInBatches() {
        List<String> names = IntStream.range(0, 150).mapToObj(i -> "alarm-" + i).toList();
        names.forEach(name -> alarm(name, StateValue.OK));
        cloudWatch.setAlarmState(r -> r.alarmName("alarm-142").stateValue(StateValue.ALARM).stateReason("late one"));

        GateResult result = new AlarmsGate(cloudWatch, names).evaluate(GateContexts.at(Weights.forGreenPercent(10)));

        assertThat(result).usingRecursiveComparison().comparingOnlyFields("verdict", "message")
                .isEqualTo(GateResult.fail("alarm alarm-142 is in ALARM: late one"));
    }

    @Test
    void anEndpointThatDoesNotServeCloudWatchsProtocolIsNamedWithTheCallAndWhatToDo() {
        // The SDK's own CloudWatch client, without the bridge: moto 5.2 answers its CBOR requests 404.
        try (CloudWatchClient plain = moto.client(CloudWatchClient.builder())) {
            AlarmsGate gate = new AlarmsGate(plain, List.of("green-5xx"));

            assertThatThrownBy(() -> gate.evaluate(GateContexts.at(Weights.forGreenPercent(10))))
                    .isInstanceOf(CallFailedException.class)
                    .hasMessageStartingWith("CloudWatch DescribeAlarms for green-5xx failed: HTTP 404")
                    .hasMessageContaining("does not serve CloudWatch's current protocol")
                    .hasMessageContaining("--emulator-cloudwatch-bridge");
        }
    }

    private GateResult evaluate(String... names) {
        return new AlarmsGate(cloudWatch, List.of(names)).evaluate(GateContexts.at(Weights.forGreenPercent(10)));
    }

    private void alarm(String name, StateValue state) {
        cloudWatch.putMetricAlarm(r -> r.alarmName(name).namespace("AWS/ApplicationELB")
                .metricName("HTTPCode_Target_5XX_Count").statistic("Sum").period(60).evaluationPeriods(1)
                .threshold(5.0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        cloudWatch.setAlarmState(r -> r.alarmName(name).stateValue(state).stateReason("test"));
    }
}
