package dev.ecscanary.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads a request body up to a limit, and keeps nothing past it (chunked bodies declare no length).
 * The rest of an oversized body is read and thrown away up to {@link #DISCARD_LIMIT}: a server that
 * closes a connection with unread input makes TCP reset it, and the client then often loses the 413
 * it was sent. Past that bound the connection is closed anyway.
 */
public final class BoundedBody {

    public static final long DISCARD_LIMIT = 4L * 1024 * 1024;

    private BoundedBody() {
    }

    /** @return the body, or empty when it is longer than {@code limit} bytes */
    public static Optional<byte[]> read(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(Math.min(limit, 8192));
        byte[] buffer = new byte[8192];
        int total = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            total += read;
            if (total > limit) {
                discard(in, DISCARD_LIMIT - total);
                return Optional.empty();
            }
            body.write(buffer, 0, read);
        }
        return Optional.of(body.toByteArray());
    }

    /** Reads and drops at most {@code max} bytes, so that the answer reaches the client. */
    public static void discard(InputStream in, long max) throws IOException {
        byte[] buffer = new byte[8192];
        long left = max;
        int read;
        while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1) {
            left -= read;
        }
    }

    /** The declared Content-Length, or -1 when absent or unreadable (the server checks its syntax). */
    public static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
