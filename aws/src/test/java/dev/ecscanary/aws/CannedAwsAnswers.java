package dev.ecscanary.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * A stand-in for an AWS service, for the states moto cannot reach (a stack rolled back, an ECS
 * rollout that failed, Route53 refusing a batch): answers each operation with canned wire-format text,
 * so the real SDK client still marshals, unmarshals and maps errors. Operations are recognised by the
 * query protocol's {@code Action=}, the JSON protocols' {@code X-Amz-Target}, or Route53's REST paths. Each operation's answers are given
 * in order; the last one repeats. An operation without answers is a 400 naming it.
 */
public final class CannedAwsAnswers implements SdkHttpClient {

    public record Answer(int status, String contentType, String body) {
    }

    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    private final List<String> operations = new ArrayList<>();
    private final Map<String, List<String>> bodies = new HashMap<>();

    public static Answer xml(String body) {
        return new Answer(200, "text/xml", body);
    }

    public static Answer xmlError(int status, String code, String message) {
        return new Answer(status, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>canned</RequestId></ErrorResponse>");
    }

    public static Answer json(String body) {
        return new Answer(200, "application/x-amz-json-1.1", body);
    }

    public synchronized CannedAwsAnswers on(String operation, Answer... inOrder) {
        answers.put(operation, new ArrayDeque<>(Arrays.asList(inOrder)));
        return this;
    }

    /** The operations called, in order. */
    public synchronized List<String> operations() {
        return List.copyOf(operations);
    }

    /** The request bodies sent for an operation, in order. */
    public synchronized List<String> bodiesOf(String operation) {
        return List.copyOf(bodies.getOrDefault(operation, List.of()));
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String body = request.contentStreamProvider().map(provider -> read(provider.newStream())).orElse("");
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse(null);
        String rest = route53Operation(request);
        String operation = target != null ? target.substring(target.lastIndexOf('.') + 1)
                : rest != null ? rest : queryAction(body);
        Answer answer = record(operation, body, target != null);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpFullResponse.builder()
                                .statusCode(answer.status())
                                .putHeader("Content-Type", answer.contentType())
                                .putHeader("Content-Length", Integer.toString(bytes.length))
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private synchronized Answer record(String operation, String body, boolean json) {
        operations.add(operation);
        bodies.computeIfAbsent(operation, o -> new ArrayList<>()).add(body);
        Deque<Answer> queue = answers.get(operation);
        if (queue == null || queue.isEmpty()) {
            String message = "no canned answer for " + operation;
            return json ? new Answer(400, "application/x-amz-json-1.1",
                    "{\"__type\":\"UnexpectedCall\",\"message\":\"" + message + "\"}")
                    : xmlError(400, "UnexpectedCall", message);
        }
        return queue.size() > 1 ? queue.poll() : queue.peek();
    }

    /** Route53 speaks REST-XML: its operations are told by method and path. */
    private static String route53Operation(HttpExecuteRequest request) {
        String path = request.httpRequest().encodedPath();
        if (!path.startsWith("/2013-04-01/")) {
            return null;
        }
        if (path.endsWith("/rrset") || path.endsWith("/rrset/")) {
            return request.httpRequest().method() == SdkHttpMethod.POST ? "ChangeResourceRecordSets"
                    : "ListResourceRecordSets";
        }
        return path.contains("/change/") ? "GetChange" : null;
    }

    private static String queryAction(String body) {
        for (String pair : body.split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return "unknown";
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
    }
}
