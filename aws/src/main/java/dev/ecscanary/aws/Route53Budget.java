package dev.ecscanary.aws;

import dev.ecscanary.aws.Route53Limits.Bucket;
import dev.ecscanary.port.BusyException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;

/**
 * Keeps every Route53 request of this process, retries included, within the account's budget as
 * {@link Route53Limits} describes it, however many deployments share it: each attempt takes its
 * tokens (account, operation, and changes) before it is sent, waiting for them if it must. A request
 * that would wait longer than {@link #MAX_WAIT} is refused as busy instead, which the engine waits
 * out without counting an error.
 *
 * <p>Other processes and people spend the same account's budget, so AWS may still answer
 * {@code Throttling}: then this budget halves its refill rates at once and wins them back a tenth
 * every {@link #RECOVERY_STEP} without another throttling answer (additive increase, multiplicative
 * decrease, as TCP does).
 */
final class Route53Budget implements ExecutionInterceptor {

    /**
     * Long enough to smooth a burst of polls, short enough not to hold a thread: past it the
     * request is refused as busy and the engine tries again later, without counting an error.
     */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);
    static final Duration RECOVERY_STEP = Duration.ofSeconds(10);
    static final double MIN_FACTOR = 1.0 / 16;

    private final Route53Limits limits;
    private final LongSupplier nanoTime;
    private final TokenBucket account;
    private final TokenBucket changes;
    private final Map<String, TokenBucket> operations = new HashMap<>();
    private double factor = 1;
    private long factorSince;
    private long requests;
    private long changesCounted;
    private long throttlings;

    Route53Budget(Route53Limits limits) {
        this(limits, System::nanoTime);
    }

    Route53Budget(Route53Limits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        this.factorSince = now;
        this.account = new TokenBucket(limits.account(), now);
        this.changes = limits.changes() == null ? null : new TokenBucket(limits.changes(), now);
    }

    /**
     * Takes the tokens of one request now and says how long it must wait before it is sent.
     *
     * @param changeCount record changes it makes, an UPSERT counted twice (0 for a read)
     * @throws BusyException if it would have to wait longer than {@link #MAX_WAIT}; nothing is taken
     */
    synchronized Duration reserve(String operation, int changeCount) {
        long now = nanoTime.getAsLong();
        recover(now);
        TokenBucket own = operationBucket(operation, now);
        long wait = account.nanosUntil(1, now, factor);
        if (own != null) {
            wait = Math.max(wait, own.nanosUntil(1, now, factor));
        }
        if (changes != null && changeCount > 0) {
            wait = Math.max(wait, changes.nanosUntil(changeCount, now, factor));
        }
        if (wait > MAX_WAIT.toNanos()) {
            throw new BusyException("this process's Route53 budget is used up (many deployments at once; "
                    + limits + (factor < 1 ? ", slowed to " + Math.round(100 * factor) + "% after Route53 answered "
                    + "Throttling" : "") + ")");
        }
        account.take(1);
        if (own != null) {
            own.take(1);
        }
        if (changes != null && changeCount > 0) {
            changes.take(changeCount);
        }
        requests++;
        changesCounted += changeCount;
        return Duration.ofNanos(wait);
    }

    /** Route53 answered Throttling: someone else spends the account's budget too. Slow down now. */
    synchronized void throttled() {
        long now = nanoTime.getAsLong();
        refillAll(now);
        factor = Math.max(MIN_FACTOR, factor / 2);
        factorSince = now;
        throttlings++;
        account.spendBurst();
        operations.values().forEach(TokenBucket::spendBurst);
        if (changes != null) {
            changes.spendBurst();
        }
    }

    /** The share of the configured rates in use: 1 unless Route53 answered Throttling lately. */
    synchronized double factor() {
        recover(nanoTime.getAsLong());
        return factor;
    }

    synchronized Usage usage() {
        return new Usage(requests, changesCounted, throttlings);
    }

    /** What this budget let through: requests, record changes (an UPSERT counted twice), throttling answers. */
    record Usage(long requests, long changes, long throttlings) {
    }

    private void recover(long now) {
        long steps = (now - factorSince) / RECOVERY_STEP.toNanos();
        if (factor < 1 && steps > 0) {
            refillAll(now);
            factor = Math.min(1, factor + 0.1 * steps);
            factorSince += steps * RECOVERY_STEP.toNanos();
        } else if (factor >= 1) {
            factorSince = now;
        }
    }

    private void refillAll(long now) {
        account.refill(now, factor);
        operations.values().forEach(bucket -> bucket.refill(now, factor));
        if (changes != null) {
            changes.refill(now, factor);
        }
    }

    private TokenBucket operationBucket(String operation, long now) {
        Bucket configured = limits.operation(operation);
        return configured == null ? null : operations.computeIfAbsent(operation, o -> new TokenBucket(configured, now));
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Duration wait = reserve(operation == null ? "unknown" : operation, changeCount(context.request()));
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SdkClientException.create("interrupted while waiting for the Route53 budget", e);
            }
        }
    }

    /** Reads an error answer's code before the SDK does, to slow down on every throttled attempt, retries too. */
    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        Optional<InputStream> body = context.responseBody();
        if (context.httpResponse().statusCode() != 400 || body.isEmpty()) {
            return body;
        }
        byte[] bytes;
        try (InputStream in = body.get()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading Route53's error answer", e);
        }
        if (new String(bytes, StandardCharsets.UTF_8).contains("<Code>Throttling</Code>")) {
            throttled();
        }
        return Optional.of(new ByteArrayInputStream(bytes));
    }

    /** Record changes as Route53 counts them: one each, two for an UPSERT. */
    static int changeCount(SdkRequest request) {
        if (!(request instanceof ChangeResourceRecordSetsRequest change) || change.changeBatch() == null) {
            return 0;
        }
        int count = 0;
        for (Change c : change.changeBatch().changes()) {
            count += c.action() == ChangeAction.UPSERT ? 2 : 1;
        }
        return count;
    }

    /** One bucket's tokens, which may go below zero: reservations made for requests still waiting. */
    private static final class TokenBucket {
        private final Bucket limits;
        private double tokens;
        private long at;

        TokenBucket(Bucket limits, long now) {
            this.limits = limits;
            this.tokens = limits.burst();
            this.at = now;
        }

        void refill(long now, double factor) {
            if (now > at) {
                tokens = Math.min(limits.burst(), tokens + (now - at) / 1e9 * limits.refillPerSecond() * factor);
                at = now;
            }
        }

        long nanosUntil(double needed, long now, double factor) {
            refill(now, factor);
            return tokens >= needed ? 0 : (long) Math.ceil((needed - tokens) / (limits.refillPerSecond() * factor) * 1e9);
        }

        void take(double count) {
            tokens -= count;
        }

        /** No burst right after a throttling answer: only what refills from now on. */
        void spendBurst() {
            tokens = Math.min(tokens, 0);
        }
    }
}
