package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Where AWS is called: the region and an endpoint override, each the first of several candidates
 * given (a step's argument, the spec, the environment, the global configuration), checked. Free of
 * Jenkins types.
 */
final class AwsLocation {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    private AwsLocation() {
    }

    /**
     * The first region given, checked; null leaves it to the SDK's default chain on the controller.
     *
     * @throws IllegalArgumentException for a value that is no AWS region
     */
    @CheckForNull
    static String region(String... candidates) {
        for (String candidate : candidates) {
            String region = blankToNull(candidate);
            if (region != null) {
                if (!REGION.matcher(region).matches()) {
                    throw new IllegalArgumentException("'" + region + "' is not an AWS region such as eu-west-1");
                }
                return region;
            }
        }
        return null;
    }

    /**
     * The first endpoint given, checked as an http(s) URL; null for AWS itself.
     *
     * @throws IllegalArgumentException for a value that is no http(s) URL
     */
    @CheckForNull
    static String endpointUrl(String... candidates) {
        for (String candidate : candidates) {
            String url = blankToNull(candidate);
            if (url != null) {
                endpoint(url);
                return url;
            }
        }
        return null;
    }

    /** @throws IllegalArgumentException for a value that is no http(s) URL */
    @CheckForNull
    static URI endpoint(@CheckForNull String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new URISyntaxException(url, "expected http(s)://host[:port]");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpointUrl '" + url + "' is not an http(s) URL such as "
                    + "http://127.0.0.1:5000");
        }
    }

    @CheckForNull
    static String blankToNull(@CheckForNull String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
