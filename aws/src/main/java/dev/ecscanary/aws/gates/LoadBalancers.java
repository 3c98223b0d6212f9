package dev.ecscanary.aws.gates;

import dev.ecscanary.spec.ServiceSide;

/** The CloudWatch dimension of a side's load balancer, as the metric gates need it. */
final class LoadBalancers {

    private static final String ARN_MARKER = ":loadbalancer/";

    private LoadBalancers() {
    }

    /**
     * The {@code app/<name>/<id>} dimension; a load balancer ARN is accepted too and shortened to it.
     *
     * @throws IllegalArgumentException naming the field when the side has none
     */
    static String dimensionOf(ServiceSide side, String sideName, String gate) {
        String value = side == null ? null : side.loadBalancer();
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(sideName + ".loadBalancer is required by gate " + gate
                    + ": the load balancer's CloudWatch dimension, e.g. app/shop-" + sideName + "/50dc6c495c0c9188");
        }
        int marker = value.indexOf(ARN_MARKER);
        return marker >= 0 ? value.substring(marker + ARN_MARKER.length()) : value;
    }
}
