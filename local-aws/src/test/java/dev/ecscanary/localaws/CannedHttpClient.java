package dev.ecscanary.localaws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;

/** Records what it is asked to send and answers with one canned response. */
final class CannedHttpClient implements SdkHttpClient {

    final List<HttpExecuteRequest> requests = new ArrayList<>();
    final List<String> bodies = new ArrayList<>();
    private int status = 200;
    private String body = "{}";
    private final Map<String, String> headers = new LinkedHashMap<>();

    CannedHttpClient answer(int status, String body, String... headerNamesAndValues) {
        this.status = status;
        this.body = body;
        headers.clear();
        for (int i = 0; i < headerNamesAndValues.length; i += 2) {
            headers.put(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
        }
        return this;
    }

    HttpExecuteRequest lastRequest() {
        return requests.get(requests.size() - 1);
    }

    String lastBody() {
        return bodies.get(bodies.size() - 1);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        requests.add(request);
        bodies.add(request.contentStreamProvider().map(CannedHttpClient::read).orElse(""));
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                SdkHttpFullResponse.Builder response = SdkHttpFullResponse.builder().statusCode(status);
                headers.forEach(response::putHeader);
                return HttpExecuteResponse.builder()
                        .response(response.build())
                        .responseBody(AbortableInputStream.create(
                                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public void close() {
    }

    private static String read(software.amazon.awssdk.http.ContentStreamProvider provider) {
        try (InputStream in = provider.newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
