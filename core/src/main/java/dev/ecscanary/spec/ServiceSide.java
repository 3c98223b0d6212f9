package dev.ecscanary.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One side of the deployment: its ECS service and what fronts it.
 *
 * @param targetGroup  the target group ARN (health of green's targets; CloudWatch dimension)
 * @param loadBalancer the load balancer's CloudWatch dimension value ({@code app/name/id}), for the
 *                     metric gates; optional when no metric gate needs it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceSide(String cluster, String service, String targetGroup, String loadBalancer) {
}
