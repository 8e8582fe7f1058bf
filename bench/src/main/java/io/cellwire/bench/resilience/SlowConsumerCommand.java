package io.cellwire.bench.resilience;

import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.message.QueryEncoder;
import io.cellwire.transport.Client;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.Node;
import io.cellwire.transport.ResultHandler;
import io.cellwire.transport.ThreadingMode;
import org.HdrHistogram.Histogram;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code cellwire slow-consumer}: what a slow consumer costs everyone else. A demo node serves a healthy client's
 * sequential {@code (+ 1 2)} queries, first alone, then while a hostile peer floods it with queries and reads its
 * replies at 1 KB/s until the node evicts it. Prints the healthy client's round-trip percentiles for both phases, when
 * the eviction came and the node's counters for it. The healthy client runs on this thread ({@code INVOKER}), the node
 * on one thread, the slow peer on one blocking thread: no more than two threads ever spin.
 */
@Command(
    name = "slow-consumer",
    mixinStandardHelpOptions = true,
    description = "Measures a healthy client's latency while a 1 KB/s reader is flooding the node until evicted.")
public final class SlowConsumerCommand implements Callable<Integer>
{
    private static final DirectBuffer ONE_PLUS_TWO = new UnsafeBuffer(BitUtil.fromHex("8103090209013201" + "2b"));
    private static final int SLOW_READ_BYTES = 1024;
    private static final long SLOW_READ_PAUSE_MS = 1000;
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final long EVICTION_CHECK_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final String EVICTED = "connections: evicted (slow consumer)";

    @Spec
    private CommandSpec spec;

    @Option(names = "--duration", defaultValue = "10", description = "Seconds per phase (default ${DEFAULT-VALUE}).")
    private int durationSeconds;

    @Option(names = "--eviction", defaultValue = "5", description = "Slow-consumer eviction seconds (default ${DEFAULT-VALUE}).")
    private int evictionSeconds;

