package dev.ecscanary.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * The two weighted records that split traffic: same name and type in one hosted zone, told apart
 * by their SetIdentifiers.
 *
 * @param ttl         how long resolvers may cache an answer; when absent, the record's own TTL
 *                    (60 s for alias records to a load balancer)
 * @param propagation the expected time for Route53 to report a change INSYNC, used only to estimate
 *                    the schedule before anything runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DnsSpec(
        String hostedZoneId,
        String recordName,
        String blueSetIdentifier,
        String greenSetIdentifier,
        Duration ttl,
        Duration propagation) {

    public static final Duration DEFAULT_PROPAGATION = Duration.ofSeconds(60);
    public static final Duration ALIAS_TTL = Duration.ofSeconds(60);

    public DnsSpec {
        propagation = propagation == null ? DEFAULT_PROPAGATION : propagation;
    }
}
