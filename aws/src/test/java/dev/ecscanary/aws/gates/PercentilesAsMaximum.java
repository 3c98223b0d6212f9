package dev.ecscanary.aws.gates;

import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * Moto cannot compute percentiles (GetMetricData with p99 crashes it): this records each
 * GetMetricData request as the code made it, then asks moto for the Maximum instead. With one
 * response time per minute, the two are the same value.
 */
final class PercentilesAsMaximum implements ExecutionInterceptor {

    private final List<GetMetricDataRequest> asked;

    PercentilesAsMaximum(List<GetMetricDataRequest> asked) {
        this.asked = asked;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof GetMetricDataRequest request)) {
            return context.request();
        }
        asked.add(request);
        return request.toBuilder().metricDataQueries(request.metricDataQueries().stream()
                .map(query -> "p99".equals(query.metricStat().stat())
                        ? query.toBuilder().metricStat(withStat(query.metricStat(), "Maximum")).build()
                        : query)
                .toList()).build();
    }

    private static MetricStat withStat(MetricStat stat, String value) {
        return stat.toBuilder().stat(value).build();
    }
}
