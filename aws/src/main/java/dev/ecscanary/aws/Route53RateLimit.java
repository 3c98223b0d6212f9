package dev.ecscanary.aws;

import dev.ecscanary.port.BusyException;
import dev.failsafe.RateLimiter;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Keeps every Route53 request of this process, retries included, within one rate: AWS allows about
 * five per second per account, and many deployments on one controller share that budget. A request
 * that cannot get a permit within {@link #MAX_WAIT} is refused as busy (see {@link Busy}).
 *
 * <p>Failsafe's smooth limiter spaces permits evenly but aligns them to interval boundaries, so
 * after a quiet spell two permits can fall close together; the default rate of 4 per second (see
 * {@link AwsSettings}) leaves room for that and still keeps every second at AWS within 5.
 */
final class Route53RateLimit implements ExecutionInterceptor {

    /**
     * Long enough to smooth a burst of polls, short enough not to hold a thread: past it the
     * request is refused as busy and the engine tries again later, without counting an error.
     */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final RateLimiter<Object> limiter;

    Route53RateLimit(double perSecond) {
        Duration interval = Duration.ofNanos((long) (1_000_000_000L / perSecond));
        this.limiter = RateLimiter.smoothBuilder(interval).withMaxWaitTime(MAX_WAIT).build();
    }

    /** Reserves the next permit without waiting for it: how long its request would wait. For tests. */
    Duration reservePermit() {
        return limiter.reservePermit();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        try {
            if (!limiter.tryAcquirePermit(MAX_WAIT)) {
                throw new BusyException("this process's Route53 request rate is used up (many deployments at once)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted while waiting for a Route53 request permit", e);
        }
    }
}
