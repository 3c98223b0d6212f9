package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.aws.gates.AwsGateFactory;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.view.DeploymentView;
import java.time.Instant;
import java.util.Objects;

/**
 * The finer steps that read a deployment and answer without changing it ({@code canaryStatus},
 * {@code canaryGates}). The record read is also shown on the build's Canary page.
 */
abstract class DeploymentRead implements OneShotWork {

    private static final long serialVersionUID = 1L;

    final DeploymentArgs args;

    DeploymentRead(DeploymentArgs args) {
        this.args = Objects.requireNonNull(args, "args");
    }

    /** The step's value for the record read. */
    abstract Object answer(AwsClients clients, DeploymentRecord record);

    @Override
    public String describe() {
        return "reading deployment " + args.deployment;
    }

    @Override
    public Object compute(StepInputs in, Aws aws) throws Exception {
        CanaryTarget target = args.resolve(in);
        try (AwsClients clients = aws.open(target)) {
            DeploymentRecord record = AwsPorts.stateStore(clients, target.stateTable()).load(target.deploymentId())
                    .orElseThrow(() -> new StepFailure("no deployment " + target.deploymentId()
                            + " in the state table " + target.stateTable()));
            in.build().page(target).accept(record);
            return answer(clients, record);
        }
    }

    /** {@code canaryStatus}: the deployment as a plain Map ({@link RecordMaps#status}). */
    static final class Status extends DeploymentRead {
        private static final long serialVersionUID = 1L;

        Status(DeploymentArgs args) {
            super(args);
        }

        @Override
        Object answer(AwsClients clients, DeploymentRecord record) {
            return RecordMaps.status(DeploymentView.of(record, Instant.now()));
        }
    }

    /** {@code canaryGates}: every gate of the spec evaluated once, now ({@link GateCheck}). */
    static final class Gates extends DeploymentRead {
        private static final long serialVersionUID = 1L;

        Gates(DeploymentArgs args) {
            super(args);
        }

        @Override
        Object answer(AwsClients clients, DeploymentRecord record) {
            return GateCheck.evaluate(new AwsGateFactory(clients.elb(), clients.cloudWatch()), record, Instant.now());
        }
    }
}
