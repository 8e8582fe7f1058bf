package io.cellwire.bench.node;

import io.cellwire.bench.cli.AgentErrorPrinter;
import io.cellwire.bench.cli.ServiceCommand;
import io.cellwire.bench.cli.UntilStopped;
import io.cellwire.bench.demo.DemoPeerHandler;
import io.cellwire.node.Node;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import org.agrona.BitUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

/**
 * {@code cellwire node}: runs the demo node ({@link DemoPeerHandler}: QUERY echo, TRANSACT
 * admission answering the sequence number, STATUS, BELIEF validation) until SIGINT or SIGTERM, then shuts it down
 * cleanly. The first stdout line is exactly {@code listening on HOST:PORT peer-key=HEX}; the last is {@code stopped}.
 * The command runs on the calling thread, which waits; a shutdown hook (or {@link #stop()}) closes the node.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Runs the demo Convex peer node until SIGINT/SIGTERM.")
public final class NodeCommand implements Callable<Integer>, ServiceCommand
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Host to listen on (default ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "18888", description = "Port; 0 for any free port (default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--threading", defaultValue = "shared",
        description = "shared (poller and lanes on one thread) or dedicated (default ${DEFAULT-VALUE}).")
    private String threading;

    @Option(names = "--idle", defaultValue = IdleStrategies.ADAPTIVE,
        description = "Idle strategy: spin, adaptive, backoff or sleep (default ${DEFAULT-VALUE}).")
    private String idle;

    @Option(names = "--lanes", defaultValue = "1", description = "Handler lanes (default ${DEFAULT-VALUE}).")
    private int lanes;

    @Option(names = "--max-connections", defaultValue = "256",
        description = "Most connections open at once; past it a new connection is closed and counted " +
            "(default ${DEFAULT-VALUE}).")
    private int maxConnections;

    @Option(names = "--key-seed", paramLabel = "HEX", description = "32-byte Ed25519 seed of the peer key (random if absent).")
    private String keySeed;

    @Option(names = "--network-id", paramLabel = "HEX", description = "32-byte network ID (genesis hash) for challenges.")
    private String networkId;

    @Option(names = "--counters-dir", paramLabel = "DIR", description = "Directory of the counters file for cellwire stat.")
    private File countersDir;

    private final UntilStopped<Node> run = new UntilStopped<>();

    @Override
    public Integer call() throws InterruptedException
    {
        final ThreadingMode mode = UntilStopped.threadingMode(threading, spec);
        final Node.Context context = DemoPeerHandler.nodeContext().transport(t -> t
            .host(host)
            .port(port)
            .threadingMode(mode)
            .idleStrategy(idle)
            .lanes(lanes)
            .maxConnections(maxConnections)
            .countersDirectory(countersDir)
            .errorHandler(new AgentErrorPrinter(spec.commandLine().getErr())));
        if (keySeed != null)
        {
            context.keySeed(bytes32(keySeed, "--key-seed"));
        }
        if (networkId != null)
        {
            context.networkId(bytes32(networkId, "--network-id"));
        }
        final Node started = Node.launch(context);
        if (!run.publish(started))
        {
            return 0;
        }
        final Thread hook = run.installShutdownHook("cellwire-node-shutdown");
        final PrintWriter out = spec.commandLine().getOut();
        final InetSocketAddress address = started.localAddress();
        out.printf("listening on %s:%d peer-key=%s%n", address.getHostString(), address.getPort(),
            BitUtil.toHex(started.publicKey()));
        out.printf("network-id=%s threading=%s idle=%s lanes=%d max-connections=%d counters=%s%n",
            BitUtil.toHex(started.networkId()), threading, idle, lanes, maxConnections,
            countersDir == null ? "(in memory)" : countersDir.getPath());
        out.flush();
        run.awaitThenPrint(hook, out);
        return 0;
    }

    /** Closes the node and lets {@link #call()} return; idempotent, from any thread (the shutdown hook, or a test). */
    @Override
    public void stop()
    {
        run.stop();
    }

    private byte[] bytes32(final String hex, final String option)
    {
        if (hex.length() != 64 || !hex.matches("[0-9a-fA-F]+"))
        {
            throw new ParameterException(spec.commandLine(), option + ": 64 hex digits (32 bytes)");
        }
        return BitUtil.fromHex(hex);
    }
}
