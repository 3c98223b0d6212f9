package dev.ecscanary.inmemory;

import dev.ecscanary.port.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A discrete-event scheduler over a {@link VirtualClock}: it jumps the clock to the earliest
 * scheduled task and runs every task due then, before moving on. Tasks due at the same instant
 * run together on a worker pool when one is given (a simulation of many deployments), or one after
 * the other on the caller's thread (tests).
 */
public final class VirtualScheduler implements Scheduler {

    private final VirtualClock clock;
    private final ExecutorService workers;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();

    public VirtualScheduler(VirtualClock clock) {
        this(clock, null);
    }

    public VirtualScheduler(VirtualClock clock, ExecutorService workers) {
        this.clock = clock;
        this.workers = workers;
    }

    @Override
    public Cancellable schedule(Instant at, Runnable task) {
        Entry entry = new Entry(at, sequence.incrementAndGet(), task);
        synchronized (queue) {
            queue.add(entry);
        }
        return entry::cancel;
    }

    /** Runs tasks, moving the clock, until none is left or the clock would pass {@code limit}. */
    public void runUntil(Instant limit) {
        while (true) {
            List<Entry> due = takeEarliest(limit);
            if (due.isEmpty()) {
                return;
            }
            clock.advanceTo(due.get(0).at);
            if (workers == null) {
                due.forEach(Entry::run);
            } else {
                CompletableFuture.allOf(due.stream()
                        .map(e -> CompletableFuture.runAsync(e::run, workers))
                        .toArray(CompletableFuture[]::new)).join();
            }
        }
    }

    /** Runs until nothing is scheduled, within a virtual day by default (a guard against loops). */
    public void runAll() {
        runUntil(clock.instant().plus(Duration.ofDays(1)));
    }

    public int pending() {
        synchronized (queue) {
            return (int) queue.stream().filter(e -> !e.cancelled.get()).count();
        }
    }

    private List<Entry> takeEarliest(Instant limit) {
        synchronized (queue) {
            while (!queue.isEmpty() && queue.peek().cancelled.get()) {
                queue.poll();
            }
            List<Entry> due = new ArrayList<>();
            if (queue.isEmpty() || queue.peek().at.isAfter(limit)) {
                return due;
            }
            Instant at = queue.peek().at.isBefore(clock.instant()) ? clock.instant() : queue.peek().at;
            while (!queue.isEmpty() && !queue.peek().at.isAfter(at)) {
                Entry entry = queue.poll();
                if (!entry.cancelled.get()) {
                    due.add(entry);
                }
            }
            return due;
        }
    }

    private static final class Entry implements Comparable<Entry> {
        private final Instant at;
        private final long sequence;
        private final Runnable task;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean started = new AtomicBoolean();

        Entry(Instant at, long sequence, Runnable task) {
            this.at = at;
            this.sequence = sequence;
            this.task = task;
        }

        boolean cancel() {
            return !started.get() && !cancelled.getAndSet(true);
        }

        void run() {
            if (!cancelled.get() && !started.getAndSet(true)) {
                task.run();
            }
        }

        @Override
        public int compareTo(Entry other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
