package dev.ecscanary.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;

/**
 * What the watchdog ({@code ecs-canary watch}) does with this deployment once it is orphaned: its
 * driver's lease expired more than {@code after} ago and nobody took it over. Either field may be
 * left out; the watchdog's own defaults fill it in.
 *
 * @param after  how long after the lease expired the deployment counts as orphaned
 * @param action what then: fail back (the default), resume driving it, or only alert
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrphanPolicy(Duration after, Action action) {

    /** The watchdog's defaults: fail back 15 minutes after the lease expired. */
    public static final OrphanPolicy DEFAULTS = new OrphanPolicy(Duration.ofMinutes(15), Action.FAIL_BACK);

    /** This policy with what it leaves out taken from {@code defaults}. */
    public OrphanPolicy orElse(OrphanPolicy defaults) {
        return new OrphanPolicy(after != null ? after : defaults.after(), action != null ? action : defaults.action());
    }

    public enum Action {
        /** Take the lease and fail back to blue 100 / green 0. */
        FAIL_BACK("failBack"),
        /** Take the lease and drive the deployment on, as its driver would have. */
        RESUME("resume"),
        /** Only record an alert and say so; traffic stays as the orphan left it until a person acts. */
        ALERT("alert");

        private final String yamlName;

        Action(String yamlName) {
            this.yamlName = yamlName;
        }

        @JsonValue
        public String yamlName() {
            return yamlName;
        }

        @JsonCreator
        public static Action parse(String text) {
            String wanted = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
            for (Action action : values()) {
                if (action.yamlName.toLowerCase(Locale.ROOT).equals(wanted)) {
                    return action;
                }
            }
            throw new IllegalArgumentException("unknown orphan action '" + text + "' (known: failBack, resume, alert)");
        }
    }
}
