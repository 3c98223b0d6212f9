package dev.ecscanary.aws;

import dev.failsafe.RateLimiter;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Keeps every Route53 request of this process, retries included, within one rate: AWS allows about
 * five per second per account, and many deployments on one controller share that budget. A request
 * that cannot get a permit within {@link #MAX_WAIT} fails (the engine retries it later) rather
 * than holding a thread indefinitely.
 */
final class Route53RateLimit implements ExecutionInterceptor {

    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final RateLimiter<Object> limiter;

    Route53RateLimit(double perSecond) {
        Duration interval = Duration.ofNanos((long) (1_000_000_000L / perSecond));
        this.limiter = RateLimiter.smoothBuilder(interval).withMaxWaitTime(MAX_WAIT).build();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        try {
            if (!limiter.tryAcquirePermit(MAX_WAIT)) {
                throw SdkClientException.create("Route53 request rate limit: no permit within " + MAX_WAIT.toSeconds()
                        + "s (too many deployments polling at once)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted while waiting for a Route53 request permit", e);
        }
    }
}
