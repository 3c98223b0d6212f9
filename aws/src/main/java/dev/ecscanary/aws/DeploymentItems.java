package dev.ecscanary.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecscanary.spec.Mappers;
import dev.ecscanary.state.DeploymentRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How a deployment is laid out in the state table, so that no item grows with the deployment's
 * length and no write rewrites what an earlier one wrote:
 *
 * <ul>
 *   <li>{@code sk = state}, rewritten by every write: the record without its spec, history and
 *       samples (phase, step, weights, deadlines, gates, lease: what changes from tick to tick),
 *       plus the counts and digest that tell a reader whether it has seen every log item this
 *       state belongs with;</li>
 *   <li>{@code sk = log#<version>}, only ever added: what the write of that version added to the
 *       record: new history entries, new share samples, and the spec when it changed (at creation,
 *       and once stack outputs are resolved into it).</li>
 * </ul>
 *
 * <p>Log sort keys order by version, before {@code state}: one Query from the last log item a
 * reader knows returns what is new and the state. A write that adds nothing to the log is a
 * PutItem of the state item; one that does is a transaction of both.
 */
public final class DeploymentItems {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String VERSION = "version";
    static final String PHASE = "phase";
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_EXPIRES_AT = "leaseExpiresAt";
    static final String UPDATED_AT = "updatedAt";
    static final String RECORD = "record";
    static final String HISTORY_COUNT = "historyCount";
    static final String SAMPLE_COUNT = "sampleCount";
    static final String SPEC_DIGEST = "specDigest";
    static final String LOG = "log";
    /**
     * Only deployments not yet finished carry it, so the index on it (sparse) lists exactly them:
     * the watchdog finds orphans without scanning the table.
     */
    static final String ACTIVE = "active";

    static final String DEPLOYMENT_PREFIX = "deployment#";
    static final String STATE_SORT_KEY = "state";
    static final String LOG_PREFIX = "log#";

    static final String SPEC = "spec";
    static final String HISTORY = "history";
    static final String SAMPLES = "shareSamples";

    private static final ObjectMapper JSON = Mappers.json();

    private DeploymentItems() {
    }

    /**
     * Every item that writing {@code next} puts into the table, state item first: what
     * {@code bench/engine} measures without a table.
     *
     * @param previous the version {@code next} replaces; null when {@code next} creates the deployment
     */
    public static List<Map<String, AttributeValue>> written(DeploymentRecord previous, DeploymentRecord next) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        items.add(state(next));
        Map<String, AttributeValue> log = log(previous, next);
        if (log != null) {
            items.add(log);
        }
        return items;
    }

    /**
     * An item's size as DynamoDB bills and limits it: the UTF-8 length of each attribute's name
     * plus its value (a string's UTF-8 length; a number's significant digits, two per byte, plus one).
     */
    public static int sizeInBytes(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8Length(attribute.getKey());
            AttributeValue value = attribute.getValue();
            if (value.s() != null) {
                size += utf8Length(value.s());
            } else if (value.n() != null) {
                String digits = value.n().replaceAll("[^0-9]", "").replaceFirst("^0+(?=.)", "");
                size += (digits.length() + 1) / 2 + 1;
            } else {
                throw new IllegalArgumentException("attribute '" + attribute.getKey() + "' is neither a string nor a "
                        + "number: this layout writes no other kind");
            }
        }
        return size;
    }

    static String partitionKey(String deploymentId) {
        return DEPLOYMENT_PREFIX + deploymentId;
    }

    /** Zero-padded to the width of the largest long, so log items sort by version. */
    static String logSortKey(long version) {
        return LOG_PREFIX + String.format("%019d", version);
    }

    static Map<String, AttributeValue> state(DeploymentRecord record) {
        ObjectNode tree = JSON.valueToTree(record);
        tree.remove(List.of(SPEC, HISTORY, SAMPLES));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, text(partitionKey(record.id())));
        item.put(SK, text(STATE_SORT_KEY));
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
        item.put(HISTORY_COUNT, number(record.history().size()));
        item.put(SAMPLE_COUNT, number(record.shareSamples().size()));
        item.put(SPEC_DIGEST, text(digest(JSON.valueToTree(record.spec()))));
        item.put(RECORD, text(write(tree)));
        return item;
    }

    /** The log item of what {@code next} adds to {@code previous} (null: creating), or null if it adds nothing. */
    static Map<String, AttributeValue> log(DeploymentRecord previous, DeploymentRecord next) {
        ObjectNode added = JSON.createObjectNode();
        if (previous == null || !Objects.equals(previous.spec(), next.spec())) {
            added.set(SPEC, JSON.valueToTree(next.spec()));
        }
        int historyBefore = previous == null ? 0 : previous.history().size();
        if (next.history().size() > historyBefore) {
            added.set(HISTORY, JSON.valueToTree(next.history().subList(historyBefore, next.history().size())));
        }
        int samplesBefore = previous == null ? 0 : previous.shareSamples().size();
        if (next.shareSamples().size() > samplesBefore) {
            added.set(SAMPLES, JSON.valueToTree(next.shareSamples().subList(samplesBefore,
                    next.shareSamples().size())));
        }
        if (added.isEmpty()) {
            return null;
        }
        return Map.of(PK, text(partitionKey(next.id())), SK, text(logSortKey(next.version())),
                VERSION, number(next.version()), LOG, text(write(added)));
    }

    /**
     * What a reader has gathered from the log up to a version: the latest spec, every history
     * entry and sample in order. Never changed once made: appending gives a new one.
     */
    record Log(long version, JsonNode spec, List<JsonNode> history, List<JsonNode> samples) {

        static final Log EMPTY = new Log(0, null, List.of(), List.of());

        /** @throws IllegalArgumentException if the item's text is not a log entry */
        Log append(long itemVersion, String text) {
            JsonNode added = readTree(text);
            if (!added.isObject()) {
                throw new IllegalArgumentException("its '" + LOG + "' attribute is not a JSON object");
            }
            JsonNode nextSpec = added.has(SPEC) ? added.get(SPEC) : spec;
            return new Log(itemVersion, nextSpec, concat(history, added.get(HISTORY)),
                    concat(samples, added.get(SAMPLES)));
        }

        /** Whether this log holds exactly what the state item says its record has. */
        boolean completes(long historyCount, long sampleCount, String specDigest) {
            return history.size() == historyCount && samples.size() == sampleCount && spec != null
                    && digest(spec).equals(specDigest);
        }

        /** Whether it already holds more than that state's record: what no complete log of it could. */
        boolean exceeds(long historyCount, long sampleCount) {
            return history.size() > historyCount || samples.size() > sampleCount;
        }

        private static List<JsonNode> concat(List<JsonNode> before, JsonNode added) {
            if (added == null) {
                return before;
            }
            if (!added.isArray()) {
                throw new IllegalArgumentException("its log entry's '" + HISTORY + "' or '" + SAMPLES
                        + "' is not a JSON array");
            }
            List<JsonNode> all = new ArrayList<>(before.size() + added.size());
            all.addAll(before);
            added.forEach(all::add);
            return List.copyOf(all);
        }
    }

    /**
     * The record a state item's {@code record} text and a complete log make together.
     *
     * @throws IllegalArgumentException if the text is not a state record
     */
    static DeploymentRecord assemble(String stateText, Log log) {
        JsonNode tree = readTree(stateText);
        if (!(tree instanceof ObjectNode state)) {
            throw new IllegalArgumentException("its '" + RECORD + "' attribute is not a JSON object");
        }
        if (state.has(SPEC) || state.has(HISTORY)) {
            throw new IllegalArgumentException("it holds the whole record, as ecs-canary releases before the log "
                    + "layout wrote it: finish this deployment with the release that started it");
        }
        state.set(SPEC, log.spec());
        state.set(HISTORY, JSON.createArrayNode().addAll(log.history()));
        state.set(SAMPLES, JSON.createArrayNode().addAll(log.samples()));
        try {
            return JSON.treeToValue(state, DeploymentRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a deployment record: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a deployment record: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(JsonNode tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a deployment's JSON", e);
        }
    }

    /** Short, since it is only compared with the spec a reader assembled, never trusted as an identity. */
    static String digest(JsonNode spec) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(write(spec).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    static AttributeValue text(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
