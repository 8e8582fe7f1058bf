package io.cellwire.bench.transport;

import org.HdrHistogram.Histogram;

/**
 * The figures of one measured phase: one contender, one pattern (ping-pong or streaming), one message size.
 * Built by the benchmark thread after the phase's threads have stopped; immutable afterwards.
 */
final class PhaseResult
{
    /** A ping-pong: one message in flight, round trips timed. */
    static final String PING_PONG = "ping-pong";
    /** One-way streaming: the client sends as fast as back pressure allows, the server counts. */
    static final String STREAMING = "streaming";

    private static final long MAX_TRACKED_NS = 60_000_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final double NS_PER_US = 1_000.0;
    private static final double NS_PER_S = 1_000_000_000.0;
    private static final double BYTES_PER_MB = 1_000_000.0;

    final String contender;
    final String pattern;
    final int payloadLength;
    final int requestFrameLength;
    final long messages;
    final long elapsedNs;
    final Histogram histogram;
    final long clientAllocatedBytes;
    final long serverAllocatedBytes;
    final String note;
    final double othersCpuPercent;

    PhaseResult(
        final String contender,
        final String pattern,
        final int payloadLength,
        final int requestFrameLength,
        final long messages,
        final long elapsedNs,
        final Histogram histogram,
        final long clientAllocatedBytes,
        final long serverAllocatedBytes,
        final String note,
        final double othersCpuPercent)
    {
        this.contender = contender;
        this.pattern = pattern;
        this.payloadLength = payloadLength;
        this.requestFrameLength = requestFrameLength;
        this.messages = messages;
        this.elapsedNs = elapsedNs;
        this.histogram = histogram;
        this.clientAllocatedBytes = clientAllocatedBytes;
        this.serverAllocatedBytes = serverAllocatedBytes;
        this.note = note;
        this.othersCpuPercent = othersCpuPercent;
    }

    /**
     * A histogram of round trips in nanoseconds that never resizes, so recording allocates nothing.
     *
     * @return a new histogram, 1 ns to 60 s, 3 significant digits.
     */
    static Histogram newHistogram()
    {
        return new Histogram(1, MAX_TRACKED_NS, SIGNIFICANT_DIGITS);
    }

    /**
     * This phase's figures with another slice's added: histograms merged, messages, time and allocations summed,
     * the others' CPU share weighted by time.
     *
     * @param slice a later slice of the same contender, pattern and size.
     * @return a new result.
     */
    PhaseResult plus(final PhaseResult slice)
    {
        Histogram merged = null;
        if (histogram != null)
        {
            merged = histogram.copy();
            merged.add(slice.histogram);
        }
        final String notes = note.isEmpty() || note.equals(slice.note) ? slice.note :
            slice.note.isEmpty() ? note : note + "; " + slice.note;
        final long elapsed = elapsedNs + slice.elapsedNs;
        final double others = Double.isNaN(othersCpuPercent) ? slice.othersCpuPercent :
            Double.isNaN(slice.othersCpuPercent) ? othersCpuPercent :
            (othersCpuPercent * elapsedNs + slice.othersCpuPercent * slice.elapsedNs) / elapsed;
        return new PhaseResult(contender, pattern, payloadLength, requestFrameLength, messages + slice.messages,
            elapsed, merged, clientAllocatedBytes + slice.clientAllocatedBytes,
            serverAllocatedBytes + slice.serverAllocatedBytes, notes, others);
    }

    boolean isPingPong()
    {
        return PING_PONG.equals(pattern);
    }

    /** @return the value at a percentile in µs, or NaN for streaming. */
    double percentileUs(final double percentile)
    {
        return histogram == null || histogram.getTotalCount() == 0 ?
            Double.NaN : histogram.getValueAtPercentile(percentile) / NS_PER_US;
    }

    /** @return the largest round trip in µs, or NaN for streaming. */
    double maxUs()
    {
        return histogram == null || histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / NS_PER_US;
    }

    /** @return messages per second over the measured window (round trips per second for ping-pong). */
    double messagesPerSecond()
    {
        return elapsedNs <= 0 ? 0 : messages * NS_PER_S / elapsedNs;
    }

    /** @return request frame megabytes (10^6, headers included, TCP not) per second one way. */
    double megabytesPerSecond()
    {
        return messagesPerSecond() * requestFrameLength / BYTES_PER_MB;
    }

    /** @return bytes the client's threads allocated per message in the window. */
    double clientBytesPerMessage()
    {
        return messages == 0 ? Double.NaN : (double)clientAllocatedBytes / messages;
    }

    /** @return bytes the server's threads allocated per message in the window. */
    double serverBytesPerMessage()
    {
        return messages == 0 ? Double.NaN : (double)serverAllocatedBytes / messages;
    }
}
