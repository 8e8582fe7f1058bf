package io.cellwire.transport;

import java.net.InetSocketAddress;

/**
 * A handle on a connection this transport opens and keeps open: the poller connects, and after a close reconnects
 * with exponential backoff, giving each new connection a new id.
 * <p>
 * Thread ownership: the address and backoff fields belong to the poller; {@link #connectionId()} is a volatile
 * handoff the application reads.
 */
public final class OutboundConnection
{
    /** What {@link #connectionId()} returns while not connected. */
    public static final long NOT_CONNECTED = -1;

    final InetSocketAddress address;
    long backoffNs;
    long nextAttemptNs;
    int attempts;
    volatile long connectionId = NOT_CONNECTED;
    volatile boolean closed;

    OutboundConnection(final InetSocketAddress address)
    {
        this.address = address;
    }

    /**
     * The id of the current connection.
     *
     * @return the id once connected, else {@link #NOT_CONNECTED}.
     */
    public long connectionId()
    {
        return connectionId;
    }

    /**
     * Where it connects.
     *
     * @return the address.
     */
    public InetSocketAddress address()
    {
        return address;
    }

    /**
     * How many connects the poller has attempted.
     *
     * @return the count, read without synchronisation (for tests and tools).
     */
    public int attempts()
    {
        return attempts;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed; any thread.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /** Stops reconnecting; the current connection, if any, closes. Safe from any thread. */
    public void close()
    {
        closed = true;
    }
}
