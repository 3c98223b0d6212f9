package dev.ecscanary.judge;

import dev.ecscanary.port.TrafficMeter.MinuteTraffic;
import dev.ecscanary.spec.Durations;
import dev.ecscanary.spec.Percentages;
import dev.ecscanary.state.DrainResult;
import dev.ecscanary.state.DrainResult.DrainMinute;
import dev.ecscanary.state.DrainResult.Stale;
import dev.ecscanary.state.DrainResult.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether clients left the drained side: from the minutes its load balancer and the other one
 * measured since Route53 served the change. The change became effective for clients at the start
 * of the first minute from which the drained side's share of requests stayed at or below the limit;
 * if its share is above the limit in the last minute with requests, it is not drained, and what
 * still arrives from twice the TTL after the change on is stale: on connections opened then (their
 * resolvers still answer with the old weights) or on connections they had (keep-alive).
 *
 * <p>Load balancer metrics come a minute at a time, so both are told to the minute; a minute in which
 * the drained side got new connections counts all its requests as stale DNS, one without as
 * keep-alive: a bound, not an exact split.
 */
public final class DrainJudge {

    private DrainJudge() {
    }

    /**
     * @param drained    each minute of the window at the drained side's load balancer, in order
     * @param other      the same minutes at the other side's
     * @param since      when Route53 served the change that drained it
     * @param cutShortBy who stopped the check early, or null
     */
    public static DrainResult judge(String side, List<MinuteTraffic> drained, List<MinuteTraffic> other,
                                    Instant since, Duration ttl, double maxSharePercent, String cutShortBy) {
        Map<Instant, Long> otherByMinute = new HashMap<>();
        other.forEach(m -> otherByMinute.merge(m.minute(), m.requests(), Long::sum));
        List<DrainMinute> minutes = new ArrayList<>(drained.size());
        for (MinuteTraffic m : drained) {
            minutes.add(new DrainMinute(m.minute(), m.requests(), otherByMinute.getOrDefault(m.minute(), 0L),
                    m.newConnections()));
        }
        long drainedRequests = minutes.stream().mapToLong(DrainMinute::drainedRequests).sum();
        long requests = drainedRequests + minutes.stream().mapToLong(DrainMinute::otherRequests).sum();
        if (requests == 0) {
            return new DrainResult(Status.NO_TRAFFIC, side, null, minutes.size(), 0, 0, null,
                    "no requests reached either load balancer in " + minutes.size() + " minute(s): nothing to verify",
                    cutShortBy, minutes);
        }
        int lastAbove = -1;
        int firstWithRequests = -1;
        for (int i = 0; i < minutes.size(); i++) {
            DrainMinute m = minutes.get(i);
            long total = m.drainedRequests() + m.otherRequests();
            if (total > 0 && firstWithRequests < 0) {
                firstWithRequests = i;
            }
            if (total > 0 && sharePercent(m.drainedRequests(), total) > maxSharePercent) {
                lastAbove = i;
            }
        }
        boolean aboveAtTheEnd = lastAbove >= 0 && minutes.subList(lastAbove + 1, minutes.size()).stream()
                .allMatch(m -> m.drainedRequests() + m.otherRequests() == 0);
        String limit = Percentages.format(maxSharePercent) + "%";
        if (!aboveAtTheEnd) {
            Instant effective = minutes.get(lastAbove >= 0 ? lastAbove + 1 : firstWithRequests).minute();
            Instant shown = effective.isBefore(since) ? since : effective;
            return new DrainResult(Status.DRAINED, side, shown, minutes.size(), drainedRequests, requests, null,
                    side + "'s share of requests fell to " + limit + " or less " + after(since, shown)
                            + " and stayed there: " + drainedRequests + " of " + requests + " requests in "
                            + minutes.size() + " minute(s)", cutShortBy, minutes);
        }
        Stale stale = stale(minutes, since.plus(ttl.multipliedBy(2)));
        return new DrainResult(Status.NOT_DRAINED, side, null, minutes.size(), drainedRequests, requests, stale,
                side + " still received " + Percentages.format(stale.sharePercent()) + "% of requests (more than "
                        + limit + "), " + perMinute(stale.requestsPerMinute()) + " per minute from twice the TTL after "
                        + "the change on: " + perMinute(stale.staleDnsRequestsPerMinute()) + " in minutes with new "
                        + "connections (stale DNS answers), " + perMinute(stale.keepAliveRequestsPerMinute())
                        + " on connections kept alive", cutShortBy, minutes);
    }

    private static Stale stale(List<DrainMinute> minutes, Instant staleFrom) {
        List<DrainMinute> late = minutes.stream().filter(m -> !m.minute().isBefore(ceilToMinute(staleFrom))).toList();
        if (late.isEmpty()) {
            late = minutes.subList(minutes.size() - 1, minutes.size());
        }
        long drained = late.stream().mapToLong(DrainMinute::drainedRequests).sum();
        long total = drained + late.stream().mapToLong(DrainMinute::otherRequests).sum();
        long onNewConnections = late.stream().filter(m -> m.drainedNewConnections() > 0)
                .mapToLong(DrainMinute::drainedRequests).sum();
        long connections = late.stream().mapToLong(DrainMinute::drainedNewConnections).sum();
        double n = late.size();
        return new Stale(drained / n, sharePercent(drained, total), onNewConnections / n,
                (drained - onNewConnections) / n, connections / n, late.size());
    }

    private static double sharePercent(long part, long total) {
        return total == 0 ? 0 : 100.0 * part / total;
    }

    private static String after(Instant since, Instant at) {
        Duration after = Duration.between(since, at).truncatedTo(ChronoUnit.SECONDS);
        return after.isZero() ? "as soon as Route53 served the change" : Durations.format(after) + " after Route53 "
                + "served the change";
    }

    private static String perMinute(double value) {
        return String.format(Locale.ROOT, value >= 10 ? "%.0f" : "%.1f", value);
    }

    private static Instant ceilToMinute(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.MINUTES);
        return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.MINUTES);
    }
}
