package dev.ecscanary.localaws;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchResponse;

/** The SDK model's output members of a CloudWatch operation, read from the generated response class. */
final class CloudWatchShapes {

    private static final Pattern OPERATION_NAME = Pattern.compile("[A-Za-z0-9]+");
    private static final String MODEL_PACKAGE = CloudWatchResponse.class.getPackageName();
    private static final Map<String, List<SdkField<?>>> OUTPUTS = new ConcurrentHashMap<>();

    private CloudWatchShapes() {
    }

    /** Empty when the operation is unknown to this SDK: its answer is then translated by JSON type alone. */
    static List<SdkField<?>> outputOf(String operation) {
        if (!OPERATION_NAME.matcher(operation).matches()) {
            return List.of();
        }
        return OUTPUTS.computeIfAbsent(operation, CloudWatchShapes::load);
    }

    private static List<SdkField<?>> load(String operation) {
        try {
            Object builder = Class.forName(MODEL_PACKAGE + "." + operation + "Response").getMethod("builder").invoke(null);
            return ((SdkPojo) builder).sdkFields();
        } catch (ReflectiveOperationException | ClassCastException e) {
            return List.of();
        }
    }
}
