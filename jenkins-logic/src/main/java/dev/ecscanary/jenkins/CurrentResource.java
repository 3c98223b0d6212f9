package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One resource for the settings in force (e.g. the event endpoint's AWS clients for the configured
 * state table): built on first use, rebuilt when the settings change, the one it replaces closed;
 * closed when Jenkins stops.
 *
 * @param <K> the settings, compared with {@code equals}
 * @param <V> the resource
 */
final class CurrentResource<K, V> {

    /** Builds the resource for the given settings. */
    @FunctionalInterface
    interface Builder<K, V> {
        V build(K settings) throws IOException;
    }

    private final Builder<K, V> builder;
    private final Consumer<V> closer;
    @CheckForNull
    private K settings;
    @CheckForNull
    private V current;

    CurrentResource(Builder<K, V> builder, Consumer<V> closer) {
        this.builder = Objects.requireNonNull(builder, "builder");
        this.closer = Objects.requireNonNull(closer, "closer");
    }

    /** The resource for {@code wanted}: the one in use when the settings are the same, else a new one. */
    synchronized V get(K wanted) throws IOException {
        Objects.requireNonNull(wanted, "wanted");
        if (current != null && wanted.equals(settings)) {
            return current;
        }
        V built = builder.build(wanted);
        V replaced = current;
        settings = wanted;
        current = built;
        if (replaced != null) {
            closer.accept(replaced);
        }
        return built;
    }

    /** Closes the resource in use, if any; the next {@link #get} builds a new one. */
    synchronized void close() {
        V replaced = current;
        current = null;
        settings = null;
        if (replaced != null) {
            closer.accept(replaced);
        }
    }
}
