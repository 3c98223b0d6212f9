package dev.ecscanary.aws;

import static dev.ecscanary.aws.DeploymentItems.ACTIVE;
import static dev.ecscanary.aws.DeploymentItems.HISTORY_COUNT;
import static dev.ecscanary.aws.DeploymentItems.LEASE_EXPIRES_AT;
import static dev.ecscanary.aws.DeploymentItems.LEASE_OWNER;
import static dev.ecscanary.aws.DeploymentItems.LOG;
import static dev.ecscanary.aws.DeploymentItems.LOG_PREFIX;
import static dev.ecscanary.aws.DeploymentItems.PHASE;
import static dev.ecscanary.aws.DeploymentItems.PK;
import static dev.ecscanary.aws.DeploymentItems.RECORD;
import static dev.ecscanary.aws.DeploymentItems.SAMPLE_COUNT;
import static dev.ecscanary.aws.DeploymentItems.SK;
import static dev.ecscanary.aws.DeploymentItems.SPEC_DIGEST;
import static dev.ecscanary.aws.DeploymentItems.STATE_SORT_KEY;
import static dev.ecscanary.aws.DeploymentItems.DEPLOYMENT_PREFIX;
import static dev.ecscanary.aws.DeploymentItems.UPDATED_AT;
import static dev.ecscanary.aws.DeploymentItems.VERSION;
import static dev.ecscanary.aws.DeploymentItems.logSortKey;
import static dev.ecscanary.aws.DeploymentItems.number;
import static dev.ecscanary.aws.DeploymentItems.partitionKey;
import static dev.ecscanary.aws.DeploymentItems.text;

