package dev.ecscanary.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Route53 budget this process keeps to, as AWS states it: token buckets per account. Every
 * request takes a token from the account's bucket and one from its operation's own bucket; a
 * request that changes records also takes one token per change from the change bucket, two for an
 * UPSERT. A bucket holds at most its burst and refills at its rate.
 *
 * @param account      all operations together
 * @param perOperation each operation's own bucket, unless {@code operations} names it; null: none
 * @param operations   operations whose own bucket differs, by API name ({@code GetChange}, …)
 * @param changes      record changes; null: not counted
 */
public record Route53Limits(Bucket account, Bucket perOperation, Map<String, Bucket> operations, Bucket changes) {

    /** @param burst the most tokens it holds; @param refillPerSecond tokens added each second */
    public record Bucket(double burst, double refillPerSecond) {
        public Bucket {
            if (!(burst >= 1) || !Double.isFinite(burst)) {
                throw new IllegalArgumentException("a bucket's burst must be at least 1, was " + burst);
            }
            if (!(refillPerSecond > 0) || !Double.isFinite(refillPerSecond)) {
                throw new IllegalArgumentException("a bucket's refill must be positive, was " + refillPerSecond);
            }
        }

        @Override
        public String toString() {
            return format(burst) + "/" + format(refillPerSecond);
        }
    }

    /**
     * AWS's published request buckets (all operations: burst 50, refill 10/s; each operation the
     * same unless listed otherwise, and none this tool calls is). The change bucket's figure is set
     * lower than the request rate, to stay clear of a budget an account may have lowered; give
     * yours with {@code changes=B/R}.
     */
    public static final Route53Limits CURRENT = new Route53Limits(new Bucket(50, 10), new Bucket(50, 10), Map.of(),
            new Bucket(20, 5));

    /** The older guidance: five requests per second per account, evenly, no change budget. */
    public static final Route53Limits LEGACY = new Route53Limits(new Bucket(1, 5), null, Map.of(), null);

    private static final Pattern ENTRY = Pattern.compile("([A-Za-z]+)=([0-9.]+)/([0-9.]+)");

    public Route53Limits {
        java.util.Objects.requireNonNull(account, "account");
        operations = operations == null ? Map.of() : Map.copyOf(operations);
    }

    /** The bucket of {@code operation}'s own requests, or null if operations have none. */
    Bucket operation(String operation) {
        return operations.getOrDefault(operation, perOperation);
    }

    /**
     * {@code current}, {@code legacy}, or {@code current} changed by comma-separated
     * {@code name=BURST/REFILL} entries, where a name is {@code account}, {@code operation} (each
     * operation's default), {@code changes}, or an operation's API name such as {@code GetChange}.
     *
     * @throws IllegalArgumentException saying which part is wrong and what is expected
     */
    public static Route53Limits parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.equalsIgnoreCase("current")) {
            return CURRENT;
        }
        if (trimmed.equalsIgnoreCase("legacy")) {
            return LEGACY;
        }
        Bucket account = CURRENT.account;
        Bucket perOperation = CURRENT.perOperation;
        Bucket changes = CURRENT.changes;
        Map<String, Bucket> operations = new LinkedHashMap<>(CURRENT.operations);
        for (String part : trimmed.split(",")) {
            Matcher entry = ENTRY.matcher(part.trim());
            if (!entry.matches()) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not NAME=BURST/REFILL (e.g. account=50/10, "
                        + "changes=20/5, GetChange=50/10); or give 'current' or 'legacy'");
            }
            Bucket bucket;
            try {
                bucket = new Bucket(Double.parseDouble(entry.group(2)), Double.parseDouble(entry.group(3)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part.trim() + "': BURST and REFILL must be numbers");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + part.trim() + "': " + e.getMessage());
            }
            switch (entry.group(1)) {
                case "account" -> account = bucket;
                case "operation" -> perOperation = bucket;
                case "changes" -> changes = bucket;
                default -> {
                    if (!Character.isUpperCase(entry.group(1).charAt(0))) {
                        throw new IllegalArgumentException("'" + entry.group(1) + "' is neither account, operation, "
                                + "changes nor a Route53 API operation name such as GetChange");
                    }
                    operations.put(entry.group(1), bucket);
                }
            }
        }
        return new Route53Limits(account, perOperation, operations, changes);
    }

    @Override
    public String toString() {
        if (equals(LEGACY)) {
            return "legacy (" + format(LEGACY.account.refillPerSecond) + " requests/s)";
        }
        StringBuilder text = new StringBuilder("account=" + account);
        if (perOperation != null) {
            text.append(",operation=").append(perOperation);
        }
        operations.forEach((name, bucket) -> text.append(',').append(name).append('=').append(bucket));
        if (changes != null) {
            text.append(",changes=").append(changes);
        }
        return text.toString();
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
