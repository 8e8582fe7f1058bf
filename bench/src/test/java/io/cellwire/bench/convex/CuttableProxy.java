package io.cellwire.bench.convex;

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 that forwards each accepted connection to a target, byte for byte, until {@link #cut()}
 * closes every connection it relays and makes it close each one it accepts at once, until {@link #restore()}: a link
 * between two peers that goes down and comes back, as {@code FaultInjectingProxy} of the transport tests relays one
 * that is slow.
 * <p>
 * Threads: one acceptor, and two pumps per relayed connection, all blocking and all stopped by {@link #close()}. Any
 * thread may call {@link #cut()}, {@link #restore()} and read the counters.
 */
final class CuttableProxy implements AutoCloseable
{
    private static final int ACCEPT_BACKLOG = 8;
    private static final int BUFFER_LENGTH = 64 * 1024;
    private static final long JOIN_MS = 5_000;

    /** Connections relayed to the target. */
    final AtomicLong relayed = new AtomicLong();
    /** Connections accepted while cut and closed at once. */
    final AtomicLong refused = new AtomicLong();

    private final InetSocketAddress target;
    private final String name;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Thread> pumps = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean cut;
    private volatile boolean closed;

    /**
     * Starts relaying.
     *
     * @param target where each connection goes.
     * @param name   names the proxy's threads.
     */
    CuttableProxy(final InetSocketAddress target, final String name) throws IOException
    {
        this.target = target;
        this.name = name;
        listener = new ServerSocket(0, ACCEPT_BACKLOG, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "cut-proxy-accept-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return where the relay listens, on 127.0.0.1. */
    InetSocketAddress address()
    {
        return new InetSocketAddress("127.0.0.1", listener.getLocalPort());
    }

    /** Closes every relayed connection, both sides, and refuses new ones until {@link #restore()}. */
    void cut()
    {
        cut = true;
        for (final Socket socket : sockets)
        {
            CloseHelper.quietClose(socket);
        }
    }

    /** Relays new connections again. */
    void restore()
    {
        cut = false;
    }

    /** Stops accepting, closes every socket and joins every thread, each within a bound. */
    @Override
    public void close() throws InterruptedException
    {
        closed = true;
        CloseHelper.quietClose(listener);
        for (final Socket socket : sockets)
        {
            CloseHelper.quietClose(socket);
        }
        acceptor.join(JOIN_MS);
        for (final Thread pump : pumps)
        {
            pump.join(JOIN_MS);
        }
    }

    private void accept()
    {
        int connection = 0;
        while (!closed)
        {
            final Socket client;
            try
            {
                client = listener.accept();
            }
            catch (final IOException ex)
            {
                continue; // closed
            }
            if (cut)
            {
                refused.incrementAndGet();
                CloseHelper.quietClose(client);
                continue;
            }
            final Socket upstream = new Socket();
            sockets.add(client);
            sockets.add(upstream);
            try
            {
                upstream.connect(target);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                connection++;
                pump("up-" + connection, client, upstream);
                pump("down-" + connection, upstream, client);
                relayed.incrementAndGet();
            }
            catch (final IOException ex)
            {
                // the target refused: the client sees its connection end and reconnects
                CloseHelper.quietCloseAll(client, upstream);
            }
            if (cut)
            {
                // cut while this connection was being set up
                CloseHelper.quietCloseAll(client, upstream);
            }
        }
    }

    private void pump(final String direction, final Socket from, final Socket to) throws IOException
    {
        final InputStream in = from.getInputStream();
        final OutputStream out = to.getOutputStream();
        final Thread pump = new Thread(() -> copy(in, out, from, to), "cut-proxy-" + name + "-" + direction);
        pump.setDaemon(true);
        pumps.add(pump);
        pump.start();
    }

    private void copy(final InputStream in, final OutputStream out, final Socket from, final Socket to)
    {
        final byte[] buffer = new byte[BUFFER_LENGTH];
        try
        {
            int length;
            while ((length = in.read(buffer)) >= 0)
            {
                out.write(buffer, 0, length);
                out.flush();
            }
        }
        catch (final IOException ex)
        {
            // cut or closed
        }
        finally
        {
            CloseHelper.quietCloseAll(from, to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }
}
