package dev.ecscanary.cli;

import dev.ecscanary.aws.testing.ShopWorld;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import dev.ecscanary.testkit.MotoExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The world a command runs a deployment in, in moto: the shop's setup ({@link ShopWorld}), and spec
 * files that use it. The specs list the setup stack again (nothing to change: the deployment reads its
 * outputs and resolves {@code ${HostedZoneId}} and friends with them) and create green's service from
 * cfn/service.yaml. Moto runs green's tasks as MOTO_ECS_SERVICE_RUNNING says.
 */
final class MotoWorld {

    static final String TABLE = ShopWorld.TABLE;
    static final String SETUP_STACK = ShopWorld.SETUP_STACK;
    static final String ALARM = ShopWorld.ALARM;
    static final Path CFN = ShopWorld.CFN;

    private final ShopWorld shop;

    private MotoWorld(ShopWorld shop) {
        this.shop = shop;
    }

    static MotoWorld create(MotoExtension moto) {
        return new MotoWorld(ShopWorld.create(moto));
    }

    String endpoint() {
        return shop.endpoint();
    }

    void alarm(StateValue state) {
        shop.alarm(state);
    }

    Weights weights() {
        return shop.weights();
    }

    void setWeights(Weights weights) {
        shop.setWeights(weights);
    }

    Optional<DeploymentRecord> record(String deploymentId) {
        return shop.record(deploymentId);
    }

    void record(DeploymentRecord created, DeploymentRecord next) {
        shop.record(created, next);
    }

    DeploymentRecord awaitRecord(String deploymentId, Predicate<DeploymentRecord> condition, Duration timeout) {
        return shop.awaitRecord(deploymentId, condition, timeout);
    }

    static Predicate<DeploymentRecord> inPhase(Phase phase) {
        return record -> record.phase() == phase;
    }

    /**
     * A spec file: 50% then 100%, one-second TTL and gate intervals, a bake of {@code firstBake} at
     * 50% and one second at 100%.
     */
    Path spec(Path dir, String deploymentId, String firstBake, boolean withAlarmGate) {
        String alarmGate = withAlarmGate ? """
                  - type: alarms
                    alarms: [%s]
                    interval: 1s
                """.formatted(ALARM) : "";
        String yaml = """
                deployment: %s
                stateTable: %s
                region: us-east-1
                dns:
                  hostedZoneId: ${HostedZoneId}
                  recordName: ${RecordName}
                  blueSetIdentifier: ${BlueSetIdentifier}
                  greenSetIdentifier: ${GreenSetIdentifier}
                  ttl: 1s
                  propagation: 1s
                green:
                  cluster: ${ClusterName}
                  service: shop-green
                  targetGroup: ${GreenTargetGroupArn}
                stacks:
                  - name: %s
                    template: %s
                    parameters:
                      DomainName: example.test
                      RecordName: shop.example.test
                  - name: shop-green
                    template: %s
                    parameters:
                      Side: green
                      ImageTag: "%s"
                steps:
                  - percent: 50
                    bake: %s
                  - percent: 100
                    bake: 1s
                gates:
                  - type: targetHealth
                    minHealthy: 2
                    interval: 1s
                %s
                timeouts:
                  greenRunning: 1m
                  failBack: 1m
                """.formatted(deploymentId, TABLE, SETUP_STACK, CFN.resolve("setup.yaml"), CFN.resolve("service.yaml"),
                deploymentId, firstBake, alarmGate);
        return SpecFiles.write(dir, deploymentId + ".yaml", yaml);
    }
}
