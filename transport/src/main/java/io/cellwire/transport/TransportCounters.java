package io.cellwire.transport;

import io.cellwire.codec.DecodeError;
import io.cellwire.codec.message.MessageType;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

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
 * Each counter is identified by a {@link CounterDescriptor}: its type id, and a key (first 4 bytes of the counter's
 * key) for the members of a family; {@link TransportCounter} lists the engine's.
 * <p>
 * Thread ownership: each counter has one writer (the poller, or the lane whose label names it) that updates it with
 * release stores, except the {@code errors:} counters, which poller and lanes both bump atomically, and the outbound
 * chunk counters, which every sender bumps atomically; readers anywhere use acquire loads. Allocation happens once,
 * at construction.
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
    final AtomicCounter outboundBackPressure;
    final AtomicCounter slotHighWaterMark;
    final AtomicCounter maxDutyCycleNs;
    final AtomicCounter receiveBuffersInUse;
    final AtomicCounter receiveBuffersAllocated;
    final AtomicCounter outboundChunksInUse;
    final AtomicCounter outboundChunksAllocated;
    final AtomicCounter outboundChunksRefused;
    final AtomicCounter[] laneErrors;
    final AtomicCounter[] laneFrames;
    final AtomicCounter[] laneHandlerErrors;

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
        connectionsActive = newCounter(TransportCounter.CONNECTIONS_ACTIVE);
        connectionsAccepted = newCounter(TransportCounter.CONNECTIONS_ACCEPTED);
        connectionsOpened = newCounter(TransportCounter.CONNECTIONS_OPENED);
        connectionsClosed = newCounter(TransportCounter.CONNECTIONS_CLOSED);
        connectionsRejected = newCounter(TransportCounter.CONNECTIONS_REJECTED);
        connectionsReset = newCounter(TransportCounter.CONNECTIONS_RESET);
        connectionsEndOfStream = newCounter(TransportCounter.CONNECTIONS_END_OF_STREAM);
        connectionsIdle = newCounter(TransportCounter.CONNECTIONS_IDLE);
        connectionsFrameTimeout = newCounter(TransportCounter.CONNECTIONS_FRAME_TIMEOUT);
        connectionsEvicted = newCounter(TransportCounter.CONNECTIONS_EVICTED);
        connectTimeouts = newCounter(TransportCounter.CONNECT_TIMEOUTS);
        bytesIn = newCounter(TransportCounter.BYTES_IN);
        bytesOut = newCounter(TransportCounter.BYTES_OUT);
        for (int type = MessageType.MIN_TYPE; type <= MessageType.MAX_TYPE; type++)
        {
            framesIn[type] = newCounter(TransportCounter.FRAMES_IN, type, MessageType.name(type));
            framesOut[type] = newCounter(TransportCounter.FRAMES_OUT, type, MessageType.name(type));
        }
        for (final DecodeError error : DecodeError.values())
        {
            frameErrors[error.ordinal()] = newCounter(TransportCounter.ERRORS, error.ordinal(), error.name());
        }
        lanePauses = newCounter(TransportCounter.LANE_PAUSES);
        outboundBackPressure = newCounter(TransportCounter.OUTBOUND_BACK_PRESSURE);
        slotHighWaterMark = newCounter(TransportCounter.SLOT_HIGH_WATER_MARK);
        maxDutyCycleNs = newCounter(TransportCounter.MAX_DUTY_CYCLE_NS);
        receiveBuffersInUse = newCounter(TransportCounter.RECEIVE_BUFFERS_IN_USE);
        receiveBuffersAllocated = newCounter(TransportCounter.RECEIVE_BUFFERS_ALLOCATED);
        outboundChunksInUse = newCounter(TransportCounter.OUTBOUND_CHUNKS_IN_USE);
        outboundChunksAllocated = newCounter(TransportCounter.OUTBOUND_CHUNKS_ALLOCATED);
        outboundChunksRefused = newCounter(TransportCounter.OUTBOUND_CHUNKS_REFUSED);
        laneErrors = new AtomicCounter[lanes];
        laneFrames = new AtomicCounter[lanes];
        laneHandlerErrors = new AtomicCounter[lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            laneFrames[lane] = newCounter(TransportCounter.LANE_FRAMES, lane, Integer.toString(lane));
            laneErrors[lane] = newCounter(TransportCounter.LANE_ERRORS, lane, Integer.toString(lane));
            laneHandlerErrors[lane] = newCounter(TransportCounter.LANE_HANDLER_ERRORS, lane, Integer.toString(lane));
        }
    }

    /**
     * Allocates the one counter of a descriptor, for the transport or a component built on it (e.g. a node); call
     * before the agents start, from the thread that launches.
     *
     * @param descriptor what the counter is.
     * @return the counter.
     */
    public AtomicCounter newCounter(final CounterDescriptor descriptor)
    {
        return newCounter(descriptor, CounterDescriptor.NO_KEY, "");
    }

    /**
     * Allocates one member of a descriptor's family; call before the agents start, from the thread that launches.
     *
     * @param descriptor what the counter is.
     * @param key        the member's key: a message type, error ordinal or lane index.
     * @param name       the member's name, put where the label has {@code %s}.
     * @return the counter.
     */
    public AtomicCounter newCounter(final CounterDescriptor descriptor, final int key, final String name)
    {
        return manager.newCounter(
            String.format(descriptor.label(), name), descriptor.typeId(), buffer -> buffer.putInt(0, key));
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
     * The value of the one counter of a descriptor.
     *
     * @param descriptor what the counter is.
     * @return its value, or -1 if there is none.
     */
    public long value(final CounterDescriptor descriptor)
    {
        return value(manager, descriptor, CounterDescriptor.NO_KEY);
    }

    /**
     * The value of one member of a descriptor's family.
     *
     * @param descriptor what the counter is.
     * @param key        the member's key.
     * @return its value, or -1 if there is none.
     */
    public long value(final CounterDescriptor descriptor, final int key)
    {
        return value(manager, descriptor, key);
    }

    /**
     * The value of a counter found by descriptor and key in any counters file, e.g. another process's, mapped with a
     * {@link CountersReader} over the layout above.
     *
     * @param reader     the counters.
     * @param descriptor what the counter is.
     * @param key        the member's key, or {@link CounterDescriptor#NO_KEY}.
     * @return its value, or -1 if there is none.
     */
    public static long value(final CountersReader reader, final CounterDescriptor descriptor, final int key)
    {
        final long[] found = { -1 };
        reader.forEach((id, typeId, keyBuffer, label) ->
        {
            if (found[0] == -1 && typeId == descriptor.typeId() && keyBuffer.getInt(0) == key)
            {
                found[0] = reader.getCounterValue(id);
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
