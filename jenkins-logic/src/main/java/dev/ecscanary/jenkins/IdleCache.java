package dev.ecscanary.jenkins;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closeable values (AWS clients with their credentials) kept per key while in use and closed once
 * idle, so that reading a deployment again reuses one credentials provider (one STS session) instead
 * of making a new one each time. Free of Jenkins types.
 */
final class IdleCache<K, V extends AutoCloseable> {

    private static final Logger LOGGER = Logger.getLogger(IdleCache.class.getName());

    private final Duration idle;
    private final InstantSource clock;
    private final Map<K, Entry<V>> entries = new HashMap<>();

    IdleCache(Duration idle, InstantSource clock) {
        this.idle = idle;
        this.clock = clock;
    }

    /** The value for {@code key}, made by {@code create} if there is none; others idle too long are closed. */
    V get(K key, Supplier<V> create) {
        List<V> expired = new ArrayList<>();
        V value;
        synchronized (this) {
            Instant now = clock.instant();
            entries.entrySet().removeIf(e -> {
                boolean old = !e.getKey().equals(key) && e.getValue().usedAt.plus(idle).isBefore(now);
                if (old) {
                    expired.add(e.getValue().value);
                }
                return old;
            });
            Entry<V> entry = entries.get(key);
            if (entry == null) {
                entry = new Entry<>(create.get());
                entries.put(key, entry);
            }
            entry.usedAt = now;
            value = entry.value;
        }
        expired.forEach(IdleCache::closeQuietly);
        return value;
    }

    synchronized int size() {
        return entries.size();
    }

    void closeAll() {
        List<V> all;
        synchronized (this) {
            all = entries.values().stream().map(e -> e.value).toList();
            entries.clear();
        }
        all.forEach(IdleCache::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable value) {
        try {
            value.close();
        } catch (Exception e) {
            LOGGER.log(Level.FINE, "closing " + value, e);
        }
    }

    private static final class Entry<V> {
        final V value;
        Instant usedAt;

        Entry(V value) {
            this.value = value;
        }
    }
}
