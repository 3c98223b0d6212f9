package dev.ecscanary.localaws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Re-encodes an rpcv2-CBOR request body as the equivalent AWS JSON 1.0 body.
 *
 * <p>The two protocols share member names and structure; only the encoding of some values differs:
 * a timestamp is tag 1 over epoch seconds in CBOR and a plain epoch-seconds number in JSON, a blob is
 * a byte string in CBOR and base64 text in JSON, and NaN/Infinity are CBOR floats but JSON strings.
 * No model is needed in this direction because every CBOR value says what it is.
 */
final class CborToJson {

    private static final CBORFactory CBOR = new CBORFactory();
    // "NaN"/"Infinity" as strings, which is how the JSON protocol spells them (also Jackson's default).
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
    private static final int EPOCH_SECONDS_TAG = 1;

    private CborToJson() {
    }

    static byte[] translate(byte[] cbor) throws IOException {
        if (cbor.length == 0) {
            // An operation without input may send no body at all; the JSON protocol wants an object.
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(cbor.length * 2);
        try (CBORParser parser = CBOR.createParser(cbor);
             JsonGenerator generator = JSON.createGenerator(out)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isNumeric() && parser.getCurrentTag() == EPOCH_SECONDS_TAG) {
                    writeEpochSeconds(parser, generator);
                } else {
                    // Byte strings arrive as embedded byte[] and are written as base64 text.
                    generator.copyCurrentEvent(parser);
                }
            }
        }
        return out.toByteArray();
    }

    private static void writeEpochSeconds(CBORParser parser, JsonGenerator generator) throws IOException {
        if (parser.getCurrentToken() == JsonToken.VALUE_NUMBER_INT) {
            generator.writeNumber(parser.getLongValue());
        } else {
            // Plain notation: 1764130000.5 rather than Java's 1.7641300005E9.
            generator.writeNumber(BigDecimal.valueOf(parser.getDoubleValue()).toPlainString());
        }
    }
}
