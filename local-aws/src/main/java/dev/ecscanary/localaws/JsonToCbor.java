package dev.ecscanary.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;

/**
 * Re-encodes an AWS JSON 1.0 body as rpcv2 CBOR, guided by the SDK model's fields.
 *
 * <p>JSON cannot say that a number is a timestamp or that a string is base64: only the model knows.
 * So members that the model types as timestamps become tag 1 over epoch seconds, blobs become byte
 * strings, and numbers take the width the model declares. Members the model does not know are copied
 * by their JSON type, so nothing moto sends is dropped on the way.
 */
final class JsonToCbor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORFactory CBOR = new CBORFactory();
    private static final int EPOCH_SECONDS_TAG = 1;

    private final CBORGenerator generator;

    private JsonToCbor(CBORGenerator generator) {
        this.generator = generator;
    }

    /** Translates a structure whose members are {@code shape}; an empty shape copies by JSON type. */
    static byte[] translate(byte[] json, List<SdkField<?>> shape) throws IOException {
        return translate(json.length == 0 ? JSON.createObjectNode() : JSON.readTree(json), shape);
    }

    static byte[] translate(JsonNode root, List<SdkField<?>> shape) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = CBOR.createGenerator(out)) {
            new JsonToCbor(generator).writeStructure(root, shape);
        }
        return out.toByteArray();
    }

    private void writeStructure(JsonNode node, List<SdkField<?>> members) throws IOException {
        if (!node.isObject()) {
            writeByJsonType(node);
            return;
        }
        Map<String, SdkField<?>> byName = new HashMap<>();
        members.forEach(member -> byName.put(member.unmarshallLocationName(), member));
        generator.writeStartObject();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            generator.writeFieldName(member.getKey());
            writeValue(member.getValue(), byName.get(member.getKey()));
        }
        generator.writeEndObject();
    }

    private void writeValue(JsonNode node, SdkField<?> field) throws IOException {
        if (field == null || node.isNull()) {
            writeByJsonType(node);
            return;
        }
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.INSTANT) {
            writeTimestamp(node);
        } else if (type == MarshallingType.SDK_BYTES) {
            generator.writeBinary(node.binaryValue());
        } else if (type == MarshallingType.SDK_POJO) {
            writeStructure(node, field.constructor().get().sdkFields());
        } else if (type == MarshallingType.LIST) {
            writeList(node, field.getRequiredTrait(ListTrait.class).memberFieldInfo());
        } else if (type == MarshallingType.MAP) {
            writeMap(node, field.getRequiredTrait(MapTrait.class).valueFieldInfo());
        } else if (type == MarshallingType.DOUBLE) {
            generator.writeNumber(doubleOf(node));
        } else if (type == MarshallingType.FLOAT) {
            generator.writeNumber((float) doubleOf(node));
        } else if (type == MarshallingType.INTEGER || type == MarshallingType.SHORT || type == MarshallingType.BYTE) {
            generator.writeNumber(node.asInt());
        } else if (type == MarshallingType.LONG) {
            generator.writeNumber(node.asLong());
        } else {
            writeByJsonType(node);
        }
    }

    private void writeList(JsonNode node, SdkField<?> memberField) throws IOException {
        if (!node.isArray()) {
            writeByJsonType(node);
            return;
        }
        generator.writeStartArray();
        for (JsonNode element : node) {
            writeValue(element, memberField);
        }
        generator.writeEndArray();
    }

    private void writeMap(JsonNode node, SdkField<?> valueField) throws IOException {
        if (!node.isObject()) {
            writeByJsonType(node);
            return;
        }
        generator.writeStartObject();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            generator.writeFieldName(entry.getKey());
            writeValue(entry.getValue(), valueField);
        }
        generator.writeEndObject();
    }

    private void writeTimestamp(JsonNode node) throws IOException {
        generator.writeTag(EPOCH_SECONDS_TAG);
        if (node.isIntegralNumber()) {
            generator.writeNumber(node.asLong());
        } else if (node.isNumber()) {
            generator.writeNumber(node.doubleValue());
        } else {
            // Not what the JSON protocol sends, but some mocks answer ISO-8601 text.
            Instant instant = Instant.parse(node.asText());
            generator.writeNumber(instant.toEpochMilli() / 1000d);
        }
    }

    /** The JSON protocol spells the non-finite values as strings. */
    private static double doubleOf(JsonNode node) {
        return node.isNumber() ? node.doubleValue() : Double.parseDouble(node.asText());
    }

    private void writeByJsonType(JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> writeStructure(node, List.of());
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    writeByJsonType(element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.asText());
            case NUMBER -> writeNumberByJsonType(node);
            case BOOLEAN -> generator.writeBoolean(node.asBoolean());
            case BINARY -> generator.writeBinary(node.binaryValue());
            default -> generator.writeNull();
        }
    }

    private void writeNumberByJsonType(JsonNode node) throws IOException {
        if (node.isBigInteger()) {
            generator.writeNumber(node.bigIntegerValue());
        } else if (node.isIntegralNumber()) {
            generator.writeNumber(node.asLong());
        } else if (node.isBigDecimal()) {
            BigDecimal decimal = node.decimalValue();
            generator.writeNumber(decimal);
        } else {
            generator.writeNumber(node.doubleValue());
        }
    }
}
