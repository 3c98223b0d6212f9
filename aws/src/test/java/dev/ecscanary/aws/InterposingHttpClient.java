package dev.ecscanary.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Sits between a real SDK client and moto: notes when every request goes out, and answers the
 * requests a test picks with faults instead (before they reach moto, or after, as a lost answer).
 * Everything else is forwarded unchanged.
 */
final class InterposingHttpClient implements SdkHttpClient {

    /** One request as it went out; {@code nanos} is {@link System#nanoTime()} when it was sent. */
    record Sent(long nanos, SdkHttpMethod method, String path, boolean faulted) {
    }

    /**
     * An answer the test gives instead of moto's.
     *
     * @param reachesServer the request is forwarded first and only its answer is replaced: a lost response
     */
    record Fault(int status, String contentType, String body, boolean reachesServer) {

        /** Route53's answer when the account exceeds its request rate. */
        static Fault route53Throttling() {
            return new Fault(400, "text/xml", """
                    <?xml version="1.0"?>
                    <ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type>\
                    <Code>Throttling</Code><Message>Rate exceeded</Message></Error>\
                    <RequestId>4d3a3d5e-0000-0000-0000-000000000000</RequestId></ErrorResponse>
                    """, false);
        }

        static Fault serviceUnavailable() {
            return new Fault(503, "text/plain", "Service Unavailable", false);
        }

        /** The request is carried out, then the connection breaks down as a 500 on the way back. */
        static Fault lostAnswer() {
            return new Fault(500, "application/x-amz-json-1.0", "{\"__type\":\"InternalServerError\","
                    + "\"message\":\"answer lost on the way back (test)\"}", true);
        }
    }

    private final SdkHttpClient delegate;
    private final List<Sent> sent = new ArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private Predicate<SdkHttpRequest> faultsApplyTo = request -> true;

    InterposingHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    /** The next requests that {@code applyTo} matches get these faults, one each, in order. */
    synchronized InterposingHttpClient fail(Predicate<SdkHttpRequest> applyTo, Fault... next) {
        faultsApplyTo = applyTo;
        faults.clear();
        faults.addAll(List.of(next));
        return this;
    }

    synchronized InterposingHttpClient fail(Fault... next) {
        return fail(request -> true, next);
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    synchronized List<Sent> sent(Predicate<Sent> which) {
        return sent.stream().filter(which).toList();
    }

    synchronized int faultsLeft() {
        return faults.size();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            private volatile ExecutableHttpRequest forwarded;

            @Override
            public HttpExecuteResponse call() throws IOException {
                Fault fault = takeFault(request.httpRequest());
                if (fault == null) {
                    forwarded = delegate.prepareRequest(request);
                    return forwarded.call();
                }
                if (fault.reachesServer()) {
                    forwarded = delegate.prepareRequest(request);
                    HttpExecuteResponse answer = forwarded.call();
                    if (answer.responseBody().isPresent()) {
                        try (AbortableInputStream body = answer.responseBody().get()) {
                            body.readAllBytes();
                        }
                    }
                }
                return answer(fault);
            }

            @Override
            public void abort() {
                ExecutableHttpRequest current = forwarded;
                if (current != null) {
                    current.abort();
                }
            }
        };
    }

    private synchronized Fault takeFault(SdkHttpRequest request) {
        Fault fault = !faults.isEmpty() && faultsApplyTo.test(request) ? faults.poll() : null;
        sent.add(new Sent(System.nanoTime(), request.method(), request.encodedPath(), fault != null));
        return fault;
    }

    private static HttpExecuteResponse answer(Fault fault) {
        byte[] body = fault.body().getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpFullResponse.builder()
                        .statusCode(fault.status())
                        .putHeader("Content-Type", fault.contentType())
                        .putHeader("Content-Length", Integer.toString(body.length))
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                .build();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
