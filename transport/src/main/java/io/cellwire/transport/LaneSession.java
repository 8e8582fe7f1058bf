package io.cellwire.transport;

import org.agrona.DirectBuffer;

/**
 * What a handler lane's application code sees while it handles one frame: where the frame came from, its bytes in
 * the slot, and how to reply. Valid only during the callback; owned by the lane thread.
 */
public final class LaneSession
{
    private final ConnectionTable connections;
    private final int lane;
    private DirectBuffer buffer;
    private int frameOffset;
    private int frameLength;
    private int type;
    private long connectionId;
    private long receiveTimeNs;

    LaneSession(final ConnectionTable connections, final int lane)
    {
        this.connections = connections;
        this.lane = lane;
    }

    void wrap(
        final DirectBuffer buffer,
        final int frameOffset,
        final int frameLength,
        final int type,
        final long connectionId,
        final long receiveTimeNs)
    {
        this.buffer = buffer;
        this.frameOffset = frameOffset;
        this.frameLength = frameLength;
        this.type = type;
        this.connectionId = connectionId;
        this.receiveTimeNs = receiveTimeNs;
    }

    /**
     * Any open connection of the transport, for replies encoded in place or to read its state.
     *
     * @param connectionId the connection's id.
     * @return the connection, or null if it has closed.
     */
    public Connection connection(final long connectionId)
    {
        return connections.get(connectionId);
    }

    /**
     * The lane this session belongs to.
     *
     * @return the lane index.
     */
    public int lane()
    {
        return lane;
    }

    /**
     * The connection the current frame came from.
     *
     * @return its id.
     */
    public long connectionId()
    {
        return connectionId;
    }

    /**
     * When the poller read the current frame, {@code System.nanoTime()}.
     *
     * @return nanoseconds.
     */
    public long receiveTimeNs()
    {
        return receiveTimeNs;
    }

    /**
     * The current frame's message type.
     *
     * @return the type byte.
     */
    public int type()
    {
        return type;
    }

    /**
     * The slot holding the current frame.
     *
     * @return the buffer.
     */
    public DirectBuffer frameBuffer()
    {
        return buffer;
    }

    /**
     * Where the current frame (its length header) starts in {@link #frameBuffer()}.
     *
     * @return the offset.
     */
    public int frameOffset()
    {
        return frameOffset;
    }

    /**
     * The current frame's whole length, header included.
     *
     * @return bytes.
     */
    public int frameLength()
    {
        return frameLength;
    }

    /**
     * Sends a frame to the connection the current frame came from.
     *
     * @return a positive value, or a {@link SendResult} code.
     */
    public long reply(final int type, final DirectBuffer frame, final int offset, final int length)
    {
        return send(connectionId, type, frame, offset, length);
    }

    /**
     * Sends a frame to any open connection.
     *
     * @return a positive value, or a {@link SendResult} code.
     */
    public long send(
        final long connectionId, final int type, final DirectBuffer frame, final int offset, final int length)
    {
        final Connection connection = connections.get(connectionId);
        return connection == null ? SendResult.NOT_CONNECTED : connection.offer(type, frame, offset, length);
    }

    /**
     * The connection the current frame came from, for replies encoded in place with
     * {@link Connection#tryClaim(int, int, FrameClaim)}.
     *
     * @return the connection, or null if it has closed.
     */
    public Connection connection()
    {
        return connections.get(connectionId);
    }

    /**
     * Asks the poller to close a connection, e.g. one that sent a payload that cannot be trusted.
     *
     * @param connectionId the connection.
     */
    public void close(final long connectionId)
    {
        final Connection connection = connections.get(connectionId);
        if (connection != null)
        {
            connection.requestClose();
        }
    }
}
