package dev.ecscanary.events;

import dev.ecscanary.spec.TextFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The secret EventBridge's connection sends in the {@value EventReceiver#SECRET_HEADER} header. Compared
 * in constant time, so the time an answer takes says nothing about how much of a guess was right.
 */
public final class SharedSecret {

    /** The same minimum as the relay template's SharedSecret parameter. */
    public static final int MIN_LENGTH = 32;

    private final byte[] secret;

    private SharedSecret(String value) {
        this.secret = value.getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException if the trimmed value is shorter than {@link #MIN_LENGTH} */
    public static SharedSecret of(String value) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the secret must be at least " + MIN_LENGTH + " characters, was "
                    + trimmed.length());
        }
        return new SharedSecret(trimmed);
    }

    /** The file's content, trimmed (a trailing newline is not part of the secret). */
    public static SharedSecret read(Path file) {
        try {
            return of(TextFiles.readUtf8(file));
        } catch (TextFiles.UnreadableFileException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Constant time in the content; only a different length answers early, which gives nothing away. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SharedSecret[hidden]";
    }
}
