package io.cellwire.transport;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one connection has queued to send: small frames in a many-to-one ring of its own, each frame of
 * {@value #CHUNK_THRESHOLD} bytes or more, and each small one that finds the ring full, in a chunk of the transport's
 * shared {@link OutboundChunks} pool with a reference to the chunk in the ring, so the order of all frames is the
 * ring's. The ring stays small and a connection's chunks take memory only while their frames wait for the socket.
 * <pre>
 *   ring record:      | frame bytes |                                   type: the message type
 *   chunk reference:  | chunk index (4) | frame length (4) |           type: the message type | CHUNK_REFERENCE
 * </pre>
 * A connection may hold at most {@code chunkShare} chunks at once: past that, or when the pool is spent, a large frame
 * is back pressured like a small one that finds the ring full.
 * <p>
 * Thread ownership: any thread offers or claims (the ring is many-producer, the chunk share an atomic count); the
 * poller is the single consumer, through the connection's {@link OutboundWriter}. {@link #chunkSenders} counts the
 * senders between taking a chunk and committing its reference, so that the poller, after closing the connection,
 * gives back the chunks of the frames it will never write only once no sender can still add one.
 */
final class OutboundQueue
{
    /** Frames this long or longer travel in a chunk; shorter ones are copied into the ring. */
    static final int CHUNK_THRESHOLD = OutboundWriter.COPY_THRESHOLD;
    /** Set in a ring record's type when the record refers to a chunk. */
    static final int CHUNK_REFERENCE = 1 << 16;
    /** Mask of a ring record's type that leaves the message type. */
    static final int TYPE_MASK = CHUNK_REFERENCE - 1;
    /** Offset of the chunk index in a chunk reference. */
    static final int CHUNK_INDEX_OFFSET = 0;
    /** Offset of the frame's length in a chunk reference. */
    static final int CHUNK_FRAME_LENGTH_OFFSET = 4;
    /** Length of a chunk reference. */
    static final int CHUNK_REFERENCE_LENGTH = 8;
    /** Ring bytes of one chunk reference, header included. */
    static final int REFERENCE_RECORD_LENGTH =
        BitUtil.align(RecordDescriptor.HEADER_LENGTH + CHUNK_REFERENCE_LENGTH, RecordDescriptor.ALIGNMENT);
    /** Smallest ring: an Agrona ring takes records of up to an eighth of its capacity. */
    static final int MIN_RING_LENGTH = BitUtil.findNextPositivePowerOfTwo(8 * CHUNK_THRESHOLD);

    private static final VarHandle CHUNKS_HELD;
    private static final VarHandle CHUNK_SENDERS;

    static
    {
        try
        {
            CHUNKS_HELD = MethodHandles.lookup().findVarHandle(OutboundQueue.class, "chunksHeld", int.class);
            CHUNK_SENDERS = MethodHandles.lookup().findVarHandle(OutboundQueue.class, "chunkSenders", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final ManyToOneRingBuffer ring;
    final OutboundChunks chunks;
    private final int chunkShare;
    private final int capacity;
    /** Ring bytes small frames leave free: a reference for each chunk of the share, and padding for one at the end. */
    private final int referenceRoom;
    private final MessageHandler discarder = this::discardRecord;
    /** Chunks this connection's queued frames hold; any sender adds, the poller (or a failed sender) takes away. */
    private volatile int chunksHeld;
    /** Senders between taking a chunk and committing (or giving back) its reference. */
    private volatile int chunkSenders;

    /**
     * An empty queue.
     *
     * @param ringLength bytes of the ring, a power of two of at least {@link #MIN_RING_LENGTH}.
     * @param chunks     the transport's chunk pool.
     * @param chunkShare most chunks the connection may hold at once.
     */
    OutboundQueue(final int ringLength, final OutboundChunks chunks, final int chunkShare)
    {
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            ringLength + RingBufferDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
        this.chunks = chunks;
        this.chunkShare = chunkShare;
        referenceRoom = (chunkShare + 1) * REFERENCE_RECORD_LENGTH;
        capacity = ring.capacity();
    }

    /**
     * Copies one small frame into the ring. Any thread.
     *
     * @return {@code length}, or {@link SendResult#BACK_PRESSURED} if the ring has no room for it.
     */
    long offerInline(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        return leavesReferenceRoom(length) && ring.write(type, buffer, offset, length) ?
            length : SendResult.BACK_PRESSURED;
    }

    /**
     * Copies one frame into a chunk and queues the chunk's reference. Any thread, between {@link #beginChunkSend()}
     * and {@link #endChunkSend()}.
     *
     * @return {@code length}, or {@link SendResult#BACK_PRESSURED} if the share, the pool or the ring is spent.
     */
    long offerInChunk(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        final OutboundChunk chunk = takeChunk();
        if (chunk == null)
        {
            return SendResult.BACK_PRESSURED;
        }
        chunk.buffer.putBytes(0, buffer, offset, length);
        final int index = ring.tryClaim(type | CHUNK_REFERENCE, CHUNK_REFERENCE_LENGTH);
        if (index <= 0)
        {
            giveBack(chunk);
            return SendResult.BACK_PRESSURED;
        }
        writeReference(index, chunk, length);
        ring.commit(index);
        return length;
    }

    /**
     * Claims room in the ring for one small frame, for an encoder to write in place. Any thread.
     *
     * @return {@code length} with the claim filled in, or {@link SendResult#BACK_PRESSURED}.
     */
    long claimInline(final int type, final int length, final FrameClaim claim)
    {
        final int index = leavesReferenceRoom(length) ? ring.tryClaim(type, length) : 0;
        if (index <= 0)
        {
            return SendResult.BACK_PRESSURED;
        }
        claim.claimed(ring.buffer(), index, length, index, null);
        return length;
    }

    /**
     * Claims a chunk for one frame and its reference in the ring at once. Any thread, after {@link #beginChunkSend()}.
     *
     * @return {@code length} with the claim filled in, or {@link SendResult#BACK_PRESSURED}.
     */
    long claimInChunk(final int type, final int length, final FrameClaim claim)
    {
        final OutboundChunk chunk = takeChunk();
        if (chunk == null)
        {
            return SendResult.BACK_PRESSURED;
        }
        final int index = ring.tryClaim(type | CHUNK_REFERENCE, CHUNK_REFERENCE_LENGTH);
        if (index <= 0)
        {
            giveBack(chunk);
            return SendResult.BACK_PRESSURED;
        }
        writeReference(index, chunk, length);
        claim.claimed(chunk.buffer, 0, length, index, chunk);
        return length;
    }

    /** Publishes a claim's frame. */
    void commit(final int ringIndex)
    {
        ring.commit(ringIndex);
    }

    /** Withdraws a claim: its ring space becomes padding, its chunk (if any) goes back. */
    void abort(final int ringIndex, final OutboundChunk chunk)
    {
        ring.abort(ringIndex);
        if (chunk != null)
        {
            giveBack(chunk);
        }
    }

    /** A sender is about to queue a large frame: from now until {@link #endChunkSend()} the poller keeps its chunks. */
    void beginChunkSend()
    {
        CHUNK_SENDERS.getAndAdd(this, 1);
    }

    /** The sender has committed its chunk's reference, or given the chunk back. */
    void endChunkSend()
    {
        CHUNK_SENDERS.getAndAdd(this, -1);
    }

    /** @return senders between {@link #beginChunkSend()} and {@link #endChunkSend()} now. */
    int chunkSenders()
    {
        return chunkSenders;
    }

    /** @return chunks the queued frames hold now. */
    int chunksHeld()
    {
        return chunksHeld;
    }

    /** @return most chunks the connection may hold. */
    int chunkShare()
    {
        return chunkShare;
    }

    /** @return bytes of the ring in use. */
    int ringSize()
    {
        return ring.size();
    }

    /** @return the ring's buffer, for tests and the writer. */
    AtomicBuffer ringBuffer()
    {
        return ring.buffer();
    }

    /**
     * Poller, when a frame held in a chunk has left: the chunk goes back to the pool and the connection's share.
     *
     * @param chunk the frame's chunk.
     */
    void giveBack(final OutboundChunk chunk)
    {
        CHUNKS_HELD.getAndAdd(this, -1);
        chunks.release(chunk);
    }

    /**
     * Poller, once the connection is closed and no sender is between a take and a commit: drops every frame still
     * queued, giving their chunks back.
     *
     * @return true if the ring is empty; false if a small frame a sender is still copying stopped the walk (call
     * again).
     */
    boolean discard()
    {
        while (ring.read(discarder) > 0)
        {
            continue;
        }
        return ring.size() == 0;
    }

    /**
     * Whether a small frame of this length, with the padding it needs if it wraps, leaves room in the ring for the
     * references of every chunk the connection may hold, so that a frame that spills into a chunk finds room for its
     * reference. Senders racing past the check can eat into the room; a reference that then finds none is back
     * pressured, as any frame may be.
     */
    private boolean leavesReferenceRoom(final int length)
    {
        final int record = BitUtil.align(length + RecordDescriptor.HEADER_LENGTH, RecordDescriptor.ALIGNMENT);
        final long tail = ring.producerPosition();
        final int toEnd = capacity - ((int)tail & (capacity - 1));
        final int padding = record > toEnd ? toEnd : 0;
        return (int)(tail - ring.consumerPosition()) + record + padding <= capacity - referenceRoom;
    }

    private OutboundChunk takeChunk()
    {
        if ((int)CHUNKS_HELD.getAndAdd(this, 1) >= chunkShare)
        {
            CHUNKS_HELD.getAndAdd(this, -1);
            chunks.countRefused();
            return null;
        }
        final OutboundChunk chunk = chunks.take();
        if (chunk == null)
        {
            CHUNKS_HELD.getAndAdd(this, -1);
        }
        return chunk;
    }

    private void writeReference(final int index, final OutboundChunk chunk, final int length)
    {
        final AtomicBuffer buffer = ring.buffer();
        buffer.putInt(index + CHUNK_INDEX_OFFSET, chunk.index);
        buffer.putInt(index + CHUNK_FRAME_LENGTH_OFFSET, length);
    }

    private void discardRecord(final int type, final MutableDirectBuffer buffer, final int at, final int length)
    {
        if ((type & CHUNK_REFERENCE) != 0)
        {
            giveBack(chunks.chunk(buffer.getInt(at + CHUNK_INDEX_OFFSET)));
        }
    }
}
