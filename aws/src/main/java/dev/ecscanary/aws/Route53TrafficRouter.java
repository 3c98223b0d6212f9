package dev.ecscanary.aws;

import dev.ecscanary.port.BusyException;
import dev.ecscanary.port.TrafficRouter;
import dev.ecscanary.port.WeightsDriftedException;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Weights;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.InvalidInputException;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The two weighted records of a {@link DnsSpec} in Route53. Weights are changed by copying both
 * record sets as they are (alias target, TTL, values, health check, everything) with only the
 * weight changed, in one ChangeResourceRecordSets batch, which Route53 applies whole or not at
 * all: traffic is never split by a half-written change. The batch is a compare-and-swap (see
 * {@link #setWeights}): a weight someone else wrote is never overwritten.
 *
 * <p>SDK errors (throttling included, after the retries configured in {@link AwsClients}) are
 * left to the engine, which retries the tick; records that are missing or not weighted are an
 * {@link IllegalStateException} that says what was found instead.
 */
public final class Route53TrafficRouter implements TrafficRouter {

    /** Compare-and-swaps refused because the records changed under them, before giving up for this tick. */
    static final int MAX_SWAP_ATTEMPTS = 3;

    /** The most ListResourceRecordSets returns in one page. */
    static final int MAX_PAGE_SIZE = 300;

    private static final String HOSTED_ZONE_PREFIX = "/hostedzone/";
    private static final String CHANGE_PREFIX = "/change/";
    private static final Pattern ROUTE53_ID = Pattern.compile("[A-Za-z0-9]+");
    // Route53 lists names with special characters as octal escapes: '*' comes back as '\052'.
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

    /**
     * How long the TTL of records this router just wrote is taken from what it wrote, instead of
     * reading them again: the engine asks for it as soon as the change is in sync.
     */
    static final Duration WRITTEN_TTL_KEPT = Duration.ofMinutes(10);

    /**
     * What a swap DELETEs. Route53 refuses a DELETE of a record that changed since it was last read
     * or written, so naming the records as last known needs no read before each swap; a server that
     * does not compare a DELETE with the record (moto 5.2.1, see {@link #setWeights}) needs them read
     * and compared just before.
     */
    public enum SwapBasis {
        /** The records as this router last read or wrote them: Route53. */
        LAST_KNOWN,
        /** The records as read just before the swap: any server. */
        FRESH_READ;

        /** LAST_KNOWN for AWS's own endpoints; FRESH_READ where an endpoint is set (an emulator, perhaps). */
        public static SwapBasis forEndpoint(java.util.Optional<java.net.URI> endpointOverride) {
            return endpointOverride.isPresent() ? FRESH_READ : LAST_KNOWN;
        }
    }

    private final Route53Client route53;
    private final int pageSize;
    private final InstantSource clock;
    private final SwapBasis basis;
    private final Map<DnsSpec, WrittenTtl> writtenTtls = new ConcurrentHashMap<>();
    private final Map<DnsSpec, WeightedPair> lastKnown = new ConcurrentHashMap<>();

    private record WrittenTtl(Duration ttl, Instant writtenAt) {
    }

    /** Reading the records before every swap: right with any server. */
    public Route53TrafficRouter(Route53Client route53) {
        this(route53, MAX_PAGE_SIZE, InstantSource.system(), SwapBasis.FRESH_READ);
    }

    public Route53TrafficRouter(Route53Client route53, SwapBasis basis) {
        this(route53, MAX_PAGE_SIZE, InstantSource.system(), basis);
    }

    /** On another clock (the benchmark's virtual one). */
    public Route53TrafficRouter(Route53Client route53, InstantSource clock, SwapBasis basis) {
        this(route53, MAX_PAGE_SIZE, clock, basis);
    }

    /** With a smaller page, so tests can make the listing span pages. */
    Route53TrafficRouter(Route53Client route53, int pageSize) {
        this(route53, pageSize, InstantSource.system(), SwapBasis.FRESH_READ);
    }

    private Route53TrafficRouter(Route53Client route53, int pageSize, InstantSource clock, SwapBasis basis) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.route53 = Objects.requireNonNull(route53, "route53");
        this.basis = Objects.requireNonNull(basis, "basis");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1.." + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        this.pageSize = pageSize;
    }

    @Override
    public Weights currentWeights(DnsSpec dns) {
        return weightedPair(dns).weights();
    }

    /**
     * Route53 has no conditional write, but a batch applies whole or not at all, and a DELETE must
     * name a record exactly as it is. So one batch DELETEs both records exactly as last known (as
     * this router last read or wrote them, if they then held {@code expected}; else as read now) and
     * CREATEs them again with the new weights: a record changed since makes Route53 refuse the whole
     * batch (InvalidChangeBatch), and the records are read and compared with {@code expected} again.
     * Weights other than {@code expected} are drift (a change made at any time since the
     * deployment's last write), and nothing is written.
     *
     * <p>A server that refuses to swap records it then lists exactly as they were sent does not
     * compare a DELETE with the record (moto 5.2.1 compares it with its own journal of changes, and
     * refuses to CREATE a record it created before): the weights, just compared, are then written
     * with UPSERT, which leaves only the moment between that read and the write unguarded.
     */
    @Override
    public String setWeights(DnsSpec dns, Weights expected, Weights next) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        WeightedPair known = basis == SwapBasis.LAST_KNOWN ? lastKnown.get(dns) : null;
        WeightedPair pair = known != null && known.weights().equals(expected) ? known : weightedPair(dns);
        for (int attempt = 1; ; attempt++) {
            if (!pair.weights().equals(expected)) {
                throw new WeightsDriftedException(pair.recordName(), expected, pair.weights());
            }
            try {
                return write(dns, pair, next, swap(pair, next));
            } catch (InvalidChangeBatchException | InvalidInputException refused) {
                WeightedPair now = weightedPair(dns);
                if (now.equals(pair)) {
                    return write(dns, now, next, List.of(change(ChangeAction.UPSERT, now.blue(), next.blue()),
                            change(ChangeAction.UPSERT, now.green(), next.green())));
                }
                if (attempt == MAX_SWAP_ATTEMPTS) {
                    throw new BusyException("the records of " + pair.recordName() + " changed between reading and "
                            + "writing them " + attempt + " times in a row: " + refused.getMessage());
                }
                // They changed under the write: compare them again as they are now.
                pair = now;
            }
        }
    }

    private String write(DnsSpec dns, WeightedPair pair, Weights next, List<Change> changes) {
        ChangeInfo change = Busy.unlessRefused(() -> route53.changeResourceRecordSets(b -> b
                .hostedZoneId(hostedZoneId(dns))
                .changeBatch(batch -> batch.comment("ecs-canary: " + next).changes(changes)))
                .changeInfo());
        writtenTtls.put(dns, new WrittenTtl(ttlOf(pair), clock.instant()));
        // The records now hold exactly what the batch created.
        lastKnown.put(dns, new WeightedPair(pair.recordName(), change(ChangeAction.CREATE, pair.blue(), next.blue())
                .resourceRecordSet(), change(ChangeAction.CREATE, pair.green(), next.green()).resourceRecordSet()));
        return changeId(change.id());
    }

    /** Each record DELETEd exactly as read and CREATEd with its new weight: in one batch, a compare-and-swap. */
    private static List<Change> swap(WeightedPair pair, Weights next) {
        return List.of(change(ChangeAction.DELETE, pair.blue(), pair.weights().blue()),
                change(ChangeAction.CREATE, pair.blue(), next.blue()),
                change(ChangeAction.DELETE, pair.green(), pair.weights().green()),
                change(ChangeAction.CREATE, pair.green(), next.green()));
    }

    private static Change change(ChangeAction action, ResourceRecordSet existing, int weight) {
        ResourceRecordSet.Builder copy = existing.toBuilder().weight((long) weight);
        if (existing.aliasTarget() != null) {
            // An alias record takes its TTL and values from the target; Route53 refuses either in a
            // change, and some listings (moto) report them anyway.
            copy.ttl(null).resourceRecords((List<ResourceRecord>) null);
        }
        return Change.builder().action(action).resourceRecordSet(copy.build()).build();
    }

    @Override
    public boolean isInSync(String changeId) {
        String id = changeId(changeId);
        ChangeInfo change = Busy.unlessRefused(() -> route53.getChange(b -> b.id(id)).changeInfo());
        ChangeStatus status = change.status() == null ? ChangeStatus.UNKNOWN_TO_SDK_VERSION : change.status();
        return switch (status) {
            case INSYNC -> true;
            case PENDING -> false;
            default -> throw new IllegalStateException("Route53 change " + id + " has status '"
                    + change.statusAsString() + "', neither PENDING nor INSYNC");
        };
    }

    /**
     * The records' TTL: as this router wrote them within {@link #WRITTEN_TTL_KEPT}, which saves a
     * read of the account's Route53 budget per step, else as Route53 holds them now.
     */
    @Override
    public Duration ttl(DnsSpec dns) {
        WrittenTtl written = writtenTtls.get(dns);
        if (written != null && clock.instant().isBefore(written.writtenAt().plus(WRITTEN_TTL_KEPT))) {
            return written.ttl();
        }
        return ttlOf(weightedPair(dns));
    }

    private static Duration ttlOf(WeightedPair pair) {
        if (pair.stream().anyMatch(set -> set.aliasTarget() != null)) {
            return DnsSpec.ALIAS_TTL;
        }
        // Resolvers may hold either answer for its own TTL: wait for the longer one.
        long seconds = pair.stream().map(ResourceRecordSet::ttl).filter(Objects::nonNull).mapToLong(Long::longValue)
                .max().orElseThrow(() -> new IllegalStateException("records " + pair.describe() + " have no TTL"));
        return Duration.ofSeconds(seconds);
    }

    /**
     * Whether Route53 looks at health for these records (an alias with EvaluateTargetHealth, or a
     * health check). Then a zero-weight record still gets traffic when the other side is unhealthy:
     * green can receive everything before its first step. Hosts warn about it; our templates set
     * EvaluateTargetHealth false and attach no health checks.
     */
    public boolean evaluatesHealth(DnsSpec dns) {
        return weightedPair(dns).stream().anyMatch(set -> set.healthCheckId() != null
                || (set.aliasTarget() != null && Boolean.TRUE.equals(set.aliasTarget().evaluateTargetHealth())));
    }

    // ---------------------------------------------------------------------------------------------
    // Finding the records
    // ---------------------------------------------------------------------------------------------

    /** Blue's and green's record sets, as Route53 holds them. */
    record WeightedPair(String recordName, ResourceRecordSet blue, ResourceRecordSet green) {

        Stream<ResourceRecordSet> stream() {
            return Stream.of(blue, green);
        }

        Weights weights() {
            try {
                return new Weights(Math.toIntExact(blue.weight()), Math.toIntExact(green.weight()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("records " + describe() + " cannot be a canary split: "
                        + e.getMessage(), e);
            }
        }

        String describe() {
            return recordName + " " + Route53TrafficRouter.describe(blue) + " and "
                    + Route53TrafficRouter.describe(green);
        }
    }

    WeightedPair weightedPair(DnsSpec dns) {
        Objects.requireNonNull(dns, "dns");
        String zone = hostedZoneId(dns);
        String name = requireText("dns.recordName", dns.recordName());
        String blueId = requireText("dns.blueSetIdentifier", dns.blueSetIdentifier());
        String greenId = requireText("dns.greenSetIdentifier", dns.greenSetIdentifier());
        List<ResourceRecordSet> named = recordsNamed(zone, name);
        ResourceRecordSet blue = weighted(named, zone, name, "blue", blueId);
        ResourceRecordSet green = weighted(named, zone, name, "green", greenId);
        if (!blue.typeAsString().equals(green.typeAsString())) {
            throw new IllegalStateException("the blue and green records of " + name + " must have the same type to "
                    + "split its traffic, but blue '" + blueId + "' is " + blue.typeAsString() + " and green '"
                    + greenId + "' is " + green.typeAsString());
        }
        WeightedPair pair = new WeightedPair(name, blue, green);
        lastKnown.put(dns, pair);
        return pair;
    }

    private static ResourceRecordSet weighted(List<ResourceRecordSet> named, String zone, String name, String side,
                                              String setIdentifier) {
        List<ResourceRecordSet> matching = named.stream().filter(set -> setIdentifier.equals(set.setIdentifier()))
                .toList();
        String found = named.isEmpty() ? "it has no records at all"
                : "its records are: " + named.stream().map(Route53TrafficRouter::describe)
                        .collect(Collectors.joining(", "));
        if (matching.isEmpty()) {
            throw new IllegalStateException("the " + side + " record of " + name + " (SetIdentifier '" + setIdentifier
                    + "') is missing from hosted zone " + zone + "; " + found);
        }
        if (matching.size() > 1) {
            throw new IllegalStateException("the " + side + " SetIdentifier '" + setIdentifier + "' of " + name
                    + " names " + matching.size() + " records (" + found + "); ecs-canary shifts one weighted pair "
                    + "of one type");
        }
        ResourceRecordSet set = matching.get(0);
        if (set.weight() == null) {
            throw new IllegalStateException("the " + side + " record of " + name + " (SetIdentifier '" + setIdentifier
                    + "') is not a weighted record: " + describe(set));
        }
        return set;
    }

    /** Every record set named {@code name}, read from the first page that can hold it onwards. */
    private List<ResourceRecordSet> recordsNamed(String zone, String name) {
        String wanted = canonicalName(name);
        List<ResourceRecordSet> found = new ArrayList<>();
        // Pages may overlap where a server cannot start a page at a SetIdentifier (moto): keep each set once.
        Set<String> seen = new HashSet<>();
        // Route53 compares names case-insensitively, moto does not: start at the lower-case form.
        ListResourceRecordSetsRequest request = ListResourceRecordSetsRequest.builder()
                .hostedZoneId(zone).startRecordName(wanted).maxItems(Integer.toString(pageSize)).build();
        while (true) {
            ListResourceRecordSetsRequest asked = request;
            ListResourceRecordSetsResponse page = Busy.unlessRefused(() -> route53.listResourceRecordSets(asked));
            for (ResourceRecordSet set : page.resourceRecordSets()) {
                // Sets are listed sorted by name, starting at ours: the first other name ends our part.
                if (!canonicalName(set.name()).equals(wanted)) {
                    return found;
                }
                if (seen.add(set.typeAsString() + " " + set.setIdentifier())) {
                    found.add(set);
                }
            }
            if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextRecordName() == null
                    || !canonicalName(page.nextRecordName()).equals(wanted)) {
                return found;
            }
            ListResourceRecordSetsRequest next = request.toBuilder().startRecordName(page.nextRecordName())
                    .startRecordType(page.nextRecordTypeAsString())
                    .startRecordIdentifier(page.nextRecordIdentifier()).build();
            if (next.equals(request)) {
                throw new IllegalStateException("Route53 listed the records of " + name + " in hosted zone " + zone
                        + " without getting further than " + describeStart(request) + " (too many record sets of "
                        + "one name and type for a page of " + pageSize + ")");
            }
            request = next;
        }
    }

    private static String describeStart(ListResourceRecordSetsRequest request) {
        return request.startRecordName() + " " + request.startRecordTypeAsString() + " "
                + request.startRecordIdentifier();
    }

    /** Names as DNS compares them: case-insensitive, with or without the final dot, escapes decoded. */
    static String canonicalName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String absolute = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        Matcher escape = OCTAL_ESCAPE.matcher(absolute);
        StringBuilder decoded = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(decoded,
                    Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(escape.group(1), 8))));
        }
        escape.appendTail(decoded);
        return decoded.toString();
    }

    private static String describe(ResourceRecordSet set) {
        StringBuilder text = new StringBuilder(set.typeAsString());
        if (set.setIdentifier() != null) {
            text.append(" '").append(set.setIdentifier()).append("'");
        }
        if (set.weight() != null) {
            text.append(" weight ").append(set.weight());
        } else if (set.setIdentifier() != null) {
            text.append(" (not weighted)");
        }
        if (set.aliasTarget() != null) {
            text.append(" alias to ").append(set.aliasTarget().dnsName());
        }
        return text.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Ids
    // ---------------------------------------------------------------------------------------------

    /** {@code Z0123…} or {@code /hostedzone/Z0123…}, as the console and the API show it, without prefix. */
    static String hostedZoneId(DnsSpec dns) {
        return bareId("dns.hostedZoneId", requireText("dns.hostedZoneId", dns.hostedZoneId()), HOSTED_ZONE_PREFIX);
    }

    /** {@code C0123…} or {@code /change/C0123…}, without prefix. */
    static String changeId(String changeId) {
        return bareId("changeId", requireText("changeId", changeId), CHANGE_PREFIX);
    }

    private static String bareId(String what, String id, String prefix) {
        String bare = id.strip().startsWith(prefix) ? id.strip().substring(prefix.length()) : id.strip();
        if (!ROUTE53_ID.matcher(bare).matches()) {
            throw new IllegalArgumentException(what + " must look like X0123456789ABC or " + prefix
                    + "X0123456789ABC, was '" + id + "'");
        }
        return bare;
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required, was " + (value == null ? "null" : "blank"));
        }
        return value;
    }
}
