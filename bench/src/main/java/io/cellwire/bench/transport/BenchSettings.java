package io.cellwire.bench.transport;

import java.util.concurrent.TimeUnit;

/**
 * How long each phase warms up and measures, and how Cellwire's agents idle. Immutable; shared by every phase.
 */
final class BenchSettings
{
    /** Longest wait for a connection, a reply or a thread to stop before a phase fails. */
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    final long warmupNs;
    final long durationNs;
    final String idleStrategy;

    BenchSettings(final long warmupNs, final long durationNs, final String idleStrategy)
    {
        this.warmupNs = warmupNs;
        this.durationNs = durationNs;
        this.idleStrategy = idleStrategy;
    }
}
