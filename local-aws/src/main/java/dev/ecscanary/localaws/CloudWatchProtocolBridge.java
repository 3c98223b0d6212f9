package dev.ecscanary.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Test-only HTTP client decorator that lets the real SDK CloudWatch client talk to moto.
 *
 * <p>Since SDK 2.40.6 the CloudWatch client speaks Smithy RPC v2 CBOR
 * ({@code POST /service/GraniteServiceVersion20100801/operation/<Op>}), which moto 5.2.1 answers with
 * 404. Moto serves the same operations over AWS JSON 1.0 ({@code POST /} with
 * {@code X-Amz-Target: GraniteServiceVersion20100801.<Op>}). This bridge re-encodes each rpcv2 request
 * body as JSON, sends that to moto, and re-encodes moto's JSON answer — success or error, with its
 * status code — as the CBOR the SDK expects. The SDK's own marshalling, unmarshalling and error
 * mapping stay in the path; only the wire encoding between them and moto is translated. Every other
 * request passes through to the delegate untouched.
 *
 * <p>The SigV4 signature still covers the CBOR request, not the JSON sent on; moto does not verify
 * signatures, which is one reason this belongs in tests only.
 */
public final class CloudWatchProtocolBridge implements SdkHttpClient {

    static final String SERVICE_ID = "GraniteServiceVersion20100801";
    private static final String RPC_V2_PATH = "/service/" + SERVICE_ID + "/operation/";
    private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String QUERY_ERROR_HEADER = "x-amzn-query-error";
    // Describe moto's JSON body or the JSON protocol; recomputed or meaningless for the CBOR answer.
    // x-amzn-ErrorType in particular must go: the SDK would read it before the CBOR __type, and it
    // only strips a ':' suffix, not the 'Service#' prefix moto puts there.
    private static final Set<String> JSON_ONLY_RESPONSE_HEADERS =
            Set.of("content-type", "content-length", "content-encoding", "transfer-encoding", "x-amzn-errortype");
    private static final int ERROR_SNIPPET_CHARS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SdkHttpClient delegate;

    public CloudWatchProtocolBridge(SdkHttpClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String path = request.httpRequest().encodedPath();
        int marker = path.indexOf(RPC_V2_PATH);
        if (marker < 0) {
            return delegate.prepareRequest(request);
        }
        String basePath = path.substring(0, marker);
        String operation = path.substring(marker + RPC_V2_PATH.length());
        return new BridgedCall(request, basePath, operation);
    }

    @Override
    public String clientName() {
        return "CloudWatchProtocolBridge(" + delegate.clientName() + ")";
    }

    @Override
    public void close() {
        delegate.close();
    }

    private final class BridgedCall implements ExecutableHttpRequest {
        private final HttpExecuteRequest original;
        private final String basePath;
        private final String operation;
        private volatile ExecutableHttpRequest inFlight;
        private volatile boolean aborted;

        private BridgedCall(HttpExecuteRequest original, String basePath, String operation) {
            this.original = original;
            this.basePath = basePath;
            this.operation = operation;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            byte[] json = CborToJson.translate(requestBody());
            HttpExecuteRequest.Builder jsonRequest = HttpExecuteRequest.builder()
                    .request(asJsonRequest(json.length))
                    .contentStreamProvider(() -> new ByteArrayInputStream(json));
            original.metricCollector().ifPresent(jsonRequest::metricCollector);
            ExecutableHttpRequest call = delegate.prepareRequest(jsonRequest.build());
            inFlight = call;
            if (aborted) {
                call.abort();
                throw new IOException("request aborted");
            }
            HttpExecuteResponse answer = call.call();
            return asCborResponse(answer.httpResponse(), readAll(answer.responseBody().orElse(null)));
        }

        @Override
        public void abort() {
            aborted = true;
            ExecutableHttpRequest call = inFlight;
            if (call != null) {
                call.abort();
            }
        }

        private byte[] requestBody() throws IOException {
            if (original.contentStreamProvider().isEmpty()) {
                return new byte[0];
            }
            InputStream body = original.contentStreamProvider().get().newStream();
            // The SDK gzips large PutMetricData bodies (the operation has the requestCompression trait).
            boolean gzipped = original.httpRequest().firstMatchingHeader("Content-Encoding")
                    .map(encoding -> encoding.toLowerCase(Locale.ROOT).contains("gzip"))
                    .orElse(false);
            return readAll(gzipped ? new GZIPInputStream(body) : body);
        }

        private SdkHttpRequest asJsonRequest(int contentLength) {
            return original.httpRequest().toBuilder()
                    .encodedPath(basePath + "/")
                    .removeHeader("smithy-protocol")
                    .removeHeader("Content-Encoding")
                    .removeHeader("Accept")
                    .putHeader("Content-Type", JSON_CONTENT_TYPE)
                    .putHeader("X-Amz-Target", SERVICE_ID + "." + operation)
                    .putHeader("Content-Length", Integer.toString(contentLength))
                    .build();
        }

        private HttpExecuteResponse asCborResponse(SdkHttpResponse answer, byte[] json) throws IOException {
            boolean success = answer.isSuccessful();
            byte[] cbor = success
                    ? JsonToCbor.translate(json, CloudWatchShapes.outputOf(operation))
                    : JsonToCbor.translate(rpcV2Error(answer, json), List.of());
            SdkHttpFullResponse.Builder response = SdkHttpFullResponse.builder().statusCode(answer.statusCode());
            answer.statusText().ifPresent(response::statusText);
            answer.forEachHeader((name, values) -> {
                if (!JSON_ONLY_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    response.putHeader(name, values);
                }
            });
            return HttpExecuteResponse.builder()
                    .response(response
                            .putHeader("Content-Type", "application/cbor")
                            .putHeader("smithy-protocol", "rpc-v2-cbor")
                            .putHeader("Content-Length", Integer.toString(cbor.length))
                            .build())
                    .responseBody(AbortableInputStream.create(new ByteArrayInputStream(cbor)))
                    .build();
        }
    }

    /**
     * The rpcv2 error body: a map whose {@code __type} names the error shape, plus its members. Moto's
     * JSON error already has that form; its code may only be in a header, and a crash in moto answers
     * HTML, which becomes an error the SDK can still read, carrying moto's text.
     */
    static JsonNode rpcV2Error(SdkHttpResponse answer, byte[] json) {
        JsonNode parsed = tryParse(json);
        ObjectNode error;
        if (parsed != null && parsed.isObject()) {
            error = (ObjectNode) parsed;
        } else {
            String body = new String(json, StandardCharsets.UTF_8);
            error = JSON.createObjectNode()
                    .put("__type", answer.statusCode() >= 500 ? "InternalFailure" : "UnknownError")
                    .put("message", "moto answered HTTP " + answer.statusCode() + " with a non-JSON body: "
                            + body.substring(0, Math.min(body.length(), ERROR_SNIPPET_CHARS)));
        }
        if (!error.hasNonNull("__type")) {
            String code = error.hasNonNull("code") ? error.get("code").asText()
                    : answer.firstMatchingHeader("x-amzn-ErrorType")
                            .or(() -> answer.firstMatchingHeader(QUERY_ERROR_HEADER))
                            .map(value -> value.split("[:;]", 2)[0])
                            .orElse(answer.statusCode() >= 500 ? "InternalFailure" : "UnknownError");
            error.put("__type", code);
        }
        return error;
    }

    private static JsonNode tryParse(byte[] json) {
        try {
            return json.length == 0 ? null : JSON.readTree(json);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            return in.readAllBytes();
        }
    }
}
