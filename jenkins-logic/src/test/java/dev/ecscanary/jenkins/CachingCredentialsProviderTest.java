package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ecscanary.inmemory.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** A Jenkins AWS credential resolved once and reused until shortly before it expires: no AssumeRole per request. */
class CachingCredentialsProviderTest {

    final VirtualClock clock = new VirtualClock(Instant.parse("2026-03-01T12:00:00Z"));
    final AtomicInteger resolved = new AtomicInteger();

    @Test
    void anAssumedRoleWithoutAKnownExpiryIsAssumedAgainOnlyAfterTheSessionRefresh() {
        CachingCredentialsProvider cache = cache(() -> AwsSessionCredentials.create("ASIA" + resolved.incrementAndGet(),
                "secret", "token"));

        AwsCredentials first = cache.resolveCredentials();
        for (int i = 0; i < 100; i++) {
            assertSame(first, cache.resolveCredentials());
        }
        assertEquals(1, resolved.get());

        clock.advance(CachingCredentialsProvider.SESSION_REFRESH);
        assertEquals("ASIA2", cache.resolveCredentials().accessKeyId());
    }

    @Test
    void credentialsThatExpireAreRenewedTheMarginBeforeTheirExpiry() {
        Instant expiry = clock.instant().plus(Duration.ofHours(1));
        CachingCredentialsProvider cache = cache(() -> AwsSessionCredentials.builder()
                .accessKeyId("ASIA" + resolved.incrementAndGet()).secretAccessKey("secret").sessionToken("token")
                .expirationTime(expiry).build());

        cache.resolveCredentials();
        clock.advanceTo(expiry.minus(CachingCredentialsProvider.EXPIRY_MARGIN).minusSeconds(1));
        assertEquals("ASIA1", cache.resolveCredentials().accessKeyId());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("ASIA2", cache.resolveCredentials().accessKeyId());
    }

    @Test
    void staticKeysAreLookedAtAgainNowAndThen() {
        CachingCredentialsProvider cache = cache(() -> AwsBasicCredentials.create("AKID" + resolved.incrementAndGet(),
                "secret"));

        cache.resolveCredentials();
        clock.advance(CachingCredentialsProvider.STATIC_REFRESH.minusSeconds(1));
        assertEquals("AKID1", cache.resolveCredentials().accessKeyId());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("AKID2", cache.resolveCredentials().accessKeyId());
        assertEquals("CachingCredentialsProvider(aws-role)", cache.toString());
    }

    CachingCredentialsProvider cache(AwsCredentialsProvider credential) {
        return new CachingCredentialsProvider(credential, "aws-role", clock);
    }
}
