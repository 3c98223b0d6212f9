package dev.ecscanary.aws;

import dev.ecscanary.aws.gates.AwsGateFactory;
import dev.ecscanary.aws.gates.CloudWatchTrafficMeter;
import dev.ecscanary.engine.EnginePorts;
import dev.ecscanary.port.Approvals;
import dev.ecscanary.port.ProgressListener;
import dev.ecscanary.port.StateStore;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The engine's ports on AWS, assembled from one process's clients: what a host (the CLI, the Jenkins
 * plugin) needs besides its own approvals, listener and clock.
 */
public final class AwsPorts {

    private AwsPorts() {
    }

    /** The deployment state table (created by {@code cfn/setup.yaml}). */
    public static StateStore stateStore(AwsClients clients, String table) {
        Objects.requireNonNull(clients, "clients");
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("the state table name is required (setup stack output StateTableName)");
        }
        return new DynamoDbStateStore(clients.dynamoDb(), table);
    }

    public static EnginePorts of(AwsClients clients, String table, Approvals approvals, ProgressListener listener,
                                 InstantSource clock) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        return new EnginePorts(
                stateStore(clients, table),
                new Route53TrafficRouter(clients.route53(),
                        Route53TrafficRouter.SwapBasis.forEndpoint(clients.settings().endpoint())),
                new CloudFormationStacks(clients.cloudFormation(), progress),
                new EcsGreenReadiness(clients.ecs()),
                new AwsGateFactory(clients.elb(), clients.cloudWatch()),
                approvals,
                progress,
                clock,
                new AwsPreflight(clients, clock::instant),
                new CloudWatchTrafficMeter(clients.cloudWatch()));
    }
}