import dev.ecscanary.aws.DeploymentItems.Log;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The engine's state in the DynamoDB table that {@code cfn/setup.yaml} creates (key {@code pk} +
 * {@code sk}, TTL attribute {@code expiresAt}).
 *
 * <p>A deployment is a small state item and log items that are only added ({@link DeploymentItems}
 * says how), all under {@code pk = deployment#<id>}. Every write is conditional on the state item's
 * {@code version}, and a write that adds to the log writes both items in one transaction. Reading
 * is one Query: a store remembers the log it has read of each deployment (log items never change),
 * so a driver reading the deployment every tick reads only the state item and what was added.
 * On the state item, {@code phase}, {@code leaseOwner}, {@code leaseExpiresAt} and
 * {@code updatedAt} are copies for people reading the table in the console.
 *
 * <p>A task observation is one item per task, {@code pk = tasks#<cluster>#<service>},
 * {@code sk = task#<taskArn>}, which DynamoDB's TTL deletes {@link #OBSERVATION_RETENTION} after
 * it was observed.
 *
 * <p>Every check-and-write is a single conditional write: nothing here reads and then writes.
 */
public final class DynamoDbStateStore implements StateStore {

    /** Task events matter while a deployment waits for green; a week covers any deployment. */
    public static final Duration OBSERVATION_RETENTION = Duration.ofDays(7);

    static final String LAST_STATUS = "lastStatus";
    static final String DESIRED_STATUS = "desiredStatus";
    static final String TASK_DEFINITION_ARN = "taskDefinitionArn";
    static final String OBSERVED_AT = "observedAt";
    static final String EXPIRES_AT = "expiresAt";
    static final String ACTIVE_INDEX = "active";
    static final String TASKS_PREFIX = "tasks#";
    static final String TASK_PREFIX = "task#";

    /**
     * A Query sees each item as committed, not each transaction whole: the state item of a write may
     * be visible a moment before its log item. A few reads apart settle it.
     */
    private static final int READ_ATTEMPTS = 5;
    private static final Duration READ_RETRY_PAUSE = Duration.ofMillis(50);

    // DynamoDB's own rule for table names; checked here so a typo fails before the first call.
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final KnownLogs logs = new KnownLogs();

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
        requireText("deploymentId", deploymentId);
        ItemKey key = ItemKey.deployment(deploymentId);
        for (int attempt = 1; ; attempt++) {
            Log known = logs.known(deploymentId);
            Read read = readFrom(key, known);
            if (read.state() == null) {
                if (read.log().isEmpty()) {
                    logs.forget(deploymentId);
                    return Optional.empty();
                }
                // Its creation is being committed: the log item is visible, the state item not yet.
                if (attempt < READ_ATTEMPTS) {
                    pause();
                    continue;
                }
                throw malformed(key, "it has log items but no state item");
            }
            StateItem state = stateFrom(read.state(), key);
            Log log = known;
            for (Map<String, AttributeValue> item : read.log()) {
                long version = storedVersion(item, key);
                if (version > state.version()) {
                    break; // written by a transaction whose state item this read did not see yet
                }
                try {
                    log = log.append(version, stringAttribute(item.get(LOG)));
                } catch (IllegalArgumentException e) {
                    throw malformed(new ItemKey(key.pk(), logSortKey(version)), e.getMessage());
                }
            }
            if (log.completes(state.historyCount(), state.sampleCount(), state.specDigest())) {
                logs.remember(deploymentId, log);
                return Optional.of(recordFrom(state, log, key, deploymentId));
            }
            if (known.version() > state.version()) {
                // What this store remembers is of an item that is gone (deleted and created again by
                // hand, a restored table): read the whole log again.
                logs.forget(deploymentId);
                continue;
            }
            if (log.exceeds(state.historyCount(), state.sampleCount()) || attempt >= READ_ATTEMPTS) {
                logs.forget(deploymentId);
                throw malformed(key, "its log (" + log.history().size() + " history entries, " + log.samples().size()
                        + " samples up to version " + log.version() + ") does not match its state item ("
                        + state.historyCount() + " and " + state.sampleCount() + " at version " + state.version() + ")");
            }
            // The log item of the latest write is not visible yet (a Query reads committed items, not
            // whole transactions): read again.
            pause();
        }
    }

    /** The log items after those {@code known} holds, in version order, and the state item. */
    private Read readFrom(ItemKey key, Log known) {
        String after = known.version() == 0 ? LOG_PREFIX : logSortKey(known.version());
        List<Map<String, AttributeValue>> log = new ArrayList<>();
        Map<String, AttributeValue> state = null;
        try {
            for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(b -> b.tableName(tableName)
                    .keyConditionExpression("#pk = :pk AND #sk > :after")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(":pk", text(key.pk()), ":after", text(after)))
                    .consistentRead(true)).items()) {
                String sortKey = stringAttribute(item.get(SK));
                if (STATE_SORT_KEY.equals(sortKey)) {
                    state = item;
                } else if (sortKey != null && sortKey.startsWith(LOG_PREFIX)) {
                    log.add(item);
                }
            }
        } catch (SdkException e) {
            throw failed("Query", key, e);
        }
        return new Read(log, state);
    }

    private record Read(List<Map<String, AttributeValue>> log, Map<String, AttributeValue> state) {
    }

    private record StateItem(long version, String record, long historyCount, long sampleCount, String specDigest) {
    }

    private StateItem stateFrom(Map<String, AttributeValue> item, ItemKey key) {
        String record = stringAttribute(item.get(RECORD));
        if (record == null) {
            throw malformed(key, "it has no '" + RECORD + "' string attribute (attributes: " + item.keySet() + ")");
        }
        Long historyCount = longAttribute(item.get(HISTORY_COUNT));
        Long sampleCount = longAttribute(item.get(SAMPLE_COUNT));
        String specDigest = stringAttribute(item.get(SPEC_DIGEST));
        if (historyCount == null || sampleCount == null || specDigest == null) {
            throw malformed(key, "it lacks '" + HISTORY_COUNT + "', '" + SAMPLE_COUNT + "' or '" + SPEC_DIGEST
                    + "' (attributes: " + item.keySet() + "): was it written by a release before the log layout?");
        }
        return new StateItem(storedVersion(item, key), record, historyCount, sampleCount, specDigest);
    }

    private DeploymentRecord recordFrom(StateItem state, Log log, ItemKey key, String deploymentId) {
        DeploymentRecord record;
        try {
            record = DeploymentItems.assemble(state.record(), log);
        } catch (IllegalArgumentException e) {
            throw malformed(key, "its '" + RECORD + "' attribute is " + e.getMessage());
        }
        if (!deploymentId.equals(record.id())) {
            throw malformed(key, "its record is of deployment '" + record.id() + "'");
        }
        // Writes are conditional on the attribute, the engine counts with the record's version: if a
        // hand edit made them disagree, every update would fail as a conflict, forever.
        if (state.version() != record.version()) {
            throw malformed(key, "its '" + VERSION + "' attribute (" + state.version()
                    + ") differs from the record's version " + record.version());
        }
        return record;
    }

    private static void pause() {
        try {
            Thread.sleep(READ_RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreException("interrupted while reading a deployment again", e);
        }
    }

    @Override
    public void create(DeploymentRecord record) {
        ItemKey key = ItemKey.deployment(requireRecord(record).id());
        Put state = Put.builder().tableName(tableName).item(DeploymentItems.state(record))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK))
                .build();
        Put log = Put.builder().tableName(tableName).item(DeploymentItems.log(null, record)).build();
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(w -> w.put(state), w -> w.put(log)));
        } catch (TransactionCanceledException cancelled) {
            if (refusedByCondition(cancelled)) {
                throw new DeploymentExistsException(record.id());
            }
            throw failed("TransactWriteItems (create)", key, cancelled);
        } catch (SdkException e) {
            throw failed("TransactWriteItems (create)", key, e);
        }
    }

    @Override
    public void update(DeploymentRecord previous, DeploymentRecord next) {
        ItemKey key = ItemKey.deployment(requireRecord(next).id());
        next.requireFollows(requireRecord(previous));
        Map<String, AttributeValue> state = DeploymentItems.state(next);
        Map<String, AttributeValue> log = DeploymentItems.log(previous, next);
        String expectedVersion = "#version = :expected";
        Map<String, String> names = Map.of("#version", VERSION);
        Map<String, AttributeValue> values = Map.of(":expected", number(previous.version()));
        String operation = (log == null ? "PutItem" : "TransactWriteItems") + " (update to version " + next.version()
                + ")";
        try {
            if (log == null) {
                dynamoDb.putItem(b -> b.tableName(tableName).item(state).conditionExpression(expectedVersion)
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            } else {
                Put putState = Put.builder().tableName(tableName).item(state).conditionExpression(expectedVersion)
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build();
                Put putLog = Put.builder().tableName(tableName).item(log).build();
                dynamoDb.transactWriteItems(b -> b.transactItems(w -> w.put(putState), w -> w.put(putLog)));
            }
        } catch (ConditionalCheckFailedException refused) {
            if (!isThisVeryWrite(refused.hasItem() ? refused.item() : null, state, key)) {
                throw new ConcurrentUpdateException(next.id(), previous.version());
            }
        } catch (TransactionCanceledException cancelled) {
            if (cancelled.hasCancellationReasons() && "TransactionConflict".equals(reasonCode(cancelled, 0))) {
                throw new ConcurrentUpdateException(next.id(), previous.version());
            }
            if (!refusedByCondition(cancelled)) {
                throw failed(operation, key, cancelled);
            }
            Map<String, AttributeValue> stored = cancelled.cancellationReasons().get(0).hasItem()
                    ? cancelled.cancellationReasons().get(0).item() : null;
            if (!isThisVeryWrite(stored, state, key)) {
                throw new ConcurrentUpdateException(next.id(), previous.version());
            }
        } catch (SdkException e) {
            throw failed(operation, key, e);
        }
    }

    /** Whether the state item's condition (the transaction's first item) is what cancelled it. */
    private static boolean refusedByCondition(TransactionCanceledException cancelled) {
        return cancelled.hasCancellationReasons() && "ConditionalCheckFailed".equals(reasonCode(cancelled, 0));
    }

    private static String reasonCode(TransactionCanceledException cancelled, int index) {
        return cancelled.cancellationReasons().size() > index ? cancelled.cancellationReasons().get(index).code() : null;
    }

    /**
     * Whether the state item that refused the write is exactly what we wrote: an identical record at
     * the new version can only be our own earlier attempt, which the SDK retried after its answer was
     * lost (or a twin write, which changes nothing). Read when the refusal did not carry it.
     */
    private boolean isThisVeryWrite(Map<String, AttributeValue> refusedBy, Map<String, AttributeValue> ours,
                                    ItemKey key) {
        Map<String, AttributeValue> stored = refusedBy;
        if (stored == null || stored.isEmpty()) {
            try {
                stored = dynamoDb.getItem(b -> b.tableName(tableName).key(key.attributes()).consistentRead(true))
                        .item();
            } catch (SdkException e) {
                throw failed("GetItem (after a refused update)", key, e);
            }
        }
        return stored != null && ours.get(VERSION).equals(stored.get(VERSION))
                && ours.get(RECORD).equals(stored.get(RECORD));
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
        if (key.pk() == null || !key.pk().startsWith(DEPLOYMENT_PREFIX) || !STATE_SORT_KEY.equals(key.sk())) {
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
            return new ItemKey(partitionKey(deploymentId), STATE_SORT_KEY);
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
