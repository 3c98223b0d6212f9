package dev.ecscanary.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.Route53ServiceClientConfiguration;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.GetChangeRequest;
import software.amazon.awssdk.services.route53.model.GetChangeResponse;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Route53's API in memory and in virtual time, behind the real {@code Route53TrafficRouter}: every
 * weighted name starts as an alias pair blue 100 / green 0, a change applies at once and is INSYNC
 * after a propagation drawn uniformly from a range. It counts the calls the router makes, by
 * operation: what the deployments cost the account's Route53 budget.
 */
final class FakeRoute53 implements Route53Client {

    private final InstantSource clock;
    private final Duration fastest;
    private final Duration slowest;
    private final Random random;
    private final Map<String, Map<String, ResourceRecordSet>> recordsByName = new ConcurrentHashMap<>();
    private final Map<String, Instant> inSyncAt = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    final AtomicLong lists = new AtomicLong();
    final AtomicLong changeCalls = new AtomicLong();
    final AtomicLong getChanges = new AtomicLong();

    FakeRoute53(InstantSource clock, Duration fastest, Duration slowest, long seed) {
        this.clock = clock;
        this.fastest = fastest;
        this.slowest = slowest;
        this.random = new Random(seed);
    }

    long calls() {
        return lists.get() + changeCalls.get() + getChanges.get();
    }

    @Override
    public ListResourceRecordSetsResponse listResourceRecordSets(ListResourceRecordSetsRequest request) {
        lists.incrementAndGet();
        List<ResourceRecordSet> sets = new ArrayList<>(records(request.hostedZoneId(), request.startRecordName())
                .values());
        sets.sort(Comparator.comparing(ResourceRecordSet::setIdentifier));
        return ListResourceRecordSetsResponse.builder().resourceRecordSets(sets).isTruncated(false).build();
    }

    @Override
    public ChangeResourceRecordSetsResponse changeResourceRecordSets(ChangeResourceRecordSetsRequest request) {
        changeCalls.incrementAndGet();
        apply(request.hostedZoneId(), request.changeBatch().changes());
        String id = "C" + changes.incrementAndGet();
        long spread = slowest.minus(fastest).toMillis();
        long propagation;
        synchronized (random) {
            propagation = fastest.toMillis() + (spread == 0 ? 0 : (long) (random.nextDouble() * spread));
        }
        inSyncAt.put(id, clock.instant().plusMillis(propagation));
        return ChangeResourceRecordSetsResponse.builder().changeInfo(ChangeInfo.builder().id("/change/" + id)
                .status(ChangeStatus.PENDING).submittedAt(clock.instant()).build()).build();
    }

    @Override
    public GetChangeResponse getChange(GetChangeRequest request) {
        getChanges.incrementAndGet();
        Instant due = inSyncAt.get(request.id());
        if (due == null) {
            throw new IllegalArgumentException("no such change: " + request.id());
        }
        ChangeStatus status = clock.instant().isBefore(due) ? ChangeStatus.PENDING : ChangeStatus.INSYNC;
        return GetChangeResponse.builder().changeInfo(ChangeInfo.builder().id("/change/" + request.id())
                .status(status).build()).build();
    }

    /** As Route53 applies a batch: whole or not at all; a DELETE must name a record exactly as it is. */
    private synchronized void apply(String zone, List<Change> batch) {
        Map<String, Map<String, ResourceRecordSet>> after = new HashMap<>();
        for (Change change : batch) {
            ResourceRecordSet set = change.resourceRecordSet();
            Map<String, ResourceRecordSet> sets = after.computeIfAbsent(set.name(),
                    name -> new HashMap<>(records(zone, name)));
            ResourceRecordSet existing = sets.get(set.setIdentifier());
            switch (change.action()) {
                case DELETE -> {
                    if (!set.equals(existing)) {
                        throw refused("the values provided for " + set.setIdentifier() + " do not match");
                    }
                    sets.remove(set.setIdentifier());
                }
                case CREATE -> {
                    if (existing != null) {
                        throw refused(set.setIdentifier() + " already exists");
                    }
                    sets.put(set.setIdentifier(), set);
                }
                default -> sets.put(set.setIdentifier(), set);
            }
        }
        after.forEach((name, sets) -> {
            Map<String, ResourceRecordSet> stored = records(zone, name);
            stored.clear();
            stored.putAll(sets);
        });
    }

    private static InvalidChangeBatchException refused(String why) {
        return InvalidChangeBatchException.builder().message(why).build();
    }

    private Map<String, ResourceRecordSet> records(String zone, String name) {
        String canonical = name.endsWith(".") ? name : name + ".";
        return recordsByName.computeIfAbsent(zone + "/" + canonical, key -> {
            Map<String, ResourceRecordSet> pair = new ConcurrentHashMap<>();
            pair.put("blue", alias(canonical, "blue", 100));
            pair.put("green", alias(canonical, "green", 0));
            return pair;
        });
    }

    private static ResourceRecordSet alias(String name, String side, long weight) {
        return ResourceRecordSet.builder().name(name).type(RRType.A).setIdentifier(side).weight(weight)
                .aliasTarget(AliasTarget.builder().hostedZoneId("Z35SXDOTRQ7X7K")
                        .dnsName(side + ".elb.amazonaws.com.").evaluateTargetHealth(false).build())
                .build();
    }

    @Override
    public String serviceName() {
        return "route53";
    }

    @Override
    public Route53ServiceClientConfiguration serviceClientConfiguration() {
        throw new UnsupportedOperationException("a benchmark's fake");
    }

    @Override
    public void close() {
    }
}
