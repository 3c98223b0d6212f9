package dev.ecscanary.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The name of the change set of one stack request: {@code ecs-canary-<hash>}, the hash a digest of
 * the deployment, the stack, the template and the parameter values the request decided. Calling
 * again with the same request finds the change set it made instead of making another, and that
 * survives a restart because nothing is remembered.
 */
final class ChangeSetName {

    static final String PREFIX = "ecs-canary-";
    private static final int HASH_CHARS = 16;

    private ChangeSetName() {
    }

    static String of(String deploymentId, String stackName, StackTemplate template, Map<String, String> decided) {
        MessageDigest digest = sha256();
        // Each part is length-prefixed so that no two different requests can concatenate alike.
        update(digest, deploymentId);
        update(digest, stackName);
        update(digest, template.identity());
        new TreeMap<>(decided).forEach((name, value) -> {
            update(digest, name);
            update(digest, value);
        });
        return PREFIX + HexFormat.of().formatHex(digest.digest()).substring(0, HASH_CHARS);
    }

    private static void update(MessageDigest digest, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
