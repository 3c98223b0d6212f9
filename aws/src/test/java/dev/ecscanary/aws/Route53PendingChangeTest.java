package dev.ecscanary.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.EnginePorts;
import dev.ecscanary.engine.EngineSettings;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * Moto reports every change INSYNC at once; real Route53 takes its time. Here the real Route53
 * client talks to canned Route53 answers in which the change stays PENDING for two polls.
 */
class Route53PendingChangeTest {

    static final String ZONE = "Z0CANNED0ZONE";
    static final String CHANGE = "C0PENDING0CHANGE";

    final CannedAwsAnswers http = new CannedAwsAnswers()
            .on("ListResourceRecordSets", Route53Answers.records(100, 0, false))
            .on("ChangeResourceRecordSets", Route53Answers.change("ChangeResourceRecordSetsResponse", CHANGE, "PENDING"))
            .on("GetChange", Route53Answers.change("GetChangeResponse", CHANGE, "PENDING"),
                    Route53Answers.change("GetChangeResponse", CHANGE, "PENDING"),
                    Route53Answers.change("GetChangeResponse", CHANGE, "INSYNC"));
    final Route53Client route53 = Route53Answers.client(http);
    final Route53TrafficRouter router = new Route53TrafficRouter(route53);

    @AfterEach
    void closeClient() {
        route53.close();
    }

    @Test
    void aChangeIsNotInSyncUntilRoute53SaysSo() {
        String change = router.setWeights(dns(), Weights.ALL_BLUE, new Weights(90, 10));

        assertThat(change).isEqualTo(CHANGE);
        assertThat(List.of(router.isInSync(change), router.isInSync(change), router.isInSync(change)))
                .containsExactly(false, false, true);
    }

    @Test
    void theEngineWaitsForThePendingChangeBeforeTheTtl() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        world.ecs.runningFrom(DynamoDbStateStoreTest.GREEN, world.clock.instant());
        EnginePorts ports = new EnginePorts(world.store, router, world.stacks, world.ecs, world.gates, world.approvals,
                null, world.clock);
        CanaryEngine engine = new CanaryEngine(ports, EngineSettings.DEFAULTS, "driver-a");
        engine.start(spec());

        DeploymentRecord settling = DynamoDbStateStoreTest.tickUntil(engine, world.clock, "web-1",
                r -> r.phase() == Phase.SETTLING);

        assertThat(http.operations()).filteredOn("GetChange"::equals).hasSize(3);
        List<String> batches = http.bodiesOf("ChangeResourceRecordSets");
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).split("<Action>DELETE</Action>", -1)).as("a swap").hasSize(3);
        assertThat(batches.get(0).split("<Action>CREATE</Action>", -1)).as("a swap").hasSize(3);
        Instant written = at(settling, "weights set to blue 90 / green 10");
        Instant inSync = at(settling, "Route53 change " + CHANGE + " in sync");
        // The spec expects the default propagation (60s): looks at 45s, then every 15s.
        assertThat(Duration.between(written, inSync)).as("looks at 45s, 60s and 75s")
                .isEqualTo(Duration.ofSeconds(75));
    }

    static Instant at(DeploymentRecord record, String eventStart) {
        return record.history().stream().filter(e -> e.text().startsWith(eventStart)).map(HistoryEntry::at)
                .findFirst().orElseThrow(() -> new AssertionError("no '" + eventStart + "' in " + record.history()));
    }

    static DnsSpec dns() {
        return new DnsSpec(ZONE, "shop.example.test", "blue", "green", null, null);
    }

    static CanarySpec spec() {
        CanarySpec spec = DynamoDbStateStoreTest.spec("web-1");
        return new CanarySpec(spec.deploymentId(), spec.stateTable(), spec.region(), dns(), spec.green(), spec.blue(),
                spec.stacks(), spec.steps(), spec.gates(), spec.timeouts());
    }
}
