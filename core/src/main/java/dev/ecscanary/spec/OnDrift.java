package dev.ecscanary.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a deployment does when Route53's records hold other weights than it last wrote (someone,
 * or another tool, changed them): it stops shifting either way, alerts, and then
 */
public enum OnDrift {
    /** fails back to blue 100 / green 0, swapping against the weights found (the default). */
    FAIL_BACK("failBack"),
    /**
     * waits for a person: restoring the weights it wrote carries on, {@code ecs-canary rollback}
     * fails back, and nobody acting within {@code timeouts.approval} fails back too.
     */
    ALERT("alert");

    public static final OnDrift DEFAULT = FAIL_BACK;

    private final String yamlName;

    OnDrift(String yamlName) {
        this.yamlName = yamlName;
    }

    @JsonValue
    public String yamlName() {
        return yamlName;
    }

    @JsonCreator
    public static OnDrift parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (OnDrift policy : values()) {
            if (policy.yamlName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown onDrift '" + text + "' (known: failBack, alert)");
    }
}
