package io.cellwire.client;

import org.agrona.CloseHelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntPredicate;

/**
 * A TCP relay between one client and a peer on 127.0.0.1 that splits the peer's stream into frames and drops those a
 * predicate picks (by message type, in arrival order), so a test can make the peer look as if it had not pre-sent some
 * DATA. The client's stream is relayed as it is, and its frames' types are recorded too. Two blocking relay threads,
 * both stopped by {@link #close()}. Test support.
 */
final class FrameDroppingProxy implements AutoCloseable
{
    /** Picks frames to drop: called with the message type of each frame from the peer, in order. */
    interface DropRule
    {
        boolean drop(int type);
    }

    final List<Integer> toClient = new CopyOnWriteArrayList<>();
    final List<Integer> toPeer = new CopyOnWriteArrayList<>();
    final List<Integer> dropped = new CopyOnWriteArrayList<>();
    private final ServerSocket listener;
    private final InetSocketAddress peer;
    private final DropRule rule;
    private final Thread acceptor;
    private volatile Socket client;
    private volatile Socket upstream;
    private volatile Thread downstreamThread;

    FrameDroppingProxy(final InetSocketAddress peer, final DropRule rule) throws IOException
    {
        this.peer = peer;
        this.rule = rule;
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::run, "test-proxy-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return {@code 127.0.0.1:port} of the relay. */
    String endpoint()
    {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** Drops the first frame of a type; relays everything else. */
    static DropRule dropFirst(final int dropType)
    {
        final boolean[] done = new boolean[1];
        return type ->
        {
            if (!done[0] && type == dropType)
            {
                done[0] = true;
                return true;
            }
            return false;
        };
    }

    private void run()
    {
        try
        {
            client = listener.accept();
            client.setTcpNoDelay(true);
            upstream = new Socket(peer.getAddress(), peer.getPort());
            upstream.setTcpNoDelay(true);
            final Thread downstream = new Thread(this::relayFromPeer, "test-proxy-downstream");
            downstream.setDaemon(true);
            downstreamThread = downstream;
            downstream.start();
            relay(client.getInputStream(), upstream.getOutputStream(), toPeer, type -> false);
        }
        catch (final IOException ex)
        {
            // closed
        }
    }

    private void relayFromPeer()
    {
        try
        {
            relay(upstream.getInputStream(), client.getOutputStream(), toClient, rule::drop);
        }
        catch (final IOException ex)
        {
            // closed
        }
    }

    private void relay(final InputStream in, final OutputStream out, final List<Integer> types, final IntPredicate drop)
        throws IOException
    {
        final byte[] frame = new byte[8200];
        while (true)
        {
            final int first = in.read();
            if (first < 0)
            {
                return;
            }
            int headerLength = 1;
            int length = first;
            frame[0] = (byte)first;
            if ((first & 0x80) != 0)
            {
                final int second = in.read();
                if (second < 0)
                {
                    return;
                }
                frame[1] = (byte)second;
                headerLength = 2;
                length = ((first & 0x3f) << 7) | (second & 0x7f);
            }
            if (in.readNBytes(frame, headerLength, length) < length)
            {
                return;
            }
            final int type = frame[headerLength] & 0xff;
            types.add(type);
            if (drop.test(type))
            {
                dropped.add(type);
                continue;
            }
            out.write(frame, 0, headerLength + length);
            out.flush();
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        CloseHelper.quietCloseAll(listener, client, upstream);
        acceptor.join(5_000);
        final Thread downstream = downstreamThread;
        if (downstream != null)
        {
            downstream.join(5_000);
        }
    }
}
