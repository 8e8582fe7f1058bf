package io.cellwire.node;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.transport.OutboundConnection;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An outbound connection to another peer, which this node challenges each time it (re)connects and trusts once the
 * peer's RESPONSE proves the expected key.
 * <p>
 * Thread ownership: made by the application thread in {@link Node#connect}, then handed to lane 0 through a
 * many-to-one queue; lane 0 owns every plain field. {@link #isTrusted()} reads a volatile the lane publishes.
 */
public final class PeerLink
{
    final OutboundConnection outbound;
    final UnsafeBuffer expectedKey = new UnsafeBuffer(new byte[CellDescriptor.PUBLIC_KEY_LENGTH]);
    final UnsafeBuffer token = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
    final UnsafeBuffer challengeHash = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
    long challengedConnectionId = OutboundConnection.NOT_CONNECTED;
    long challengeSentNs;
    long keepaliveSentNs;
    boolean awaitingResponse;
    volatile boolean trusted;

    PeerLink(final OutboundConnection outbound, final byte[] expectedKey)
    {
        this.outbound = outbound;
        this.expectedKey.putBytes(0, expectedKey);
    }

    /**
     * Whether the current connection is trusted: the peer answered this node's CHALLENGE with a valid RESPONSE.
     *
     * @return true when trusted; false again after a reconnect until the new challenge is answered.
     */
    public boolean isTrusted()
    {
        return trusted;
    }

    /**
     * The id of the current connection.
     *
     * @return the id, or {@link OutboundConnection#NOT_CONNECTED}.
     */
    public long connectionId()
    {
        return outbound.connectionId();
    }

    /** Stops reconnecting and closes the current connection. Safe from any thread. */
    public void close()
    {
        outbound.close();
    }
}