    @Option(names = "--idle", defaultValue = IdleStrategies.BACKOFF, description = "Node idle strategy (default ${DEFAULT-VALUE}).")
    private String idle;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        try (Node node = Node.launch(new Node.Context().transport(t -> t.port(0).idleStrategy(idle)
            .slowConsumerEvictionNs(TimeUnit.SECONDS.toNanos(evictionSeconds))));
            Client client = Client.connect(new Client.Context()
                .endpoint("127.0.0.1:" + node.localAddress().getPort())
                .threadingMode(ThreadingMode.INVOKER)))
        {
            final long phaseNs = TimeUnit.SECONDS.toNanos(durationSeconds);
            run(client, TimeUnit.SECONDS.toNanos(1), new Histogram(HIGHEST_NS, SIGNIFICANT_DIGITS), null);
            final Histogram alone = new Histogram(HIGHEST_NS, SIGNIFICANT_DIGITS);
            run(client, phaseNs, alone, null);

            final AtomicBoolean stop = new AtomicBoolean();
            final SlowPeer slow = new SlowPeer(node.localAddress().getPort(), stop);
            final Thread slowThread = new Thread(slow, "slow-consumer");
            final long floodStartNs = System.nanoTime();
            slowThread.start();
            final Histogram withSlow = new Histogram(HIGHEST_NS, SIGNIFICANT_DIGITS);
            final long evictedAtNs = run(client, phaseNs, withSlow, node);
            final long evicted = node.counters().value(EVICTED);
            stop.set(true);
            slowThread.join(TimeUnit.SECONDS.toMillis(5));

            out.printf("healthy client, sequential QUERY (+ 1 2), %d s per phase, node idle %s, eviction %d s%n",
                durationSeconds, idle, evictionSeconds);
            out.println("| phase | round trips | p50 µs | p99 µs | p99.9 µs | max µs |");
            out.println("|---|---|---|---|---|---|");
            row(out, "alone", alone);
            row(out, "with a 1 KB/s reader flooding", withSlow);
            out.printf("slow peer: sent %,d bytes of queries, read %,d bytes; evicted: %s%n", slow.bytesSent,
                slow.bytesRead, evictedAtNs == 0 ? "no" :
                String.format("yes, %.1f s after the flood began", (evictedAtNs - floodStartNs) / 1e9));
            out.printf("node counters: outbound ring over 3/4 full %d, evicted %d, replies lost %d, QUERY :LOAD %d%n",
                node.counters().value("back pressure: outbound ring over 3/4 full"), evicted,
                node.counters().value("node: replies lost (outbound ring full)"),
                node.counters().value("shed: QUERY answered :LOAD"));
            out.flush();
            return evicted == 1 ? 0 : 1;
        }
    }

    private static void row(final PrintWriter out, final String phase, final Histogram histogram)
    {
        out.printf("| %s | %,d | %.1f | %.1f | %.1f | %.1f |%n", phase, histogram.getTotalCount(),
            histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
            histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3);
    }

    /**
     * Sequential round trips for a while, each recorded in nanoseconds; watches the node's eviction counter when a node
     * is given.
     *
     * @return when the node first counted an eviction, or 0.
     */
    private static long run(final Client client, final long durationNs, final Histogram histogram, final Node node)
    {
        final long[] sentAt = { 0 };
        final boolean[] answered = { true };
        final ResultHandler onResult = (id, value, error, timedOut) ->
        {
            histogram.recordValue(Math.min(HIGHEST_NS, System.nanoTime() - sentAt[0]));
            answered[0] = true;
        };
        long evictedAtNs = 0;
        long nextCheckNs = 0;
        final long endNs = System.nanoTime() + durationNs;
        while (System.nanoTime() - endNs < 0)
        {
            if (answered[0])
            {
                sentAt[0] = System.nanoTime();
                if (client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), MessageFields.NULL_ADDRESS) > 0)
                {
                    answered[0] = false;
                }
            }
            if (client.poll(onResult) == 0)
            {
                LockSupport.parkNanos(1_000);
            }
            final long nowNs = System.nanoTime();
            if (node != null && evictedAtNs == 0 && nowNs - nextCheckNs >= 0)
            {
                nextCheckNs = nowNs + EVICTION_CHECK_NS;
                evictedAtNs = node.counters().value(EVICTED) > 0 ? nowNs : 0;
            }
        }
        while (!answered[0])
        {
            client.poll(onResult);
        }
        return evictedAtNs;
    }

    /** Floods the node with queries and reads its replies at 1 KB/s; owned by its own thread. */
    private static final class SlowPeer implements Runnable
    {
        private final int port;
        private final AtomicBoolean stop;
        volatile long bytesSent;
        volatile long bytesRead;

        SlowPeer(final int port, final AtomicBoolean stop)
        {
            this.port = port;
            this.stop = stop;
        }

        @Override
        public void run()
        {
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
            final int length = new QueryEncoder().wrapFrame(frame, 0).id(1).form(ONE_PLUS_TWO, 0,
                ONE_PLUS_TWO.capacity()).addressNil().finishFrame();
            final byte[] burst = new byte[length * 256];
            for (int i = 0; i < 256; i++)
            {
                frame.getBytes(0, burst, i * length, length);
            }
            try (Socket socket = new Socket("127.0.0.1", port))
            {
                socket.setReceiveBufferSize(4 * 1024);
                final Thread writer = new Thread(() -> write(socket, burst), "slow-consumer-writer");
                writer.setDaemon(true);
                writer.start();
                final InputStream in = socket.getInputStream();
                final byte[] kilobyte = new byte[SLOW_READ_BYTES];
                int read;
                while (!stop.get() && (read = in.read(kilobyte)) >= 0)
                {
                    bytesRead += read;
                    Thread.sleep(SLOW_READ_PAUSE_MS);
                }
            }
            catch (final IOException | InterruptedException ended)
            {
                stop.set(true);
            }
        }

        private void write(final Socket socket, final byte[] burst)
        {
            try
            {
                final OutputStream out = socket.getOutputStream();
                while (!stop.get())
                {
                    out.write(burst);
                    bytesSent += burst.length;
                }
            }
            catch (final IOException closed)
            {
                stop.set(true);
            }
        }
    }
}
