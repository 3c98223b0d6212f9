package dev.ecscanary.aws.gates;

import dev.ecscanary.port.Gate.CallFailedException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;

/**
 * The AWS calls gates make, failing in words: which call, about what, and why; and, for the one
 * failure with a known cause, what to do about it.
 */
final class GateCalls {

    static final String CLOUDWATCH_PROTOCOL_HINT = "the endpoint does not serve CloudWatch's current protocol"
            + " (Smithy RPC v2 CBOR, which the AWS SDK speaks since 2.40); against a local emulator that serves only"
            + " its JSON protocol, such as moto 5.2, run with --emulator-cloudwatch-bridge";

    private GateCalls() {
    }

    /**
     * @param what the call and its subject, e.g. {@code CloudWatch DescribeAlarms for shop-green-5xx}
     * @throws CallFailedException when the SDK fails (after its own retries)
     */
    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failed(what, e);
        }
    }

    /** The failure of {@code what}, for a gate that handles some of the call's exceptions itself. */
    static CallFailedException failed(String what, SdkException e) {
        return new CallFailedException(what + " failed: " + why(e), e);
    }

    static String why(SdkException e) {
        if (!(e instanceof AwsServiceException service)) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        AwsErrorDetails details = service.awsErrorDetails();
        String code = details == null ? null : details.errorCode();
        String message = details == null ? null : details.errorMessage();
        StringBuilder why = new StringBuilder("HTTP ").append(service.statusCode());
        if (code != null && !code.isBlank()) {
            why.append(' ').append(code);
        }
        if (message != null && !message.isBlank()) {
            why.append(": ").append(message);
        }
        if (service instanceof CloudWatchException && service.statusCode() == 404) {
            why.append(" - ").append(CLOUDWATCH_PROTOCOL_HINT);
        }
        return why.toString();
    }
}
