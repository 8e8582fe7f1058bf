package io.cellwire.bench.peer;

import convex.core.data.AccountKey;
import io.cellwire.bench.cli.ServiceCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code cellwire reference-peer}: runs a 0.7.9 reference peer ({@link ReferencePeerNode}) in this process until
 * SIGINT or SIGTERM, for {@code loadgen} and interop checks. Its first stdout line is exactly
 * {@code listening on 127.0.0.1:PORT}; then the genesis address and the key, then {@code linked to HOST:PORT} for each
 * {@code --connect} peer once it accepted. The command runs on the calling thread,
 * which waits; a shutdown hook (or {@link #stop()}) closes the peer.
 */
@Command(
    name = "reference-peer",
    description = "Runs a local Convex 0.7.9 reference peer (memory store) until interrupted.")
public final class ReferencePeerCommand implements Callable<Integer>, ServiceCommand
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "N",
        description = "Port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
    private int port = ReferencePeerNode.DEFAULT_PORT;

    @Option(names = "--key-seed", paramLabel = "HEX",
        description = "32-byte Ed25519 seed of the peer and genesis account #11 (default: 31 x 00 then 01).")
    private String keySeed = ReferencePeerNode.DEFAULT_SEED_HEX;

    @Mixin
    private PeerNetworkOptions network;

    private static final long CONNECT_RETRY_MS = 1_000;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private ReferencePeerNode node;

    @Override
    public Integer call() throws InterruptedException
    {
        final byte[] seed;
        try
        {
            seed = ReferencePeerNode.parseSeed(keySeed);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "--key-seed: " + ex.getMessage());
        }
        if (port < 0 || port > 0xffff)
        {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535");
        }
        final List<AccountKey> keys = network.genesisKeys();
        final List<InetSocketAddress> targets = network.endpoints();
        final ReferencePeerNode started = ReferencePeerNode.start(port, seed, keys);
        if (!publish(started))
        {
            return 0;
        }
        final Thread hook = new Thread(this::stop, "reference-peer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        final PrintWriter out = spec.commandLine().getOut();
        out.println("listening on " + started.endpoint());
        out.println("genesis address: #" + ReferencePeerNode.GENESIS_ADDRESS);
        out.println("key: " + started.publicKeyHex() + " (seed " + started.seedHex() + ")");
        out.flush();
        for (final InetSocketAddress target : targets)
        {
            if (!link(started, target, out))
            {
                break;
            }
        }
        stopped.await();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            // the JVM is shutting down: the hook has closed the peer and must stay registered
        }
        return 0;
    }

    /**
     * Connects to one peer, trying again each second until it accepts or the command stops.
     *
     * @return false if the command stopped first.
     */
    private boolean link(final ReferencePeerNode started, final InetSocketAddress target, final PrintWriter out)
        throws InterruptedException
    {
        final InetSocketAddress resolved = new InetSocketAddress(target.getHostString(), target.getPort());
        while (stopped.getCount() > 0)
        {
            if (started.connect(resolved))
            {
                out.printf("linked to %s:%d%n", target.getHostString(), target.getPort());
                out.flush();
                return true;
            }
            stopped.await(CONNECT_RETRY_MS, TimeUnit.MILLISECONDS);
        }
        return false;
    }

    /**
     * Closes the peer and lets {@link #call()} return; idempotent, from any thread (the shutdown hook, or a test).
     */
    @Override
    public synchronized void stop()
    {
        if (node != null && stopped.getCount() > 0)
        {
            node.close();
        }
        stopped.countDown();
    }

    /** Hands the started peer to {@link #stop()}, or closes it at once if a stop came first. */
    private synchronized boolean publish(final ReferencePeerNode started)
    {
        if (stopped.getCount() == 0)
        {
            started.close();
            return false;
        }
        node = started;
        return true;
    }
}
