package dev.ecscanary.aws;

import dev.ecscanary.port.BusyException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The SDK wraps what an interceptor throws in an {@link SdkClientException}; a refusal by our own
 * rate limit is unwrapped here so the engine sees it as "busy", not as a failed call.
 */
final class Busy {

    private Busy() {
    }

    static <T> T unlessRefused(Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkClientException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof BusyException busy) {
                    throw busy;
                }
            }
            throw e;
        }
    }
}
