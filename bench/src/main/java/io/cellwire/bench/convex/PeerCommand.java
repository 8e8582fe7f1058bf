package io.cellwire.bench.convex;

import convex.core.data.AccountKey;
import io.cellwire.bench.cli.AgentErrorPrinter;
import io.cellwire.bench.cli.ServiceCommand;
import io.cellwire.bench.cli.UntilStopped;
import io.cellwire.bench.peer.PeerNetworkOptions;
import io.cellwire.bench.peer.ReferencePeerNode;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * {@code cellwire peer}: runs a Convex 0.7.9 peer on a Cellwire node ({@link ConvexPeer}) until SIGINT or SIGTERM, then
 * shuts it down cleanly (GOODBYE on its links). The first stdout line is exactly {@code listening on HOST:PORT
 * peer-key=HEX}; the last is {@code stopped}. Each {@code --connect} peer is asked for its STATUS, once a second until
 * it answers, and then linked. The command runs on the calling thread, which waits; a shutdown hook (or
 * {@link #stop()}) closes the peer.
 */
@Command(
    name = "peer",
    mixinStandardHelpOptions = true,
    description = "Runs a Convex 0.7.9 peer (CVM, consensus) on a Cellwire node until SIGINT/SIGTERM.")
public final class PeerCommand implements Callable<Integer>, ServiceCommand
{
    /** How long a linked peer may take to answer STATUS before it is asked again. */
    static final long STATUS_TIMEOUT_MS = 5_000;
    /** Pause between attempts to reach a peer to link to. */
    static final long CONNECT_RETRY_MS = 1_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Host to listen on (default ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "18888",
        description = "Port; 0 for any free port (default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--key-seed", paramLabel = "HEX",
        description = "32-byte Ed25519 seed of the peer key (default the demo key, 31 x 00 then 01).")
    private String keySeed;

    @Mixin
    private PeerNetworkOptions network;

    @Option(names = "--threading", defaultValue = "shared",
        description = "shared (poller and lanes on one thread) or dedicated (default ${DEFAULT-VALUE}).")
    private String threading;

    @Option(names = "--idle", defaultValue = IdleStrategies.ADAPTIVE,
        description = "Idle strategy of the node and the CVM thread: spin, adaptive, backoff or sleep " +
            "(default ${DEFAULT-VALUE}).")
    private String idle;

    @Option(names = "--counters-dir", paramLabel = "DIR",
        description = "Directory of the counters file for cellwire stat.")
    private File countersDir;

    private final UntilStopped<ConvexPeer> run = new UntilStopped<>();

    @Override
    public Integer call() throws InterruptedException
    {
        final ThreadingMode mode = UntilStopped.threadingMode(threading, spec);
        final byte[] seed = parseSeed();
        final List<AccountKey> keys = network.genesisKeys();
        final List<InetSocketAddress> targets = network.endpoints();
        final ConvexPeer started = ConvexPeer.launch(new ConvexPeer.Context()
            .keySeed(seed)
            .genesisKeys(keys)
            .transport(t -> t
                .host(host)
                .port(port)
                .threadingMode(mode)
                .idleStrategy(idle)
                .countersDirectory(countersDir)
                .errorHandler(new AgentErrorPrinter(spec.commandLine().getErr()))));
        if (!run.publish(started))
        {
            return 0;
        }
        final Thread hook = run.installShutdownHook("cellwire-peer-shutdown");
        final PrintWriter out = spec.commandLine().getOut();
        final InetSocketAddress address = started.localAddress();
        out.printf("listening on %s:%d peer-key=%s%n", address.getHostString(), address.getPort(),
            started.peerKey().toHexString());
        out.printf("network-id=%s genesis-keys=%d threading=%s idle=%s counters=%s%n",
            started.genesisHash().toHexString(), null == keys ? 1 : keys.size(), threading, idle,
            countersDir == null ? "(in memory)" : countersDir.getPath());
        out.flush();
        for (final InetSocketAddress target : targets)
        {
            if (!link(started, target, out))
            {
                break;
            }
        }
        run.awaitThenPrint(hook, out);
        return 0;
    }

    /** Closes the peer and lets {@link #call()} return; idempotent, from any thread (the shutdown hook, or a test). */
    @Override
    public void stop()
    {
        run.stop();
    }

    /**
     * Links to one peer, asking for its STATUS again each second until it answers or the command stops.
     *
     * @return false if the command stopped first.
     */
    private boolean link(final ConvexPeer started, final InetSocketAddress target, final PrintWriter out)
        throws InterruptedException
    {
        while (!run.awaitStop(0))
        {
            try
            {
                started.connect(target.getHostString(), target.getPort(), STATUS_TIMEOUT_MS);
                out.printf("linked to %s:%d%n", target.getHostString(), target.getPort());
                out.flush();
                return true;
            }
            catch (final IOException | TimeoutException ex)
            {
                // not up yet, or too busy to answer: ask again
                run.awaitStop(CONNECT_RETRY_MS);
            }
            catch (final IllegalArgumentException ex)
            {
                out.printf("not linked to %s:%d: %s%n", target.getHostString(), target.getPort(), ex.getMessage());
                out.flush();
                return true;
            }
        }
        return false;
    }

    private byte[] parseSeed()
    {
        try
        {
            return ReferencePeerNode.parseSeed(null == keySeed ? ReferencePeerNode.DEFAULT_SEED_HEX : keySeed);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "--key-seed: " + ex.getMessage());
        }
    }
}
