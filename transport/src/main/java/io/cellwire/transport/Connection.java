package io.cellwire.transport;

import io.cellwire.codec.FrameHeader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One TCP connection: its socket, the receive buffer it holds while it has unfinished input (from the poller's
 * {@link ReceiveBufferPool}; none otherwise), and its {@link OutboundQueue} (a small ring of its own and chunks of the
 * transport's shared pool for large frames), which the poller writes to the socket through an {@link OutboundWriter}.
 * <p>
 * Thread ownership: the socket, the receive buffer, the writer and every plain field belong to the poller thread. The
 * outbound queue is many-producer (handler lanes, application threads and the poller send into it) and
 * single-consumer (the poller). {@link #state} is a volatile handoff read by producers, written by the poller;
 * {@link #closeRequested} is set by any thread and acted on by the poller; {@link #signalled} is set by whoever queues the connection on the
 * poller's ready queue (a send, a commit, a close request) and cleared by the poller; {@link #lastReadNs} is written by the poller and read by the lane that
 * watches its peer links; {@link #prioritized} is set by any thread (a protocol that trusts the peer) and read by the
 * poller, which serves prioritized connections first;
 * {@link #framesPublished} is the poller's and {@link #framesReleased} its lane's (a single-writer counter the poller
 * reads), so the poller knows how many frames the connection has in its lane without an atomic per frame. The outbound
 * ring is allocated once when the connection opens and freed by the garbage collector after the connection is
 * dropped, so a producer racing a close never writes to freed memory; chunks a closed connection still holds go back
 * to the pool once no sender is between taking one and committing it.
 */
public final class Connection
{
    /** Opening: an outbound connect in progress. */
    public static final int CONNECTING = 0;
    /** Open: frames flow both ways. */
    public static final int ACTIVE = 1;
    /** Closed: sends return {@link SendResult#CLOSED}. */
    public static final int CLOSED = 2;

    private static final VarHandle FRAMES_RELEASED;
    private static final VarHandle SIGNALLED;

    static
    {
        try
        {
            FRAMES_RELEASED = MethodHandles.lookup().findVarHandle(Connection.class, "framesReleased", long.class);
            SIGNALLED = MethodHandles.lookup().findVarHandle(Connection.class, "signalled", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final long id;
    final int lane;
    final boolean outbound;
    final SocketChannel channel;
    /** The pooled receive buffer while input is unfinished, else null; the poller's. */
    ByteBuffer receiveByteBuffer;
    final UnsafeBuffer receiveBuffer = new UnsafeBuffer(0, 0);
    final OutboundQueue outboundQueue;
    final OutboundWriter writer;
    /** Where this connection goes when it has output or asks to close: the poller's ready queue. */
    private final ManyToOneConcurrentArrayQueue<Connection> ready;
    /** Wakes the poller when another thread queues this connection, so a reply does not wait out the poller's park. */
    private final ThreadWaker pollerWaker;

    SelectionKey key;
    int receiveStart;
    int receiveLimit;
    boolean lanePaused;
    volatile long lastReadNs;
    long partialSinceNs;
    long outboundFullSinceNs;

    volatile int state;
    volatile boolean closeRequested;
    volatile boolean prioritized;
    /** Frames of this connection the poller has put in lane slots; the poller's. */
    long framesPublished;
    /** Frames of this connection in slots its lane has released; written by the lane only, read by the poller. */
    volatile long framesReleased;
    /** 1 while this connection waits in the ready queue: set by whoever queues it, cleared by the poller. */
    volatile int signalled;
    /** Whether the poller keeps it in its list of connections with output the socket did not take; the poller's. */
    boolean writePending;
    /** Whether the poller keeps it in its list of connections its lane held back; the poller's. */
    boolean pauseListed;

    Connection(
        final long id,
        final int lane,
        final boolean outbound,
        final SocketChannel channel,
        final OutboundQueue outboundQueue,
        final ManyToOneConcurrentArrayQueue<Connection> ready,
        final ThreadWaker pollerWaker,
        final OutboundWriter.Scratch writeScratch)
    {
        this.ready = ready;
        this.pollerWaker = pollerWaker;
        this.id = id;
        this.lane = lane;
        this.outbound = outbound;
        this.channel = channel;
        this.outboundQueue = outboundQueue;
        writer = new OutboundWriter(outboundQueue, writeScratch);
        state = outbound ? CONNECTING : ACTIVE;
    }

    /**
     * The connection's id: unique within its transport.
     *
     * @return the id.
     */
    public long id()
    {
        return id;
    }

    /**
     * The handler lane this connection's frames go to.
     *
     * @return the lane index.
     */
    public int lane()
    {
        return lane;
    }

    /**
     * Whether this transport opened the connection.
     *
     * @return true for outbound.
     */
    public boolean isOutbound()
    {
        return outbound;
    }

    /**
     * The connection's state: {@link #CONNECTING}, {@link #ACTIVE} or {@link #CLOSED}.
     *
     * @return the state, as last published by the poller.
     */
    public int state()
    {
        return state;
    }

    /**
     * Whether the connection is served first: read before the others each duty cycle, and allowed the lane slots that
     * {@link Transport.Context#prioritySlots(int)} reserves.
     *
     * @return true once {@link #prioritize()} was called; any thread may ask.
     */
    public boolean isPrioritized()
    {
        return prioritized;
    }

    /**
     * When the poller last read bytes from the socket (or opened it), {@code System.nanoTime()}.
     *
     * @return nanoseconds; any thread.
     */
    public long lastReadNs()
    {
        return lastReadNs;
    }

    /**
     * Serves this connection first from the poller's next duty cycle on, for as long as it stays open: the engine's
     * one scheduling knob, which a protocol sets for the peers it trusts. Safe from any thread.
     */
    public void prioritize()
    {
        prioritized = true;
    }

    /**
     * Sends one frame: copies it into the outbound queue for the poller to write (a small frame into the ring, a large
     * one, or a small one that finds the ring full, into a chunk of the shared pool). Safe from any thread.
     *
     * @param type   the frame's message type.
     * @param buffer the frame bytes, header included.
     * @param offset where the frame starts.
     * @param length the whole frame's length.
     * @return {@code length}, or {@link SendResult#CLOSED}, {@link SendResult#BACK_PRESSURED} or
     * {@link SendResult#MAX_FRAME_EXCEEDED}.
     */
    public long offer(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > FrameHeader.MAX_FRAME_SIZE || length < 2)
        {
            return SendResult.MAX_FRAME_EXCEEDED;
        }
        if (isClosing())
        {
            return SendResult.CLOSED;
        }
        long result = length < OutboundQueue.CHUNK_THRESHOLD ?
            outboundQueue.offerInline(type, buffer, offset, length) : SendResult.BACK_PRESSURED;
        if (result == SendResult.BACK_PRESSURED)
        {
            result = offerInChunk(type, buffer, offset, length);
        }
        if (result > 0)
        {
            signal();
        }
        return result;
    }

    private long offerInChunk(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        // between the begin and the end the poller keeps this connection's chunks, even if it closes meanwhile
        outboundQueue.beginChunkSend();
        try
        {
            return isClosing() ? SendResult.CLOSED : outboundQueue.offerInChunk(type, buffer, offset, length);
        }
        finally
        {
            outboundQueue.endChunkSend();
        }
    }

    /**
     * Claims room for one frame so an encoder can write it in place (in the ring, or in a chunk as {@link #offer}
     * chooses); then {@link FrameClaim#commit()} or {@link FrameClaim#abort()} it, promptly, from the same thread.
     * Safe from any thread.
     *
     * @param type   the frame's message type.
     * @param length the whole frame's exact length, header included.
     * @param claim  filled in with where to write.
     * @return {@code length}, or {@link SendResult#CLOSED}, {@link SendResult#BACK_PRESSURED} or
     * {@link SendResult#MAX_FRAME_EXCEEDED}.
     */
    public long tryClaim(final int type, final int length, final FrameClaim claim)
    {
        if (length > FrameHeader.MAX_FRAME_SIZE || length < 2)
        {
            return SendResult.MAX_FRAME_EXCEEDED;
        }
        if (isClosing())
        {
            return SendResult.CLOSED;
        }
        long result = length < OutboundQueue.CHUNK_THRESHOLD ?
            outboundQueue.claimInline(type, length, claim) : SendResult.BACK_PRESSURED;
        if (result == SendResult.BACK_PRESSURED)
        {
            // the bracket ends when the claim is committed or aborted
            outboundQueue.beginChunkSend();
            result = isClosing() ? SendResult.CLOSED : outboundQueue.claimInChunk(type, length, claim);
            if (result <= 0)
            {
                outboundQueue.endChunkSend();
            }
        }
        if (result > 0)
        {
            claim.claimedFor(this);
        }
        return result;
    }

    /** Completes a claim: publishes it to the poller. */
    void commit(final int ringIndex, final OutboundChunk chunk)
    {
        outboundQueue.commit(ringIndex);
        if (chunk != null)
        {
            outboundQueue.endChunkSend();
        }
        signal();
    }

    /** Completes a claim by giving its room back. */
    void abort(final int ringIndex, final OutboundChunk chunk)
    {
        outboundQueue.abort(ringIndex, chunk);
        if (chunk != null)
        {
            outboundQueue.endChunkSend();
        }
        // the aborted record is padding in the ring, which the poller consumes
        signal();
    }

    private boolean isClosing()
    {
        return state == CLOSED || closeRequested;
    }

    /** @return frames of this connection in its lane now, read and not yet handled; the poller's view. */
    int framesHeld()
    {
        return (int)(framesPublished - framesReleased);
    }

    /** Counts the frames of a released slot off this connection's share; called by its lane only (the single writer). */
    void onFramesReleased(final int frames)
    {
        FRAMES_RELEASED.setRelease(this, framesReleased + frames);
    }

    /** Asks the poller to close this connection at its next duty cycle. Safe from any thread. */
    public void requestClose()
    {
        closeRequested = true;
        signal();
    }

    /**
     * Queues this connection for the poller, unless it is queued already: the poller's duty cycle visits only the
     * connections that have something to do, not every open one. Any thread.
     */
    void signal()
    {
        // an atomic swap on both sides: the poller's swap back to 0 reads this one, so what was written before it is
        // visible to the poller's write that follows; a plain check first could miss a frame committed meanwhile
        if ((int)SIGNALLED.getAndSet(this, 1) == 0)
        {
            // the queue has room for every connection open or closed since the last flush, so the offer cannot fail
            ready.offer(this);
            pollerWaker.wake();
        }
    }

    /**
     * Poller: takes this connection off the ready queue's books before writing it, so a signal after this queues it
     * again and a frame committed before it is seen by the write.
     */
    void clearSignal()
    {
        SIGNALLED.getAndSet(this, 0);
    }
}
