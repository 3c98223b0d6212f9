package dev.ecscanary.port;

import dev.ecscanary.spec.StackSpec;
import java.util.List;
import java.util.Map;

/**
 * Creates or updates one stack. {@link #apply} is idempotent: called again while the stack is
 * changing it reports progress; called once the stack holds the request it reports ready (no
 * changes is success).
 */
public interface StackOperator {

    StackProgress apply(StackRequest request);

    /**
     * @param earlierOutputs outputs of the stacks applied before this one; parameters the template
     *                       declares and the spec leaves out are taken from here by name
     */
    record StackRequest(String deploymentId, StackSpec stack, Map<String, String> earlierOutputs) {
    }

    sealed interface StackProgress {
        record InProgress(String status) implements StackProgress {
        }

        record Ready(Map<String, String> outputs, String status) implements StackProgress {
        }

        /** @param failures each failing resource and its reason */
        record Failed(String status, List<String> failures) implements StackProgress {
        }
    }
}
