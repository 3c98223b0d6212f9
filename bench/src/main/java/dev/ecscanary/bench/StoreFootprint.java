package dev.ecscanary.bench;

import dev.ecscanary.aws.DeploymentItems;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A store that sizes every deployment write as the DynamoDB store lays it out (the same items,
 * measured by DynamoDB's rules) while another store keeps the state: what a deployment costs in
 * the table, without a table.
 */
final class StoreFootprint implements StateStore {

    private final StateStore delegate;
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicInteger largestItem = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    StoreFootprint(StateStore delegate) {
        this.delegate = delegate;
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    int largestItemBytes() {
        return largestItem.get();
    }

    int writes() {
        return writes.get();
    }

    @Override
    public Optional<DeploymentRecord> load(String deploymentId) {
        return delegate.load(deploymentId);
    }

    @Override
    public void create(DeploymentRecord record) {
        delegate.create(record);
        measure(DeploymentItems.written(null, record));
    }

    @Override
    public void update(DeploymentRecord previous, DeploymentRecord next) {
        delegate.update(previous, next);
        measure(DeploymentItems.written(previous, next));
    }

    private void measure(List<Map<String, AttributeValue>> items) {
        writes.incrementAndGet();
        for (Map<String, AttributeValue> item : items) {
            int size = DeploymentItems.sizeInBytes(item);
            bytesWritten.addAndGet(size);
            largestItem.accumulateAndGet(size, Math::max);
        }
    }

    @Override
    public ObservationOutcome record(TaskObservation observation) {
        return delegate.record(observation);
    }

    @Override
    public List<TaskObservation> observations(ServiceKey service) {
        return delegate.observations(service);
    }

    @Override
    public List<ActiveDeployment> active() {
        return delegate.active();
    }
}
