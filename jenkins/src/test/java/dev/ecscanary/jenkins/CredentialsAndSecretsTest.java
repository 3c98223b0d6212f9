package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class CredentialsAndSecretsTest {

    @Test
    void anAssumedRoleIsNotAssumedAgainOnEveryRequest() {
        AtomicInteger assumed = new AtomicInteger();
        AmazonWebServicesCredentials role = credentials(() -> {
            assumed.incrementAndGet();
            return AwsSessionCredentials.create("ASIA" + assumed.get(), "secret", "token");
        });
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
        CachingCredentialsProvider cache = new CachingCredentialsProvider(role, clock);

        AwsCredentials first = cache.resolveCredentials();
        for (int i = 0; i < 100; i++) {
            assertSame(first, cache.resolveCredentials());
        }
        assertEquals(1, assumed.get());

        clock.now = clock.now.plus(CachingCredentialsProvider.SESSION_REFRESH);
        assertEquals("ASIA2", cache.resolveCredentials().accessKeyId());
    }

    private static AmazonWebServicesCredentials credentials(java.util.function.Supplier<AwsCredentials> resolve) {
        return (AmazonWebServicesCredentials) Proxy.newProxyInstance(CredentialsAndSecretsTest.class.getClassLoader(),
                new Class<?>[] {AmazonWebServicesCredentials.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "resolveCredentials" -> resolve.get();
                    case "getId" -> "aws-role";
                    case "toString" -> "role";
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
