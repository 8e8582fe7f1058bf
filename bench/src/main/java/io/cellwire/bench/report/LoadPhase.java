package io.cellwire.bench.report;

import io.cellwire.bench.loadgen.LoadGenerator;
import io.cellwire.bench.loadgen.LoadSettings;
import io.cellwire.bench.loadgen.LoadSummary;
import io.cellwire.bench.peer.ReferencePeerNode;
import io.cellwire.transport.Client;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.Node;
import io.cellwire.transport.ThreadingMode;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The report's load phase: the same load generator (one thread, one {@code INVOKER} client, closed-loop QUERY of
 * {@code (+ 1 2)}) against our demo {@link Node} and then against a 0.7.9 {@link ReferencePeerNode}, both started in
 * this process one after the other, never together, each closed before the next starts. The node runs SHARED on one
 * thread with backoff idle, as {@code cellwire node} does by default; the loadgen thread idles with backoff too. Run
 * by the report's thread.
 */
final class LoadPhase
{
    /** Windows measured: sequential round trips, then pipelined. */
    static final int[] WINDOWS = { 1, 64 };
    /** Index of the sequential window in {@link #WINDOWS}. */
    static final int SEQUENTIAL = 0;

    private final long warmupNs;
    private final long durationNs;
    private final PrintWriter progress;

    /**
     * @param warmupNs   warm-up of each run.
     * @param durationNs measured time of each run.
     * @param progress   where the load generator's progress lines go.
     */
    LoadPhase(final long warmupNs, final long durationNs, final PrintWriter progress)
    {
        this.warmupNs = warmupNs;
        this.durationNs = durationNs;
        this.progress = progress;
    }

    /**
     * Runs every window against our node.
     *
     * @return one summary per window of {@link #WINDOWS}.
     * @throws FileNotFoundException never: no interval log is written.
     */
    LoadSummary[] node() throws FileNotFoundException
    {
        try (Node node = Node.launch(new Node.Context()
            .port(0)
            .threadingMode(ThreadingMode.SHARED)
            .idleStrategy(IdleStrategies.BACKOFF)))
        {
            final InetSocketAddress address = node.localAddress();
            return runAll(address.getHostString() + ":" + address.getPort(), true);
        }
    }

    /**
     * Runs every window against a reference peer.
     *
     * @return one summary per window of {@link #WINDOWS}.
     * @throws FileNotFoundException never: no interval log is written.
     */
    LoadSummary[] reference() throws FileNotFoundException
    {
        try (ReferencePeerNode peer = ReferencePeerNode.start(
            0, ReferencePeerNode.parseSeed(ReferencePeerNode.DEFAULT_SEED_HEX)))
        {
            return runAll(peer.endpoint(), false);
        }
    }

    private LoadSummary[] runAll(final String target, final boolean echoPeer) throws FileNotFoundException
    {
        final LoadSummary[] summaries = new LoadSummary[WINDOWS.length];
        for (int i = 0; i < WINDOWS.length; i++)
        {
            final LoadSettings settings = new LoadSettings(target, LoadSettings.QUERY, 1, 0, WINDOWS[i], durationNs,
                warmupNs, 0, ReferencePeerNode.parseSeed(ReferencePeerNode.DEFAULT_SEED_HEX),
                ReferencePeerNode.GENESIS_ADDRESS, TimeUnit.MILLISECONDS.toNanos(Client.Context.DEFAULT_TIMEOUT_MS),
                IdleStrategies.BACKOFF, null, echoPeer);
            progress.println("loadgen " + settings.describe() + " at " + target +
                (echoPeer ? " (cellwire node)" : " (reference peer)"));
            progress.flush();
            try (LoadGenerator generator = new LoadGenerator(settings, progress))
            {
                summaries[i] = generator.run();
            }
        }
        return summaries;
    }
}
