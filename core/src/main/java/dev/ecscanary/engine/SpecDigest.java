package dev.ecscanary.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.Mappers;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A fingerprint of a spec, to tell a re-submission of the same deployment from a different one. */
final class SpecDigest {

    private SpecDigest() {
    }

    static String of(CanarySpec spec) {
        try {
            byte[] canonical = Mappers.json().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsBytes(spec);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical);
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the spec", e);
        }
    }
}
