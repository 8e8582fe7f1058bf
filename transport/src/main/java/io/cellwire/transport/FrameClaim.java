package io.cellwire.transport;

import org.agrona.MutableDirectBuffer;

/**
 * Room claimed for one outbound frame, for an encoder to write in place, in the manner of Aeron's {@code BufferClaim}:
 * {@link Connection#tryClaim(int, int, FrameClaim)} fills it in, the encoder writes {@link #length()} bytes from
 * {@link #offset()} in {@link #buffer()}, and {@link #commit()} sends the frame (or {@link #abort()} drops it). A small
 * frame's room is in the connection's outbound ring; a large one's is a chunk of the shared pool.
 * <p>
 * Thread ownership: one per sending thread, reused for every claim; a claim is completed by the thread that made it,
 * promptly, since the frames queued behind it wait for it.
 */
public final class FrameClaim
{
    private Connection connection;
    private MutableDirectBuffer buffer;
    private int offset;
    private int length;
    private int ringIndex;
    private OutboundChunk chunk;

    /**
     * The buffer to write the frame into.
     *
     * @return the ring's buffer or a chunk's.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Where the frame starts in {@link #buffer()}.
     *
     * @return the offset.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * The frame's whole length, header included, as claimed.
     *
     * @return bytes.
     */
    public int length()
    {
        return length;
    }

    /** Sends the frame written into the claim. */
    public void commit()
    {
        final Connection claimed = connection;
        connection = null;
        claimed.commit(ringIndex, chunk);
        chunk = null;
    }

    /** Drops the claim without sending: its room is given back. */
    public void abort()
    {
        final Connection claimed = connection;
        connection = null;
        claimed.abort(ringIndex, chunk);
        chunk = null;
    }

    void claimed(
        final MutableDirectBuffer buffer, final int offset, final int length, final int ringIndex,
        final OutboundChunk chunk)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.ringIndex = ringIndex;
        this.chunk = chunk;
    }

    void claimedFor(final Connection connection)
    {
        this.connection = connection;
    }
}
