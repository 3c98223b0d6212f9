package dev.ecscanary.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.inmemory.VirtualClock;
import dev.ecscanary.port.StateStore.ActiveDeployment;
import dev.ecscanary.port.StateStore.ConcurrentUpdateException;
import dev.ecscanary.port.StateStore.DeploymentExistsException;
import dev.ecscanary.port.StateStore.ObservationOutcome;
import dev.ecscanary.port.StateStore.StateStoreException;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.spec.StackSpec;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.spec.Timeouts;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Lease;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.aws.testing.StateTables;
import dev.ecscanary.testkit.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

class DynamoDbStateStoreTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    static final String TABLE = "shop-ecs-canary-state";
    static final ServiceKey GREEN = new ServiceKey("shop", "shop-green");
    static final Duration BAKE = Duration.ofMinutes(5);

    DynamoDbClient dynamoDb;
    DynamoDbStateStore store;

    @BeforeEach
    void createTheTableAsTheSetupTemplateDoes() {
        dynamoDb = moto.client(DynamoDbClient.builder());
        StateTables.create(dynamoDb, TABLE);
        store = new DynamoDbStateStore(dynamoDb, TABLE);
    }

    @AfterEach
    void closeClient() {
        dynamoDb.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Deployments
    // ---------------------------------------------------------------------------------------------

    @Test
    void aCreatedRecordLoadsBackEqual() {
        DeploymentRecord baking = recordFromTheEngine("web-1", r -> r.phase() == Phase.BAKING);

        store.create(baking);

        assertThat(store.load("web-1")).contains(baking);
    }

    @Test
    void anUnknownDeploymentLoadsAsEmpty() {
        assertThat(store.load("never-created")).isEmpty();
    }

    @Test
    void creatingTheSameDeploymentTwiceIsRefused() {
        DeploymentRecord created = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
        store.create(created);

        assertThatThrownBy(() -> store.create(created))
                .isInstanceOf(DeploymentExistsException.class)
                .hasMessageContaining("'web-1' already exists");
    }

    @Test
    void theItemShowsPhaseLeaseAndUpdateTimeAtAGlance() {
        DeploymentRecord leased = recordFromTheEngine("web-1", r -> r.phase() == Phase.AWAITING_GREEN);
        store.create(leased);

        Map<String, AttributeValue> item = rawItem("deployment#web-1", "state");

        assertThat(item.get("phase").s()).isEqualTo("AWAITING_GREEN");
        assertThat(item.get("version").n()).isEqualTo(Long.toString(leased.version()));
        assertThat(item.get("leaseOwner").s()).isEqualTo("driver-a");
        assertThat(item.get("leaseExpiresAt").s()).isEqualTo(leased.lease().expiresAt().toString());
        assertThat(item.get("updatedAt").s()).isEqualTo(leased.updatedAt().toString());
        assertThat(item).doesNotContainKey("expiresAt");
    }

    @Test
    void anUpdateFromTheStoredVersionReplacesTheRecord() {
        DeploymentRecord created = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
        store.create(created);
        DeploymentRecord next = created.toBuilder().lease(new Lease("driver-b", Instant.parse("2026-11-26T10:00:00Z")))
                .build(Instant.parse("2026-11-26T09:00:01Z"));

        store.update(created, next);

        assertThat(store.load("web-1")).contains(next);
        assertThat(rawItem("deployment#web-1", "state").get("leaseOwner").s()).isEqualTo("driver-b");
    }

    @Test
    void anUpdateFromAStaleVersionIsRefusedAndChangesNothing() {
        DeploymentRecord v1 = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
        store.create(v1);
        DeploymentRecord v2 = v1.toBuilder().lease(new Lease("driver-a", Instant.parse("2026-11-26T10:00:00Z")))
                .build(Instant.parse("2026-11-26T09:00:01Z"));
        store.update(v1, v2);
        DeploymentRecord staleV2 = v1.toBuilder().lease(new Lease("driver-b", Instant.parse("2026-11-26T10:00:00Z")))
                .build(Instant.parse("2026-11-26T09:00:02Z"));

        assertThatThrownBy(() -> store.update(v1, staleV2))
                .isInstanceOf(ConcurrentUpdateException.class)
                .hasMessageContaining("'web-1' was changed by someone else (expected version 1)");
        assertThat(store.load("web-1")).contains(v2);
    }

    @Test
    void anUpdateOfADeploymentThatWasNeverCreatedIsAConflict() {
        DeploymentRecord v1 = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
        DeploymentRecord v2 = v1.toBuilder().build(Instant.parse("2026-11-26T09:00:01Z"));

        assertThatThrownBy(() -> store.update(v1, v2)).isInstanceOf(ConcurrentUpdateException.class);
        assertThat(store.load("web-1")).isEmpty();
    }

    @Test
    void onlyUnfinishedDeploymentsAreListedAsActiveFromTheIndexWithTheirLease() {
        DeploymentRecord running = recordFromTheEngine("web-a", r -> r.phase() == Phase.AWAITING_GREEN);
        DeploymentRecord started = recordFromTheEngine("web-b", r -> r.phase() == Phase.AWAITING_GREEN);
        DeploymentRecord promoted = started.toBuilder().phase(Phase.ROLLED_BACK, started.updatedAt(), null)
                .build(started.updatedAt());
        DeploymentRecord created = recordFromTheEngine("web-c", r -> r.phase() == Phase.PENDING);
        store.create(running);
        store.create(promoted);
        store.create(created);

        assertThat(store.active()).containsExactly(ActiveDeployment.of(running), ActiveDeployment.of(created));
        assertThat(store.active().get(0).leaseOwner()).isEqualTo("driver-a");

        store.update(running, running.toBuilder().phase(Phase.ROLLED_BACK, running.updatedAt(), null).build(running.updatedAt()));
        assertThat(store.active()).extracting(ActiveDeployment::deploymentId).containsExactly("web-c");
    }

    /**
     * Conditional writes, one after the other: moto's are not atomic under concurrent requests, so the
     * race itself is specified on the in-memory store, which is (core's LeaseTest, ExactlyOnceGreenTest).
     */
    @Test
    void ofTwoWritersFromTheSameVersionTheSecondIsRefusedEachRound() {
        int rounds = 10;
        DeploymentRecord created = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
        store.create(created);
        for (int round = 0; round < rounds; round++) {
            String first = "writer-" + (round % 2);
            String second = "writer-" + ((round + 1) % 2);
            DeploymentRecord base = store.load("web-1").orElseThrow();
            Instant at = Instant.parse("2026-11-26T09:00:00Z").plusSeconds(round);

            store.update(base, base.toBuilder().lease(new Lease(first, at.plusSeconds(60))).build(at));

            DeploymentRecord late = base.toBuilder().lease(new Lease(second, at.plusSeconds(60))).build(at);
            assertThatThrownBy(() -> store.update(base, late)).as("round %d", round)
                    .isInstanceOf(ConcurrentUpdateException.class);
            assertThat(store.load("web-1").orElseThrow().lease().owner()).as("round %d", round).isEqualTo(first);
        }
        assertThat(store.load("web-1").orElseThrow().version()).isEqualTo(1 + rounds);
    }

    @Test
    void anUpdateWhoseAnswerWasLostIsRetriedAndStillSucceeds() {
        InterposingHttpClient http = new InterposingHttpClient(UrlConnectionHttpClient.create());
        try (AwsClients clients = new AwsClients(settings().withHttpClient("dynamodb", http))) {
            DynamoDbStateStore viaFlakyNetwork = new DynamoDbStateStore(clients.dynamoDb(), TABLE);
            DeploymentRecord v1 = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
            viaFlakyNetwork.create(v1);
            DeploymentRecord v2 = v1.toBuilder().lease(new Lease("driver-a", Instant.parse("2026-11-26T10:00:00Z")))
                    .build(Instant.parse("2026-11-26T09:00:01Z"));
            http.fail(InterposingHttpClient.Fault.lostAnswer());
            int before = http.sent().size();

            viaFlakyNetwork.update(v1, v2);

            assertThat(http.sent().subList(before, http.sent().size()))
                    .as("the lost attempt, then the SDK's retry").extracting(InterposingHttpClient.Sent::faulted)
                    .containsExactly(true, false);
            assertThat(viaFlakyNetwork.load("web-1")).contains(v2);
        } finally {
            http.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Task observations
    // ---------------------------------------------------------------------------------------------

    @Test
    void theFirstObservationOfATaskIsRecorded() {
        assertThat(store.record(observation("task-1", 1, "PENDING"))).isEqualTo(ObservationOutcome.RECORDED);

        assertThat(store.observations(GREEN)).containsExactly(observation("task-1", 1, "PENDING"));
    }

    @Test
    void aNewerVersionReplacesTheStoredOne() {
        store.record(observation("task-1", 1, "PENDING"));

        assertThat(store.record(observation("task-1", 2, "RUNNING"))).isEqualTo(ObservationOutcome.RECORDED);
        assertThat(store.observations(GREEN)).containsExactly(observation("task-1", 2, "RUNNING"));
    }

    @Test
    void theSameVersionAgainIsADuplicateAndChangesNothing() {
        store.record(observation("task-1", 2, "RUNNING"));

        assertThat(store.record(observation("task-1", 2, "RUNNING"))).isEqualTo(ObservationOutcome.DUPLICATE);
        assertThat(store.observations(GREEN)).containsExactly(observation("task-1", 2, "RUNNING"));
    }

    @Test
    void anOlderVersionIsStaleAndChangesNothing() {
        store.record(observation("task-1", 3, "RUNNING"));

        assertThat(store.record(observation("task-1", 2, "PENDING"))).isEqualTo(ObservationOutcome.STALE);
        assertThat(store.observations(GREEN)).containsExactly(observation("task-1", 3, "RUNNING"));
    }

    @Test
    void duplicateAndStaleAreToldApartEvenWhenTheTableDoesNotReturnTheStoredItem() {
        try (DynamoDbClient withoutOldItems = moto.configure(DynamoDbClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new DropItemFromConditionFailures()))
                .build()) {
            DynamoDbStateStore fallback = new DynamoDbStateStore(withoutOldItems, TABLE);
            fallback.record(observation("task-1", 3, "RUNNING"));

            assertThat(fallback.record(observation("task-1", 3, "RUNNING"))).isEqualTo(ObservationOutcome.DUPLICATE);
            assertThat(fallback.record(observation("task-1", 2, "PENDING"))).isEqualTo(ObservationOutcome.STALE);
        }
    }

    @Test
    void theTableAnswersARefusedWriteWithTheStoredItemSoNoReadIsNeeded() {
        store.record(observation("task-1", 3, "RUNNING"));

        assertThatThrownBy(() -> dynamoDb.putItem(b -> b.tableName(TABLE)
                .item(Map.of("pk", s("tasks#shop#shop-green"), "sk", s("task#" + arn("task-1")), "version", n(3)))
                .conditionExpression("attribute_not_exists(sk) OR version < :v")
                .expressionAttributeValues(Map.of(":v", n(3)))
                .returnValuesOnConditionCheckFailure("ALL_OLD")))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                        refused -> assertThat(refused.item()).containsEntry("version", n(3)));
    }

    @Test
    void anObservationExpiresAWeekAfterItWasObserved() {
        TaskObservation seen = observation("task-1", 1, "RUNNING");
        store.record(seen);

        Map<String, AttributeValue> item = rawItem("tasks#shop#shop-green", "task#" + seen.taskArn());

        assertThat(item.get("expiresAt").n())
                .isEqualTo(Long.toString(seen.observedAt().plus(Duration.ofDays(7)).getEpochSecond()));
        assertThat(item.get("observedAt").s()).isEqualTo(seen.observedAt().toString());
        assertThat(item.get("lastStatus").s()).isEqualTo("RUNNING");
    }

    @Test
    void observationsAreKeptPerServiceAndReadAcrossPages() {
        // 300 items of ~4 KB exceed the 1 MB that one Query page holds.
        String padding = "x".repeat(4000);
        for (int i = 0; i < 300; i++) {
            store.record(new TaskObservation("shop", "shop-green", arn("task-" + i), 1, "RUNNING", "RUNNING",
                    "arn:aws:ecs:us-east-1:123456789012:task-definition/" + padding + ":1", Instant.EPOCH));
        }
        store.record(new TaskObservation("shop", "shop-blue", arn("blue-task"), 1, "RUNNING", "RUNNING", null,
                Instant.EPOCH));
        CountingQueries queries = new CountingQueries();

        try (DynamoDbClient counted = moto.configure(DynamoDbClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(queries)).build()) {
            DynamoDbStateStore paged = new DynamoDbStateStore(counted, TABLE);

            assertThat(paged.observations(GREEN)).hasSize(300).extracting(TaskObservation::taskArn)
                    .doesNotHaveDuplicates();
            assertThat(queries.count).as("Query pages").hasValueGreaterThan(1);
            assertThat(paged.observations(new ServiceKey("shop", "shop-blue"))).extracting(TaskObservation::taskArn)
                    .containsExactly(arn("blue-task"));
        }
    }

    /** Delivered one after the other (see the writers above for why not at once against moto). */
    @Test
    void duplicateAndOutOfOrderDeliveriesLeaveEachTaskAtItsNewestVersion() {
        int tasks = 4;
        int versions = 10;
        int copies = 5;
        List<TaskObservation> deliveries = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            for (int v = 1; v <= versions; v++) {
                for (int c = 0; c < copies; c++) {
                    deliveries.add(observation("task-" + t, v, v == versions ? "RUNNING" : "PENDING"));
                }
            }
        }
        Collections.shuffle(deliveries, new Random(42));
        Map<TaskObservation, List<ObservationOutcome>> outcomes = new HashMap<>();
        for (TaskObservation delivery : deliveries) {
            outcomes.computeIfAbsent(delivery, k -> new ArrayList<>()).add(store.record(delivery));
        }

        assertThat(deliveries).hasSize(200);
        assertThat(store.observations(GREEN)).extracting(TaskObservation::version).containsOnly((long) versions)
                .hasSize(tasks);
        outcomes.forEach((delivery, seen) -> {
            assertThat(seen).as("outcomes of %s v%d", delivery.taskArn(), delivery.version()).hasSize(copies)
                    .filteredOn(o -> o == ObservationOutcome.RECORDED).hasSizeLessThanOrEqualTo(1);
            if (delivery.version() == versions) {
                assertThat(seen).as("the newest version of %s", delivery.taskArn())
                        .containsOnlyOnce(ObservationOutcome.RECORDED)
                        .containsOnly(ObservationOutcome.RECORDED, ObservationOutcome.DUPLICATE);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Damaged items and failures
    // ---------------------------------------------------------------------------------------------

    @Test
    void aRecordThatIsNotJsonIsReportedWithTheTableAndKey() {
        store.create(recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING));
        Map<String, AttributeValue> damaged = new HashMap<>(rawItem("deployment#web-1", "state"));
        damaged.put("record", s("{not json"));
        putRawItem(damaged);

        assertThatThrownBy(() -> store.load("web-1"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("table '" + TABLE + "'")
                .hasMessageContaining("pk=deployment#web-1, sk=state")
                .hasMessageContaining("not a deployment record");
    }

    @Test
    void anItemWithoutARecordIsReportedWithWhatItHas() {
        putRawItem(Map.of("pk", s("deployment#web-1"), "sk", s("state"), "phase", s("BAKING")));

        assertThatThrownBy(() -> store.load("web-1"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("pk=deployment#web-1, sk=state")
                .hasMessageContaining("no 'record' string attribute")
                .hasMessageContaining("phase");
    }

    @Test
    void aVersionAttributeThatDisagreesWithTheRecordIsReported() {
        DeploymentRecord created = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
        store.create(created);
        Map<String, AttributeValue> edited = new HashMap<>(rawItem("deployment#web-1", "state"));
        edited.put("version", n(7));
        putRawItem(edited);

        assertThatThrownBy(() -> store.load("web-1"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("'version' attribute")
                .hasMessageContaining("differs from the record's version 1");
    }

    @Test
    void aFailedCallNamesTheOperationTableAndErrorCode() {
        DynamoDbStateStore elsewhere = new DynamoDbStateStore(dynamoDb, "no-such-table");

        assertThatThrownBy(() -> elsewhere.load("web-1"))
                .isInstanceOf(StateStoreException.class)
                .isNotInstanceOf(ConcurrentUpdateException.class)
                .hasMessageContaining("DynamoDB Query on table 'no-such-table'")
                .hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("cfn/setup.yaml creates it");
    }

    @Test
    void aTableNameDynamoDbWouldRefuseIsRefusedAtOnce() {
        assertThatThrownBy(() -> new DynamoDbStateStore(dynamoDb, "state table!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tableName").hasMessageContaining("'state table!'");
    }

    // ---------------------------------------------------------------------------------------------
    // The engine on this store
    // ---------------------------------------------------------------------------------------------

    @Test
    void theEngineDrivesADeploymentToPromotedOnThisStore() {
        SimulatedWorld world = SimulatedWorld.builder().build().storeSeenByEngines(store);
        world.ecs.runningFrom(GREEN, world.clock.instant().plus(Duration.ofMinutes(1)));
        CanaryEngine engine = world.engine("driver-a");
        DeploymentDriver driver = world.driver(engine);
        engine.start(spec("web-1"));

        var done = driver.drive("web-1");
        world.scheduler.runAll();

        assertThat(done).isCompleted();
        assertThat(done.join().record().phase()).isEqualTo(Phase.PROMOTED);
        assertThat(store.load("web-1").orElseThrow().phase()).isEqualTo(Phase.PROMOTED);
        Map<String, AttributeValue> item = rawItem("deployment#web-1", "state");
        assertThat(item.get("phase").s()).isEqualTo("PROMOTED");
        assertThat(item).as("a finished deployment releases its lease").doesNotContainKey("leaseOwner");
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    /** A realistic record: the in-memory engine runs the deployment until {@code reached} holds. */
    static DeploymentRecord recordFromTheEngine(String id, Predicate<DeploymentRecord> reached) {
        SimulatedWorld world = SimulatedWorld.builder().build();
        world.ecs.runningFrom(GREEN, world.clock.instant().plus(Duration.ofMinutes(1)));
        CanaryEngine engine = world.engine("driver-a");
        engine.start(spec(id));
        return tickUntil(engine, world.clock, id, reached);
    }

    static DeploymentRecord tickUntil(CanaryEngine engine, VirtualClock clock, String id,
                                      Predicate<DeploymentRecord> reached) {
        for (int tick = 0; tick < 1_000; tick++) {
            DeploymentRecord current = engine.load(id);
            if (reached.test(current)) {
                return current;
            }
            TickOutcome outcome = engine.tick(id);
            if (outcome instanceof TickOutcome.Finished || outcome instanceof TickOutcome.Stuck) {
                throw new AssertionError("finished as " + outcome.record().phase() + " before the condition held");
            }
            if (outcome instanceof TickOutcome.Waiting waiting) {
                clock.advanceTo(waiting.until());
            }
        }
        throw new AssertionError("the condition did not hold within 1000 ticks");
    }

    static CanarySpec spec(String id) {
        return new CanarySpec(id, TABLE, "us-east-1",
                new DnsSpec("Z0TESTZONE", "shop.example.test", "blue", "green", null, Duration.ofSeconds(20)),
                new ServiceSide("shop", "shop-green",
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/g/1", "app/shop-green/1"),
                new ServiceSide("shop", "shop-blue",
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/b/1", "app/shop-blue/1"),
                List.of(new StackSpec("shop-green", "https://example.test/service.yaml", Map.of("ImageTag", "1.2.0"))),
                Steps.of(StepSpec.of(10, BAKE, false), StepSpec.of(50, BAKE, false), StepSpec.of(100, BAKE, false)),
                List.of(new GateSpec.TargetHealth(null, Duration.ofSeconds(30), null, null, 2)),
                Timeouts.DEFAULTS);
    }

    static TaskObservation observation(String taskId, long version, String lastStatus) {
        return new TaskObservation("shop", "shop-green", arn(taskId), version, lastStatus, "RUNNING",
                "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-green:7",
                Instant.parse("2026-11-26T09:00:00Z").plusSeconds(version));
    }

    static String arn(String taskId) {
        return "arn:aws:ecs:us-east-1:123456789012:task/shop/" + taskId;
    }

    AwsSettings settings() {
        return AwsSettings.defaults().withEndpoint(moto.endpoint()).withRegion("us-east-1")
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    }

    Map<String, AttributeValue> rawItem(String pk, String sk) {
        return dynamoDb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s(pk), "sk", s(sk))).consistentRead(true))
                .item();
    }

    void putRawItem(Map<String, AttributeValue> item) {
        dynamoDb.putItem(b -> b.tableName(TABLE).item(item));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static final class CountingQueries implements ExecutionInterceptor {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof QueryRequest) {
                count.incrementAndGet();
            }
        }
    }

    /** Plays a table that ignores ReturnValuesOnConditionCheckFailure: the refusal carries no item. */
    static final class DropItemFromConditionFailures implements ExecutionInterceptor {
        @Override
        public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
            if (context.exception() instanceof ConditionalCheckFailedException refused) {
                return ConditionalCheckFailedException.builder()
                        .message(refused.getMessage())
                        .statusCode(refused.statusCode())
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode(refused.awsErrorDetails().errorCode())
                                .errorMessage(refused.awsErrorDetails().errorMessage())
                                .build())
                        .build();
            }
            return context.exception();
        }
    }
}
