package dev.ecscanary.aws;

import dev.ecscanary.port.StateStore;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.RecordJson;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The engine's state in the DynamoDB table that {@code cfn/setup.yaml} creates (key {@code pk} +
 * {@code sk}, TTL attribute {@code expiresAt}).
 *
 * <p>A deployment is one item, {@code pk = deployment#<id>}, {@code sk = state}. The engine reads
 * only its {@code record} attribute (the whole record as JSON); {@code phase}, {@code leaseOwner},
 * {@code leaseExpiresAt} and {@code updatedAt} are copies for people reading the table in the console,
 * and {@code version} is what every write is conditional on.
 *
 * <p>A task observation is one item per task, {@code pk = tasks#<cluster>#<service>},
 * {@code sk = task#<taskArn>}, which DynamoDB's TTL deletes {@link #OBSERVATION_RETENTION} after
 * it was observed.
 *
 * <p>Every check-and-write is a single conditional PutItem: nothing here reads and then writes.
 */
public final class DynamoDbStateStore implements StateStore {

    /** Task events matter while a deployment waits for green; a week covers any deployment. */
    public static final Duration OBSERVATION_RETENTION = Duration.ofDays(7);

    static final String PK = "pk";
    static final String SK = "sk";
    static final String VERSION = "version";
    static final String PHASE = "phase";
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_EXPIRES_AT = "leaseExpiresAt";
    static final String UPDATED_AT = "updatedAt";
    static final String RECORD = "record";
    static final String LAST_STATUS = "lastStatus";
    static final String DESIRED_STATUS = "desiredStatus";
    static final String TASK_DEFINITION_ARN = "taskDefinitionArn";
    static final String OBSERVED_AT = "observedAt";
    static final String EXPIRES_AT = "expiresAt";

    /**
     * Only deployments not yet finished carry it, so the index on it (sparse) lists exactly them:
     * the watchdog finds orphans without scanning the table.
     */
    static final String ACTIVE = "active";
    static final String ACTIVE_INDEX = "active";
    static final String DEPLOYMENT_PREFIX = "deployment#";
    static final String DEPLOYMENT_SORT_KEY = "state";
    static final String TASKS_PREFIX = "tasks#";
    static final String TASK_PREFIX = "task#";

    // DynamoDB's own rule for table names; checked here so a typo fails before the first call.
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbStateStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(tableName, "tableName");
        if (!TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("tableName must be 3..255 characters of a-z, A-Z, 0-9, '_', '-' and "
                    + "'.', was '" + tableName + "'");
        }
        this.tableName = tableName;
    }

    public String tableName() {
        return tableName;
    }

    // ---------------------------------------------------------------------------------------------
    // Deployments
    // ---------------------------------------------------------------------------------------------

    @Override
    public Optional<DeploymentRecord> load(String deploymentId) {
        ItemKey key = ItemKey.deployment(requireText("deploymentId", deploymentId));
        Map<String, AttributeValue> item;
        try {
            item = dynamoDb.getItem(b -> b.tableName(tableName).key(key.attributes()).consistentRead(true)).item();
        } catch (SdkException e) {
            throw failed("GetItem", key, e);
        }
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(deploymentFrom(item, key, deploymentId));
    }

    @Override
    public void create(DeploymentRecord record) {
        ItemKey key = ItemKey.deployment(requireRecord(record).id());
        PutItemRequest put = PutItemRequest.builder()
                .tableName(tableName)
                .item(deploymentItem(key, record))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK))
                .build();
        try {
            dynamoDb.putItem(put);
        } catch (ConditionalCheckFailedException exists) {
            throw new DeploymentExistsException(record.id());
        } catch (SdkException e) {
            throw failed("PutItem (create)", key, e);
        }
    }

    @Override
    public void update(DeploymentRecord next) {
        ItemKey key = ItemKey.deployment(requireRecord(next).id());
        long expected = next.version() - 1;
        if (expected < 1) {
            throw new IllegalArgumentException("an update writes version 2 or later (version 1 is created), was "
                    + next.version() + " for deployment '" + next.id() + "'");
        }
        Map<String, AttributeValue> item = deploymentItem(key, next);
        PutItemRequest put = PutItemRequest.builder()
                .tableName(tableName)
                .item(item)
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(Map.of("#version", VERSION))
                .expressionAttributeValues(Map.of(":expected", number(expected)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            dynamoDb.putItem(put);
        } catch (ConditionalCheckFailedException refused) {
            if (isThisVeryWrite(refused, item)) {
                // The SDK retried after a lost response and our first attempt had already landed.
                return;
            }
            throw new ConcurrentUpdateException(next.id(), expected);
        } catch (SdkException e) {
            throw failed("PutItem (update to version " + next.version() + ")", key, e);
        }
    }

    /**
     * Whether the item that refused the write is exactly what we wrote: an identical record at the
     * new version can only be our own earlier attempt (or a twin write, which changes nothing).
     */
    private static boolean isThisVeryWrite(ConditionalCheckFailedException refused, Map<String, AttributeValue> ours) {
        Map<String, AttributeValue> stored = refused.hasItem() ? refused.item() : Map.of();
        return ours.get(VERSION).equals(stored.get(VERSION)) && ours.get(RECORD).equals(stored.get(RECORD));
    }

    private static Map<String, AttributeValue> deploymentItem(ItemKey key, DeploymentRecord record) {
        Map<String, AttributeValue> item = new HashMap<>(key.attributes());
        item.put(VERSION, number(record.version()));
        item.put(PHASE, text(record.phase().name()));
        if (record.lease() != null) {
            item.put(LEASE_OWNER, text(record.lease().owner()));
            item.put(LEASE_EXPIRES_AT, text(record.lease().expiresAt().toString()));
        }
        if (record.updatedAt() != null) {
            item.put(UPDATED_AT, text(record.updatedAt().toString()));
        }
        if (!record.isFinished()) {
            item.put(ACTIVE, text(ACTIVE));
        }
        item.put(RECORD, text(RecordJson.write(record)));
        return item;
    }

    private DeploymentRecord deploymentFrom(Map<String, AttributeValue> item, ItemKey key, String deploymentId) {
        AttributeValue json = item.get(RECORD);
        if (json == null || json.s() == null) {
            throw malformed(key, "it has no '" + RECORD + "' string attribute (attributes: " + item.keySet() + ")");
        }
        DeploymentRecord record;
        try {
            record = RecordJson.read(json.s());
        } catch (IllegalArgumentException e) {
            throw malformed(key, "its '" + RECORD + "' attribute is " + e.getMessage());
        }
        if (!deploymentId.equals(record.id())) {
            throw malformed(key, "its record is of deployment '" + record.id() + "'");
        }
        // Writes are conditional on the attribute, the engine counts with the record's version: if a
        // hand edit made them disagree, every update would fail as a conflict, forever.
        Long version = longAttribute(item.get(VERSION));
        if (version == null || version != record.version()) {
            throw malformed(key, "its '" + VERSION + "' attribute (" + describe(item.get(VERSION))
                    + ") differs from the record's version " + record.version());
        }
        return record;
    }

    // ---------------------------------------------------------------------------------------------
    // Task observations
    // ---------------------------------------------------------------------------------------------

    @Override
    public ObservationOutcome record(TaskObservation observation) {
        requireObservation(observation);
        ItemKey key = ItemKey.task(observation.serviceKey(), observation.taskArn());
        PutItemRequest put = PutItemRequest.builder()
                .tableName(tableName)
                .item(observationItem(key, observation))
                .conditionExpression("attribute_not_exists(#sk) OR #version < :version")
                .expressionAttributeNames(Map.of("#sk", SK, "#version", VERSION))
                .expressionAttributeValues(Map.of(":version", number(observation.version())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            dynamoDb.putItem(put);
            return ObservationOutcome.RECORDED;
        } catch (ConditionalCheckFailedException refused) {
            long stored = refused.hasItem() && !refused.item().isEmpty()
                    ? storedVersion(refused.item(), key)
                    : storedVersionReadAfterRefusal(key);
            return stored == observation.version() ? ObservationOutcome.DUPLICATE : ObservationOutcome.STALE;
        } catch (SdkException e) {
            throw failed("PutItem (task observation)", key, e);
        }
    }

    /**
     * For a table that ignores ReturnValuesOnConditionCheckFailure (DynamoDB and moto 5.2.1 honour
     * it). Reading after the refusal is safe because a task's stored version only ever grows: the
     * write was refused because the stored version was already at least ours, so an equal version
     * read now is the very same one (a duplicate), and a greater one means ours is stale.
     */
    private long storedVersionReadAfterRefusal(ItemKey key) {
        Map<String, AttributeValue> item;
        try {
            item = dynamoDb.getItem(b -> b.tableName(tableName).key(key.attributes()).consistentRead(true)).item();
        } catch (SdkException e) {
            throw failed("GetItem (after a refused task observation)", key, e);
        }
        if (item == null || item.isEmpty()) {
            throw new StateStoreException("DynamoDB table '" + tableName + "' refused task observation " + key
                    + " as not newer, but the item is gone (expired by TTL in between?): deliver the event again",
                    null);
        }
        return storedVersion(item, key);
    }

    private long storedVersion(Map<String, AttributeValue> item, ItemKey key) {
        Long version = longAttribute(item.get(VERSION));
        if (version == null) {
            throw malformed(key, "it has no numeric '" + VERSION + "' attribute (" + describe(item.get(VERSION)) + ")");
        }
        return version;
    }

    @Override
    public List<TaskObservation> observations(ServiceKey service) {
        Objects.requireNonNull(service, "service");
        ItemKey partition = ItemKey.tasks(service);
        try {
            return dynamoDb.queryPaginator(b -> b.tableName(tableName)
                            .keyConditionExpression("#pk = :pk")
                            .expressionAttributeNames(Map.of("#pk", PK))
                            .expressionAttributeValues(Map.of(":pk", text(partition.pk())))
                            .consistentRead(true))
                    .items().stream()
                    .map(item -> observationFrom(item, service))
                    .toList();
        } catch (SdkException e) {
            throw failed("Query", partition, e);
        }
    }

    /** One Query of the sparse index of unfinished deployments (the watchdog's, every minute or so). */
    @Override
    public List<ActiveDeployment> active() {
        try {
            return dynamoDb.queryPaginator(b -> b.tableName(tableName)
                            .indexName(ACTIVE_INDEX)
                            .keyConditionExpression("#active = :active")
                            .expressionAttributeNames(Map.of("#active", ACTIVE))
                            .expressionAttributeValues(Map.of(":active", text(ACTIVE))))
                    .items().stream()
                    .map(this::activeFrom)
                    .sorted(java.util.Comparator.comparing(ActiveDeployment::deploymentId))
                    .toList();
        } catch (SdkException e) {
            throw failed("Query of index '" + ACTIVE_INDEX + "' (cfn/setup.yaml defines it)",
                    new ItemKey(ACTIVE, null), e);
        }
    }

    private ActiveDeployment activeFrom(Map<String, AttributeValue> item) {
        ItemKey key = new ItemKey(stringAttribute(item.get(PK)), stringAttribute(item.get(SK)));
        if (key.pk() == null || !key.pk().startsWith(DEPLOYMENT_PREFIX) || !DEPLOYMENT_SORT_KEY.equals(key.sk())) {
            throw malformed(key, "it is in the index of active deployments but is not a deployment");
        }
        String phase = stringAttribute(item.get(PHASE));
        try {
            return new ActiveDeployment(key.pk().substring(DEPLOYMENT_PREFIX.length()),
                    phase == null ? null : Phase.valueOf(phase), stringAttribute(item.get(LEASE_OWNER)),
                    instantAttribute(item.get(LEASE_EXPIRES_AT)), instantAttribute(item.get(UPDATED_AT)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw malformed(key, "its index attributes cannot be read: " + e.getMessage());
        }
    }

    private static Instant instantAttribute(AttributeValue value) {
        String text = stringAttribute(value);
        return text == null ? null : Instant.parse(text);
    }

    private static Map<String, AttributeValue> observationItem(ItemKey key, TaskObservation observation) {
        Map<String, AttributeValue> item = new HashMap<>(key.attributes());
        item.put(VERSION, number(observation.version()));
        putIfPresent(item, LAST_STATUS, observation.lastStatus());
        putIfPresent(item, DESIRED_STATUS, observation.desiredStatus());
        putIfPresent(item, TASK_DEFINITION_ARN, observation.taskDefinitionArn());
        item.put(OBSERVED_AT, text(observation.observedAt().toString()));
        item.put(EXPIRES_AT, number(observation.observedAt().plus(OBSERVATION_RETENTION).getEpochSecond()));
        return item;
    }

    private TaskObservation observationFrom(Map<String, AttributeValue> item, ServiceKey service) {
        ItemKey key = new ItemKey(stringAttribute(item.get(PK)), stringAttribute(item.get(SK)));
        if (key.sk() == null || !key.sk().startsWith(TASK_PREFIX) || key.sk().length() == TASK_PREFIX.length()) {
            throw malformed(key, "its sort key is not 'task#<taskArn>'");
        }
        Instant observedAt;
        try {
            String text = stringAttribute(item.get(OBSERVED_AT));
            if (text == null) {
                throw malformed(key, "it has no '" + OBSERVED_AT + "' string attribute");
            }
            observedAt = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw malformed(key, "its '" + OBSERVED_AT + "' is not an ISO instant: " + e.getParsedString());
        }
        return new TaskObservation(service.cluster(), service.service(), key.sk().substring(TASK_PREFIX.length()),
                storedVersion(item, key), stringAttribute(item.get(LAST_STATUS)),
                stringAttribute(item.get(DESIRED_STATUS)), stringAttribute(item.get(TASK_DEFINITION_ARN)), observedAt);
    }

    // ---------------------------------------------------------------------------------------------
    // Keys, attributes, validation and errors
    // ---------------------------------------------------------------------------------------------

    /** The primary key of one item. */
    record ItemKey(String pk, String sk) {

        static ItemKey deployment(String deploymentId) {
            return new ItemKey(DEPLOYMENT_PREFIX + deploymentId, DEPLOYMENT_SORT_KEY);
        }

        /** The partition of one service's tasks (no sort key: a Query over all of them). */
        static ItemKey tasks(ServiceKey service) {
            return new ItemKey(TASKS_PREFIX + service.cluster() + "#" + service.service(), null);
        }

        static ItemKey task(ServiceKey service, String taskArn) {
            return new ItemKey(tasks(service).pk(), TASK_PREFIX + taskArn);
        }

        Map<String, AttributeValue> attributes() {
            return Map.of(PK, text(pk), SK, text(sk));
        }

        @Override
        public String toString() {
            return "pk=" + pk + (sk == null ? "" : ", sk=" + sk);
        }
    }

    private static DeploymentRecord requireRecord(DeploymentRecord record) {
        Objects.requireNonNull(record, "record");
        requireText("record.id", record.id());
        Objects.requireNonNull(record.phase(), "record.phase");
        return record;
    }

    private static void requireObservation(TaskObservation observation) {
        Objects.requireNonNull(observation, "observation");
        // '#' separates the parts of the key; ECS names never contain one.
        requireKeyPart("observation.cluster", observation.cluster());
        requireKeyPart("observation.service", observation.service());
        requireText("observation.taskArn", observation.taskArn());
        Objects.requireNonNull(observation.observedAt(), "observation.observedAt");
        if (observation.version() < 0) {
            throw new IllegalArgumentException("observation.version must not be negative, was "
                    + observation.version());
        }
    }

    private static void requireKeyPart(String name, String value) {
        requireText(name, value);
        if (value.indexOf('#') >= 0) {
            throw new IllegalArgumentException(name + " must not contain '#', was '" + value + "'");
        }
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required, was " + (value == null ? "null" : "blank"));
        }
        return value;
    }

    private StateStoreException malformed(ItemKey key, String problem) {
        return new StateStoreException("DynamoDB table '" + tableName + "', item " + key + ": not a valid ecs-canary "
                + "item: " + problem, null);
    }

    private StateStoreException failed(String operation, ItemKey key, SdkException e) {
        String reason = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        String hint = e instanceof ResourceNotFoundException
                ? " (does the table exist in this account and region? cfn/setup.yaml creates it)" : "";
        return new StateStoreException("DynamoDB " + operation + " on table '" + tableName + "' (" + key + ") failed: "
                + reason + hint, e);
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, text(value));
        }
    }

    private static AttributeValue text(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String stringAttribute(AttributeValue value) {
        return value == null ? null : value.s();
    }

    private static Long longAttribute(AttributeValue value) {
        if (value == null || value.n() == null) {
            return null;
        }
        try {
            return Long.parseLong(value.n());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String describe(AttributeValue value) {
        return value == null ? "missing" : value.toString();
    }
}
