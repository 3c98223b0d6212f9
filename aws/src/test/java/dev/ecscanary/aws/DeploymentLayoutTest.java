package dev.ecscanary.aws;

import static dev.ecscanary.aws.DynamoDbStateStoreTest.GREEN;
import static dev.ecscanary.aws.DynamoDbStateStoreTest.TABLE;
import static dev.ecscanary.aws.DynamoDbStateStoreTest.n;
import static dev.ecscanary.aws.DynamoDbStateStoreTest.recordFromTheEngine;
import static dev.ecscanary.aws.DynamoDbStateStoreTest.s;
import static dev.ecscanary.aws.DynamoDbStateStoreTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.aws.testing.StateTables;
import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.port.StateStore.StateStoreException;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent.AbortRequested;
import dev.ecscanary.state.Lease;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.RecordJson;
import dev.ecscanary.testkit.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * A deployment in the table as a small state item and log items that are only added: no item grows
 * with the deployment, no write rewrites what an earlier one wrote, and every reader still gets the
 * whole record.
 */
class DeploymentLayoutTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    static final Instant LATER = Instant.parse("2026-11-26T09:00:01Z");

    DynamoDbClient dynamoDb;
    DynamoDbStateStore store;

    @BeforeEach
    void createTheTable() {
        dynamoDb = moto.client(DynamoDbClient.builder());
        StateTables.create(dynamoDb, TABLE);
        store = new DynamoDbStateStore(dynamoDb, TABLE);
    }

    @AfterEach
    void closeClient() {
        dynamoDb.close();
    }

    @Test
    void aWholeDeploymentLeavesASmallStateItemAndEachHistoryEntryWrittenOnce() {
        SimulatedWorld world = SimulatedWorld.builder().build().storeSeenByEngines(store);
        world.ecs.runningFrom(GREEN, world.clock.instant().plus(Duration.ofMinutes(1)));
        CanaryEngine engine = world.engine("driver-a");
        DeploymentDriver driver = world.driver(engine);
        engine.start(spec("web-1"));
        var done = driver.drive("web-1");
        world.scheduler.runAll();
        DeploymentRecord promoted = done.join().record();

        List<Map<String, AttributeValue>> items = partition("web-1");
        Map<String, AttributeValue> state = items.get(items.size() - 1);
        List<Map<String, AttributeValue>> log = items.subList(0, items.size() - 1);

        assertThat(promoted.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(state.get("sk").s()).isEqualTo("state");
        assertThat(DeploymentItems.sizeInBytes(state)).as("the state item")
                .isLessThan(RecordJson.write(promoted).length() / 3);
        assertThat(log).extracting(item -> item.get("sk").s()).isSorted().allMatch(sk -> sk.startsWith("log#"));
        assertThat(log.stream().mapToInt(item -> countOf(item, "history")).sum())
                .as("history entries across the log").isEqualTo(promoted.history().size());
        assertThat(log.stream().filter(item -> item.get("log").s().contains("\"spec\"")))
                .as("log items with a spec: at creation, and once stack outputs resolved").hasSizeLessThanOrEqualTo(2);
        assertThat(new DynamoDbStateStore(dynamoDb, TABLE).load("web-1")).as("read by a fresh store")
                .contains(promoted);
    }

    @Test
    void aWriteThatAddsNoHistoryRewritesOnlyTheStateItem() {
        DeploymentRecord created = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
        store.create(created);
        DeploymentRecord renewed = created.toBuilder().lease(new Lease("driver-a", LATER.plusSeconds(60))).build(LATER);

        store.update(created, renewed);

        assertThat(partition("web-1")).extracting(item -> item.get("sk").s())
                .containsExactly(logKey(created.version()), "state");
        assertThat(store.load("web-1")).contains(renewed);
    }

    @Test
    void aWriteThatAddsHistoryAppendsOneLogItemOfJustThat() {
        DeploymentRecord created = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
        store.create(created);
        DeploymentRecord aborted = created.toBuilder().record(abortRequested()).build(LATER);

        store.update(created, aborted);

        List<Map<String, AttributeValue>> items = partition("web-1");
        assertThat(items).extracting(item -> item.get("sk").s())
                .containsExactly(logKey(created.version()), logKey(aborted.version()), "state");
        assertThat(items.get(1).get("log").s()).contains("abortRequested").doesNotContain("\"spec\"");
        assertThat(countOf(items.get(1), "history")).isOne();
        assertThat(store.load("web-1")).contains(aborted);
    }

    @Test
    void aStoreReadingADeploymentAgainFetchesOnlyWhatWasAddedSince() {
        DeploymentRecord baking = recordFromTheEngine("web-1", r -> r.phase() == Phase.BAKING);
        store.create(baking);
        QueryItems counted = new QueryItems(response -> { });
        try (DynamoDbClient client = moto.configure(DynamoDbClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counted)).build()) {
            DynamoDbStateStore reader = new DynamoDbStateStore(client, TABLE);
            reader.load("web-1");
            DeploymentRecord aborted = baking.toBuilder().record(abortRequested()).build(LATER);
            store.update(baking, aborted);
            counted.items.clear();

            assertThat(reader.load("web-1")).contains(aborted);
            assertThat(counted.items).as("items read: the new log item and the state").containsExactly(2);
        }
    }

    @Test
    void aStateItemReadBeforeTheLogItemOfItsWriteIsReadAgainUntilBothAreThere() {
        DeploymentRecord created = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
        store.create(created);
        DeploymentRecord aborted = created.toBuilder().record(abortRequested()).build(LATER);
        store.update(created, aborted);
        AtomicInteger hidden = new AtomicInteger();
        QueryItems hideNewestLogItemOnce = new QueryItems(items -> {
            if (hidden.getAndIncrement() == 0) {
                items.remove(items.size() - 2);
            }
        });
        try (DynamoDbClient client = moto.configure(DynamoDbClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(hideNewestLogItemOnce)).build()) {

            assertThat(new DynamoDbStateStore(client, TABLE).load("web-1")).contains(aborted);
            assertThat(hideNewestLogItemOnce.items).as("two reads").hasSize(2);
        }
    }

    @Test
    void aStoreThatRemembersALongerLogOfAnItemRestoredToAnEarlierVersionReadsTheLogAgain() {
        DeploymentRecord created = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
        store.create(created);
        DeploymentRecord aborted = created.toBuilder().record(abortRequested()).build(LATER);
        store.update(created, aborted);
        assertThat(store.load("web-1")).contains(aborted);
        List<Map<String, AttributeValue>> before = partition("web-1");
        dynamoDb.deleteItem(b -> b.tableName(TABLE).key(Map.of("pk", s("deployment#web-1"), "sk", s("state"))));
        dynamoDb.deleteItem(b -> b.tableName(TABLE).key(Map.of("pk", s("deployment#web-1"),
                "sk", s(logKey(aborted.version())))));
        assertThat(before).hasSize(3);
        dynamoDb.putItem(b -> b.tableName(TABLE).item(DeploymentItems.state(created)));

        assertThat(store.load("web-1")).contains(created);
    }

    @Test
    void aLogItemThatNeverAppearsIsReportedNotGuessed() {
        DeploymentRecord created = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
        store.create(created);
        DeploymentRecord aborted = created.toBuilder().record(abortRequested()).build(LATER);
        store.update(created, aborted);
        dynamoDb.deleteItem(b -> b.tableName(TABLE).key(Map.of("pk", s("deployment#web-1"),
                "sk", s(logKey(aborted.version())))));

        assertThatThrownBy(() -> new DynamoDbStateStore(dynamoDb, TABLE).load("web-1"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("pk=deployment#web-1, sk=state")
                .hasMessageContaining("does not match its state item");
    }

    @Test
    void aWholeRecordInOneItemFromAnEarlierReleaseIsReportedWithWhatToDo() {
        DeploymentRecord created = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
        store.create(created);
        Map<String, AttributeValue> state = new HashMap<>(rawItem("state"));
        state.put("record", s(RecordJson.write(created)));
        dynamoDb.putItem(b -> b.tableName(TABLE).item(state));

        assertThatThrownBy(() -> new DynamoDbStateStore(dynamoDb, TABLE).load("web-1"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("holds the whole record")
                .hasMessageContaining("finish this deployment with the release that started it");
    }

    @Test
    void aWriteThatDoesNotFollowTheRecordItReplacesIsRefusedBeforeAnythingIsWritten() {
        DeploymentRecord created = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
        store.create(created);
        DeploymentRecord skipped = created.toBuilder().build(LATER).toBuilder().build(LATER);

        assertThatThrownBy(() -> store.update(created, skipped))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is version 3, not 2");
        assertThat(rawItem("state").get("version")).isEqualTo(n(created.version()));
    }

    @Test
    void aWriteThatAddsToTheLogAndWhoseAnswerWasLostStillSucceeds() {
        InterposingHttpClient http = new InterposingHttpClient(
                software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create());
        try (AwsClients clients = new AwsClients(AwsSettings.defaults().withEndpoint(moto.endpoint())
                .withRegion("us-east-1").withCredentials(
                        software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("testing", "testing")))
                .withHttpClient("dynamodb", http))) {
            DynamoDbStateStore viaFlakyNetwork = new DynamoDbStateStore(clients.dynamoDb(), TABLE);
            DeploymentRecord created = recordFromTheEngine("web-1", r -> r.phase() == Phase.PENDING);
            viaFlakyNetwork.create(created);
            DeploymentRecord aborted = created.toBuilder().record(abortRequested()).build(LATER);
            http.fail(InterposingHttpClient.Fault.lostAnswer());

            viaFlakyNetwork.update(created, aborted);

            assertThat(viaFlakyNetwork.load("web-1")).contains(aborted);
        } finally {
            http.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    static HistoryEntry abortRequested() {
        return new HistoryEntry(LATER, Phase.PENDING, -1, Weights.ALL_BLUE, "ops", new AbortRequested("wrong image"));
    }

    static String logKey(long version) {
        return String.format("log#%019d", version);
    }

    static int countOf(Map<String, AttributeValue> logItem, String field) {
        try {
            var node = dev.ecscanary.spec.Mappers.json().readTree(logItem.get("log").s()).get(field);
            return node == null ? 0 : node.size();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    List<Map<String, AttributeValue>> partition(String deploymentId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(dynamoDb.queryPaginator(b -> b.tableName(TABLE)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("deployment#" + deploymentId)))
                .consistentRead(true)).items().stream().toList());
        items.sort(Comparator.comparing(item -> item.get("sk").s()));
        return items;
    }

    Map<String, AttributeValue> rawItem(String sk) {
        return dynamoDb.getItem(b -> b.tableName(TABLE).key(Map.of("pk", s("deployment#web-1"), "sk", s(sk)))
                .consistentRead(true)).item();
    }

    /** Counts the items each Query answered with, after letting {@code edit} change them (as a table might). */
    static final class QueryItems implements ExecutionInterceptor {
        final List<Integer> items = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Consumer<List<Map<String, AttributeValue>>> edit;

        QueryItems(Consumer<List<Map<String, AttributeValue>>> edit) {
            this.edit = edit;
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (context.response() instanceof QueryResponse query) {
                List<Map<String, AttributeValue>> edited = new ArrayList<>(query.items());
                edit.accept(edited);
                items.add(edited.size());
                return query.toBuilder().items(edited).count(edited.size()).build();
            }
            return context.response();
        }
    }
}
