package dev.ecscanary.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireTranslationTest {

    private static final CBORFactory CBOR = new CBORFactory();

    @Test
    void cborTimestampsBlobsAndNonFiniteNumbersBecomeTheirJsonForms() throws IOException {
        ByteArrayOutputStream cbor = new ByteArrayOutputStream();
        try (CBORGenerator generator = CBOR.createGenerator(cbor)) {
            generator.writeStartObject();
            generator.writeFieldName("WithMillis");
            generator.writeTag(1);
            generator.writeNumber(1748779200.25d);
            generator.writeFieldName("WholeSeconds");
            generator.writeTag(1);
            generator.writeNumber(1748779200L);
            generator.writeFieldName("Blob");
            generator.writeBinary(new byte[] {1, 2, 3});
            generator.writeFieldName("Nan");
            generator.writeNumber(Double.NaN);
            generator.writeEndObject();
        }

        String json = new String(CborToJson.translate(cbor.toByteArray()), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo(
                "{\"WithMillis\":1748779200.25,\"WholeSeconds\":1748779200,\"Blob\":\"AQID\",\"Nan\":\"NaN\"}");
    }

    @Test
    void emptyRequestBodyBecomesEmptyJsonObject() throws IOException {
        assertThat(new String(CborToJson.translate(new byte[0]), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void modelTimestampsGetTagOneAndModelDoublesStayDoubles() throws IOException {
        byte[] json = """
                {"Datapoints": [{"Timestamp": 1748779200, "Sum": 5}], "NotInModel": 7}
                """.getBytes(StandardCharsets.UTF_8);

        byte[] cbor = JsonToCbor.translate(json, CloudWatchShapes.outputOf("GetMetricStatistics"));

        Map<String, String> seen = describe(cbor);
        assertThat(seen).containsEntry("Timestamp", "tag 1 VALUE_NUMBER_INT")
                .containsEntry("Sum", "VALUE_NUMBER_FLOAT")
                .containsEntry("NotInModel", "VALUE_NUMBER_INT");
    }

    @Test
    void unknownOperationIsTranslatedByJsonTypeAlone() {
        assertThat(CloudWatchShapes.outputOf("NoSuchOperation")).isEmpty();
        assertThat(CloudWatchShapes.outputOf("../Evil")).isEmpty();
    }

    /** For each scalar member name: its CBOR tag (if any) and token type. */
    private static Map<String, String> describe(byte[] cbor) throws IOException {
        Map<String, String> seen = new LinkedHashMap<>();
        try (CBORParser parser = CBOR.createParser(cbor)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isScalarValue() && parser.currentName() != null) {
                    int tag = parser.getCurrentTag();
                    seen.put(parser.currentName(), (tag >= 0 ? "tag " + tag + " " : "") + token);
                }
            }
        }
        return seen;
    }
}
