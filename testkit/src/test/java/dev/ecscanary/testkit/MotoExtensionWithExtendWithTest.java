package dev.ecscanary.testkit;

import dev.ecscanary.localaws.MotoServer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

@ExtendWith(MotoExtension.class)
class MotoExtensionWithExtendWithTest {

    @Test
    void serverIsInjected(MotoServer moto) {
        try (CloudWatchClient cloudWatch = moto.cloudWatch()) {
            assertThat(cloudWatch.describeAlarms().metricAlarms()).isEmpty();
        }
    }

    @Nested
    class InANestedClass {

        @Test
        void sharesTheOuterServer(MotoServer moto) {
            assertThat(moto.processHandle().isAlive()).isTrue();
            assertThat(moto.processHandle().pid()).isEqualTo(outerPid);
        }
    }

    // JUnit runs a class's own tests before its @Nested classes, so this is set when the nested test runs.
    private static long outerPid;

    @Test
    void recordsItsServer(MotoServer moto) {
        outerPid = moto.processHandle().pid();
    }
}
