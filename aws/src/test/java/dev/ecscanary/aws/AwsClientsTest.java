package dev.ecscanary.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

class AwsClientsTest {

    @Test
    void closingTheClientsClosesTheCredentialsProviderTheyOwn() {
        ClosableCredentials credentials = new ClosableCredentials();
        AwsClients clients = new AwsClients(AwsSettings.defaults().withRegion("eu-west-1").withCredentials(credentials));
        clients.dynamoDb();

        clients.close();

        assertThat(credentials.closed.get()).as("the SDK client closes the provider it was built with").isPositive();
    }

    @Test
    void aCallWithATimeoutGivesUpInTimeRetriesIncluded() {
        AwsSettings settings = AwsSettings.defaults().withRegion("eu-west-1")
                .withEndpoint(URI.create("http://127.0.0.1:9"))
                .withCredentials(new ClosableCredentials())
                .withHttpClient("dynamodb", new HangingHttpClient())
                .withApiCallTimeout(Duration.ofMillis(300));
        long started = System.nanoTime();
        try (AwsClients clients = new AwsClients(settings)) {
            assertThatThrownBy(() -> clients.dynamoDb().listTables()).isInstanceOf(ApiCallTimeoutException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatThrownBy(() -> AwsSettings.defaults().withApiCallTimeout(Duration.ZERO))
                .hasMessage("apiCallTimeout must be positive, was PT0S");
    }

    static final class ClosableCredentials implements AwsCredentialsProvider, SdkAutoCloseable {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public AwsCredentials resolveCredentials() {
            return AwsBasicCredentials.create("testing", "testing");
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    /** A peer that never answers. */
    static final class HangingHttpClient implements SdkHttpClient {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws java.io.IOException {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted");
                    }
                    throw new java.io.IOException("no answer");
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
