package dev.ecscanary.aws;

import java.util.List;

/**
 * A stack request that cannot succeed as it stands (a template too large, a parameter the template
 * does not declare, a stack that must be deleted first…): it becomes a {@code Failed} progress with
 * these reasons instead of an error the engine would retry.
 */
final class StackRequestRejected extends RuntimeException {

    private final String status;
    private final List<String> reasons;

    StackRequestRejected(String status, List<String> reasons) {
        super(status + ": " + String.join("; ", reasons));
        this.status = status;
        this.reasons = List.copyOf(reasons);
    }

    String status() {
        return status;
    }

    List<String> reasons() {
        return reasons;
    }
}
