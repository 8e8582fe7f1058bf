package io.cellwire.node;

import org.agrona.CloseHelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on 127.0.0.1 that forwards each accepted connection to a target and, in each direction, delays every
 * chunk it reads by {@value #DELAY_MS} ± {@value #JITTER_MS} ms, holds one chunk in {@value #HOLD_ONE_IN} back a
 * further {@value #HOLD_MS} ms, writes each chunk in up to {@value #MAX_PIECES} pieces cut at random points (so frames
 * straddle writes), and throttles each direction to {@value #BYTES_PER_SECOND} bytes per second. Within a direction
 * the order of bytes is kept, as TCP requires: a chunk is never released before the one read ahead of it; across the
 * two directions release order differs from arrival order, which {@link #crossDirectionReorders()} counts.
 * <p>
 * Threads: one acceptor, and per connection a reader and a writer per direction, all blocking and all stopped by
 * {@link #close()}. Counters are atomics any thread may read. Test support.
 */
final class FaultInjectingProxy implements AutoCloseable
{
    /** Mean delay of each chunk. */
    static final long DELAY_MS = 50;
    /** Each chunk's delay is uniform in DELAY_MS ± JITTER_MS. */
    static final long JITTER_MS = 10;
    /** One chunk in this many is held back further, delaying what follows it in its direction only. */
    static final int HOLD_ONE_IN = 10;
    /** The extra hold. */
    static final long HOLD_MS = 30;
    /** Most pieces a chunk is written in. */
    static final int MAX_PIECES = 3;
    /** Throughput limit of each direction: 64 KiB/s. */
    static final int BYTES_PER_SECOND = 64 * 1024;

    private static final int READ_BUFFER_LENGTH = 4096;
    private static final int ACCEPT_BACKLOG = 4;
    private static final long POLL_MS = 50;
    private static final long JOIN_MS = 5_000;
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Bytes relayed towards the target, and back. */
    final AtomicLong bytesToTarget = new AtomicLong();
    final AtomicLong bytesFromTarget = new AtomicLong();
    /** Chunks read, pieces written, chunks held back. */
    final AtomicLong chunks = new AtomicLong();
    final AtomicLong pieces = new AtomicLong();
    final AtomicLong held = new AtomicLong();
    /** Connections accepted. */
    final AtomicLong connections = new AtomicLong();

    private final InetSocketAddress target;
    private final long seed;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<long[]> toTargetTimes = new CopyOnWriteArrayList<>();
    private final List<long[]> fromTargetTimes = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * Starts relaying.
     *
     * @param target where each connection goes.
     * @param seed   seed of the random delays, holds and cuts (each direction of each connection draws from its own
     *               generator seeded from it).
     */
    FaultInjectingProxy(final InetSocketAddress target, final long seed) throws IOException
    {
        this.target = target;
        this.seed = seed;
        listener = new ServerSocket(0, ACCEPT_BACKLOG, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "fault-proxy-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return {@code 127.0.0.1:port} of the relay. */
    String endpoint()
    {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** @return the relay's port on 127.0.0.1. */
    int port()
    {
        return listener.getLocalPort();
    }

    /**
     * Pairs of chunks in opposite directions released in the opposite order to the one they were read in.
     *
     * @return the count so far.
     */
    long crossDirectionReorders()
    {
        final List<long[]> to = new ArrayList<>(toTargetTimes);
        final List<long[]> from = new ArrayList<>(fromTargetTimes);
        long reorders = 0;
        for (final long[] a : to)
        {
            for (final long[] b : from)
            {
                if (Long.signum(a[0] - b[0]) * Long.signum(a[1] - b[1]) < 0)
                {
                    reorders++;
                }
            }
        }
        return reorders;
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
        for (final Thread thread : threads)
        {
            thread.join(JOIN_MS);
        }
    }

    private void accept()
    {
        int connection = 0;
        while (!closed)
        {
            try
            {
                final Socket client = listener.accept();
                sockets.add(client);
                final Socket upstream = new Socket();
                sockets.add(upstream);
                upstream.connect(target);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                connections.incrementAndGet();
                connection++;
                relay("up-" + connection, client, upstream, bytesToTarget, toTargetTimes, seed + 2L * connection);
                relay("down-" + connection, upstream, client, bytesFromTarget, fromTargetTimes,
                    seed + 2L * connection + 1);
            }
            catch (final IOException ex)
            {
                // closed, or the target refused: the client sees its connection end and reconnects
            }
        }
    }

    private void relay(
        final String name,
        final Socket from,
        final Socket to,
        final AtomicLong bytes,
        final List<long[]> times,
        final long directionSeed) throws IOException
    {
        final Direction direction = new Direction(from.getInputStream(), to, bytes, times, directionSeed);
        final Thread reader = new Thread(direction::read, "fault-proxy-read-" + name);
        final Thread writer = new Thread(direction::write, "fault-proxy-write-" + name);
        reader.setDaemon(true);
        writer.setDaemon(true);
        threads.add(reader);
        threads.add(writer);
        reader.start();
        writer.start();
    }

    /** One chunk as read, with its arrival and planned release; an empty chunk marks the end of the stream. */
    private record Chunk(byte[] bytes, long arrivalNs, long releaseNs)
    {
    }

    /** One direction of one connection: a reader that stamps chunks, a writer that releases them. */
    private final class Direction
    {
        private final InputStream in;
        private final Socket to;
        private final AtomicLong bytes;
        private final List<long[]> times;
        private final Random delays;
        private final Random cuts;
        private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        private long lastReleaseNs;
        private long nextFreeNs;

        /** Its reader draws delays and holds, its writer cut points, each from a generator of its own. */
        Direction(
            final InputStream in, final Socket to, final AtomicLong bytes, final List<long[]> times, final long seed)
        {
            this.in = in;
            this.to = to;
            this.bytes = bytes;
            this.times = times;
            delays = new Random(seed);
            cuts = new Random(~seed);
        }

        void read()
        {
            final byte[] buffer = new byte[READ_BUFFER_LENGTH];
            try
            {
                int length;
                while ((length = in.read(buffer)) >= 0)
                {
                    final long nowNs = System.nanoTime();
                    long delayMs = DELAY_MS - JITTER_MS + delays.nextInt((int)(2 * JITTER_MS + 1));
                    if (delays.nextInt(HOLD_ONE_IN) == 0)
                    {
                        delayMs += HOLD_MS;
                        held.incrementAndGet();
                    }
                    lastReleaseNs = Math.max(lastReleaseNs, nowNs + TimeUnit.MILLISECONDS.toNanos(delayMs));
                    final byte[] chunk = new byte[length];
                    System.arraycopy(buffer, 0, chunk, 0, length);
                    chunks.incrementAndGet();
                    queue.add(new Chunk(chunk, nowNs, lastReleaseNs));
                }
            }
            catch (final IOException ex)
            {
                // closed
            }
            queue.add(new Chunk(new byte[0], System.nanoTime(), lastReleaseNs));
        }

        void write()
        {
            try
            {
                final OutputStream out = to.getOutputStream();
                while (!closed)
                {
                    final Chunk chunk = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                    if (chunk == null)
                    {
                        continue;
                    }
                    parkUntil(chunk.releaseNs());
                    if (chunk.bytes().length == 0)
                    {
                        to.shutdownOutput();
                        return;
                    }
                    times.add(new long[]{ chunk.arrivalNs(), System.nanoTime() });
                    writeInPieces(out, chunk.bytes());
                }
            }
            catch (final IOException ex)
            {
                // closed
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        private void writeInPieces(final OutputStream out, final byte[] chunk) throws IOException
        {
            final int count = Math.min(chunk.length, 1 + cuts.nextInt(MAX_PIECES));
            int offset = 0;
            for (int i = 1; i <= count; i++)
            {
                final int piecesLeft = count - i;
                final int end = piecesLeft == 0 ? chunk.length :
                    offset + 1 + cuts.nextInt(chunk.length - offset - piecesLeft);
                final int length = end - offset;
                parkUntil(nextFreeNs);
                out.write(chunk, offset, length);
                out.flush();
                nextFreeNs = Math.max(nextFreeNs, System.nanoTime()) + length * NANOS_PER_SECOND / BYTES_PER_SECOND;
                bytes.addAndGet(length);
                pieces.incrementAndGet();
                offset = end;
            }
        }

        private void parkUntil(final long deadlineNs)
        {
            long remaining;
            while (!closed && (remaining = deadlineNs - System.nanoTime()) > 0)
            {
                LockSupport.parkNanos(remaining);
            }
        }
    }
}
