package io.cellwire.transport;

import io.cellwire.codec.DecodeError;
import io.cellwire.codec.message.MessageType;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * A transport's counters, in an Agrona {@link CountersManager} over a memory-mapped file ({@value #FILE_NAME} in the
 * counters directory) so that {@code cellwire stat} can read a running node from another process, as AeronStat reads
 * a media driver. Without a directory the counters live in process memory.
 * <pre>
 *   file: | metadata: 512 bytes per counter | values: 128 bytes per counter |
 * </pre>
 * Thread ownership: each counter has one writer (the poller, or the lane whose label names it) that updates it with
 * release stores, except the {@code errors:} counters, which poller and lanes both bump atomically; readers anywhere
 * use acquire loads. Allocation happens once, at construction.
 */
public final class TransportCounters implements AutoCloseable
{
    /** Name of the counters file in the counters directory. */
    public static final String FILE_NAME = "cellwire-counters.dat";
    /** Most counters a transport allocates. */
    public static final int MAX_COUNTERS = 256;
    /** Bytes of the metadata section. */
    public static final int METADATA_LENGTH = MAX_COUNTERS * CountersManager.METADATA_LENGTH;
    /** Bytes of the values section. */
    public static final int VALUES_LENGTH = MAX_COUNTERS * CountersManager.COUNTER_LENGTH;

    /** Type id of every transport counter. */
    public static final int TYPE_ID = 1001;

    final AtomicCounter connectionsActive;
    final AtomicCounter connectionsAccepted;
    final AtomicCounter connectionsOpened;
    final AtomicCounter connectionsClosed;
    final AtomicCounter connectionsRejected;
    final AtomicCounter connectionsReset;
    final AtomicCounter connectionsEndOfStream;
    final AtomicCounter connectionsIdle;
    final AtomicCounter connectionsFrameTimeout;
    final AtomicCounter connectionsEvicted;
    final AtomicCounter connectTimeouts;
    final AtomicCounter bytesIn;
    final AtomicCounter bytesOut;
    final AtomicCounter[] framesIn = new AtomicCounter[MessageType.MAX_TYPE + 1];
    final AtomicCounter[] framesOut = new AtomicCounter[MessageType.MAX_TYPE + 1];
    final AtomicCounter[] frameErrors = new AtomicCounter[DecodeError.values().length];
    final AtomicCounter lanePauses;
    final AtomicCounter shedQueries;
    final AtomicCounter shedTransacts;
    final AtomicCounter shedBeliefs;
    final AtomicCounter shedRepliesLost;
    final AtomicCounter outboundBackPressure;
    final AtomicCounter slotHighWaterMark;
    final AtomicCounter maxDutyCycleNs;
    final AtomicCounter[] laneErrors;
    final AtomicCounter[] laneFrames;

    private final MappedByteBuffer mapped;
    private final CountersManager manager;

    /**
     * Counters for a transport with {@code lanes} handler lanes.
     *
     * @param directory where to map the counters file, or null for process memory.
     * @param lanes     number of handler lanes.
     */
    public TransportCounters(final File directory, final int lanes)
    {
        final UnsafeBuffer metadata;
        final UnsafeBuffer values;
        if (directory != null)
        {
            IoUtil.ensureDirectoryExists(directory, "counters");
            mapped = IoUtil.mapNewFile(new File(directory, FILE_NAME), METADATA_LENGTH + VALUES_LENGTH);
            metadata = new UnsafeBuffer(mapped, 0, METADATA_LENGTH);
            values = new UnsafeBuffer(mapped, METADATA_LENGTH, VALUES_LENGTH);
        }
        else
        {
            mapped = null;
            metadata = new UnsafeBuffer(ByteBuffer.allocateDirect(METADATA_LENGTH));
            values = new UnsafeBuffer(ByteBuffer.allocateDirect(VALUES_LENGTH));
        }
        manager = new CountersManager(metadata, values);
        connectionsActive = counter("connections: active");
        connectionsAccepted = counter("connections: accepted");
        connectionsOpened = counter("connections: opened (outbound)");
        connectionsClosed = counter("connections: closed");
        connectionsRejected = counter("connections: rejected (limit)");
        connectionsReset = counter("connections: reset (I/O error)");
        connectionsEndOfStream = counter("connections: end of stream");
        connectionsIdle = counter("connections: closed idle (idle timeout)");
        connectionsFrameTimeout = counter("connections: closed mid-frame (frame timeout)");
        connectionsEvicted = counter("connections: evicted (slow consumer)");
        connectTimeouts = counter("connections: connect timed out");
        bytesIn = counter("bytes in");
        bytesOut = counter("bytes out");
        for (int type = MessageType.MIN_TYPE; type <= MessageType.MAX_TYPE; type++)
        {
            framesIn[type] = counter("frames in: " + MessageType.name(type));
            framesOut[type] = counter("frames out: " + MessageType.name(type));
        }
        for (final DecodeError error : DecodeError.values())
        {
            frameErrors[error.ordinal()] = counter("errors: " + error.name());
        }
        lanePauses = counter("back pressure: reads paused (lane full)");
        shedQueries = counter("shed: QUERY answered :LOAD");
        shedTransacts = counter("shed: TRANSACT answered :LOAD");
        shedBeliefs = counter("shed: BELIEF dropped");
        shedRepliesLost = counter("shed: :LOAD reply lost (outbound ring full)");
        outboundBackPressure = counter("back pressure: outbound ring over 3/4 full");
        slotHighWaterMark = counter("slots: high-water mark");
        maxDutyCycleNs = counter("poller: longest duty cycle (ns)");
        laneErrors = new AtomicCounter[lanes];
        laneFrames = new AtomicCounter[lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            laneFrames[lane] = counter("lane " + lane + ": frames handled");
            laneErrors[lane] = counter("lane " + lane + ": payloads rejected");
        }
    }

    private AtomicCounter counter(final String label)
    {
        return manager.newCounter(label, TYPE_ID);
    }

    /**
     * Allocates one more counter in the same file, for a component built on the transport (e.g. a {@code Node});
     * call before the agents start, from the thread that launches.
     *
     * @param label the counter's label, shown by {@code cellwire stat}.
     * @return the counter.
     */
    public AtomicCounter newCounter(final String label)
    {
        return counter(label);
    }

    /**
     * Counts a frame-level or payload-level rejection by its reason.
     *
     * @param code a negative {@link DecodeError} code.
     */
    void error(final int code)
    {
        frameErrors[-code - 1].increment();
    }

    /**
     * The counters, for readers in this process (tests, the stat tool in-process).
     *
     * @return the manager.
     */
    public CountersManager manager()
    {
        return manager;
    }

    /**
     * The value of the first counter whose label is {@code label}.
     *
     * @param label the exact label.
     * @return its value, or -1 if there is none.
     */
    public long value(final String label)
    {
        final long[] found = { -1 };
        manager.forEach((id, typeId, key, counterLabel) ->
        {
            if (found[0] == -1 && counterLabel.equals(label))
            {
                found[0] = manager.getCounterValue(id);
            }
        });
        return found[0];
    }

    @Override
    public void close()
    {
        if (mapped != null)
        {
            IoUtil.unmap(mapped);
        }
    }
}
