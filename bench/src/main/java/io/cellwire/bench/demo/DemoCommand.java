package io.cellwire.bench.demo;

import io.cellwire.bench.cli.AgentErrorPrinter;
import io.cellwire.bench.loadgen.LoadGenerator;
import io.cellwire.bench.loadgen.LoadSettings;
import io.cellwire.bench.loadgen.LoadSummary;
import io.cellwire.bench.peer.ReferencePeerNode;
import io.cellwire.client.Client;
import io.cellwire.node.Node;
import io.cellwire.node.NodeCounter;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import io.cellwire.transport.TransportCounters;
import org.agrona.BitUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code cellwire demo}: starts the demo node in this process on a free loopback port (SHARED threading, adaptive
 * idle), puts the load generator's mix on it (8 QUERY, 1 STATUS, 1 TRANSACT of every 10, transactions signed with
 * {@link #DEMO_KEY_SEED_HEX} as {@code #11}, which a fresh node admits), prints the node's listen line, a progress line
 * a second and the load summary, then the node's counters next to what the load generator saw, and shuts the node
 * down. Answers are checked as from an echo peer (a QUERY's form back, a TRANSACT's own sequence number, STATUS a
 * Vector of five hashes); only correct RESULTs count in the throughput and the latencies, error RESULTs (e.g. the
 * node's {@code :LOAD}) are counted by code apart. Exit 0 only when every request got exactly one RESULT, every value
 * was correct and the node's counters agree with the answers (and, with {@code --fail-on-error}, no RESULT carried an
 * error code). Runs on the calling thread, which is the load generator's; the node runs on its own thread.
 */
@Command(
    name = "demo",
    description = {
        "Starts the demo node in-process on a free port and runs a mixed QUERY/STATUS/TRANSACT load against it,",
        "then prints the latency summary and the node's counters." },
    footer = {
        "",
        "Correct: a QUERY's form back, a TRANSACT's own sequence number, STATUS a Vector of 5 hashes.",
        "Only correct RESULTs count in msgs/s and the latency percentiles; error RESULTs (e.g. :LOAD) are",
        "counted by code apart and fail the run only with --fail-on-error.",
        "Exit 0: every request got exactly one RESULT, every value was correct, the node's counters match.",
        "Exit 1: a wrong value, a timeout, a request left, a counter mismatch, or with --fail-on-error any",
        "error RESULT. Exit 2: usage." })
public final class DemoCommand implements Callable<Integer>
{
    /** Exit code of a clean run. */
    public static final int EXIT_OK = 0;
    /** Exit code when a value was wrong, a request went unanswered or the counters disagree. */
    public static final int EXIT_FAILED = 1;
    /**
     * Seed of the key the demo's transactions are signed with: docs/wire-format.md §7 key A, which a fresh node binds
     * to #11.
     */
    public static final String DEMO_KEY_SEED_HEX = ReferencePeerNode.DEFAULT_SEED_HEX;
    /** Account the demo's transactions run as. */
    public static final long DEMO_ORIGIN = ReferencePeerNode.GENESIS_ADDRESS;
    /**
     * Most connections, each a Client of a few MiB of buffers. Beyond a lane's untrusted slots in flight (224 of 256
     * by default) the node sheds QUERY and TRANSACT with {@code :LOAD}, which the counter check allows for.
     */
    public static final int MAX_CONNECTIONS = 8;
    /** Queries the load generator sends besides the load: one {@code *sequence*} lookup before transacting. */
    static final int SEQUENCE_PROBES = 1;

    private static final NodeCounter[] NODE_REJECTED = {
        NodeCounter.TRANSACTIONS_BAD_SIGNATURE,
        NodeCounter.TRANSACTIONS_WRONG_KEY,
        NodeCounter.TRANSACTIONS_USED_SEQUENCE,
        NodeCounter.TRANSACTIONS_BAD_FORMAT };
    private static final String LOAD_CODE = "LOAD";

    @Spec
    private CommandSpec spec;

    @Option(names = "--duration", paramLabel = "S", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    private int durationSeconds = 10;

    /** Long enough for C2 to finish the whole path, Ed25519 included, while node and load generator hold both cores. */
    @Option(names = "--warmup", paramLabel = "S",
        description = "Seconds run first and not recorded (default: ${DEFAULT-VALUE}).")
    private int warmupSeconds = 5;

    @Option(names = "--connections", paramLabel = "N", description = "Connections (default: ${DEFAULT-VALUE}).")
    private int connections = 1;

    @Option(names = "--window", paramLabel = "W",
        description = "Requests in flight per connection (default: ${DEFAULT-VALUE}).")
    private int window = 16;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the load summary as one JSON object to FILE.")
    private File json;

    @Option(names = "--hlog", paramLabel = "FILE",
        description = "Write an HdrHistogram interval log (one interval per second, values in ns) to FILE.")
    private File hlog;

    @Option(names = "--fail-on-error",
        description = "Exit 1 when any RESULT carries an error code (e.g. :LOAD), warm-up included; without it " +
            "they are counted by code and do not fail the run.")
    private boolean failOnError;

    @Override
    public Integer call() throws IOException
    {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final AgentErrorPrinter agentErrors = new AgentErrorPrinter(spec.commandLine().getErr());
        final Node.Context context = DemoPeerHandler.nodeContext()
            .transport(t -> t.port(0).threadingMode(ThreadingMode.SHARED).idleStrategy(IdleStrategies.ADAPTIVE)
                .errorHandler(agentErrors));
        try (Node node = Node.launch(context))
        {
            final InetSocketAddress address = node.localAddress();
            final String target = address.getHostString() + ":" + address.getPort();
            out.printf("listening on %s peer-key=%s%n", target, BitUtil.toHex(node.publicKey()));
            final LoadSettings settings = new LoadSettings(target, LoadSettings.MIX, connections, 0, window,
                TimeUnit.SECONDS.toNanos(durationSeconds), TimeUnit.SECONDS.toNanos(warmupSeconds), 0,
                ReferencePeerNode.parseSeed(DEMO_KEY_SEED_HEX), DEMO_ORIGIN,
                TimeUnit.MILLISECONDS.toNanos(Client.Context.DEFAULT_TIMEOUT_MS), IdleStrategies.ADAPTIVE, hlog, true);
            out.println("demo " + settings.describe() + " (of every 10 requests 8 QUERY, 1 STATUS, 1 TRANSACT)");
            out.flush();
            final LoadSummary summary;
            try (LoadGenerator generator = new LoadGenerator(settings, out, agentErrors))
            {
                summary = generator.run();
            }
            summary.print(out);
            if (json != null)
            {
                summary.writeJson(json);
            }
            final boolean countersMatch = printCounters(out, node.counters(), summary);
            out.printf("every request answered exactly once: %s; every value correct: %s; node counters match: %s%n",
                summary.answeredOnce() ? "yes" : "NO", summary.wrongWithWarmup() == 0 ? "yes" : "NO",
                countersMatch ? "yes" : "NO");
            final List<String> failures = summary.failures(failOnError);
            if (!countersMatch)
            {
                failures.add("node counters do not match the RESULTs");
            }
            if (!failures.isEmpty())
            {
                out.println("demo FAILED: " + String.join("; ", failures));
            }
            out.flush();
            return failures.isEmpty() ? EXIT_OK : EXIT_FAILED;
        }
    }

    /**
     * Prints the node's key counters beside what the load generator counted, over the whole run (warm-up included).
     *
     * @return true when each counter equals the load generator's count.
     */
    private static boolean printCounters(final PrintWriter out, final TransportCounters counters, final LoadSummary s)
    {
        final long shedQueries = counters.value(NodeCounter.SHED_QUERIES);
        final long shedTransacts = counters.value(NodeCounter.SHED_TRANSACTS);
        long rejected = 0;
        for (final NodeCounter rejection : NODE_REJECTED)
        {
            rejected += counters.value(rejection);
        }
        out.println("node counters (warm-up included) against the load generator's RESULTs:");
        boolean match = line(out, "queries handled", counters.value(NodeCounter.QUERIES),
            s.answered(LoadSettings.QUERY) - shedQueries + SEQUENCE_PROBES + s.nudges(),
            "query RESULTs - shed + 1 *sequence* probe + nudges");
        match &= line(out, "transactions admitted", counters.value(NodeCounter.TRANSACTIONS_ADMITTED),
            s.answered(LoadSettings.TRANSACT) - s.failed(LoadSettings.TRANSACT), "transaction RESULTs without error");
        match &= line(out, "transactions rejected", rejected,
            s.failed(LoadSettings.TRANSACT) - shedTransacts, "transaction error RESULTs - shed");
        match &= line(out, "status answered", counters.value(NodeCounter.STATUS_ANSWERED),
            s.answered(LoadSettings.STATUS), "status RESULTs");
        out.printf(Locale.ROOT, "  %-22s %,12d   (measured :LOAD RESULTs: %,d)%n", "shed :LOAD",
            shedQueries + shedTransacts, s.errors(LOAD_CODE));
        return match;
    }

    private static boolean line(
        final PrintWriter out, final String name, final long counter, final long expected, final String source)
    {
        final boolean match = counter == expected;
        out.printf(Locale.ROOT, "  %-22s %,12d   %s %,d (%s)%n", name, counter, match ? "==" : "!=", expected, source);
        return match;
    }

    private void validate()
    {
        if (durationSeconds < 1 || warmupSeconds < 0)
        {
            throw new ParameterException(spec.commandLine(), "--duration must be at least 1, --warmup at least 0");
        }
        if (connections < 1 || connections > MAX_CONNECTIONS)
        {
            throw new ParameterException(spec.commandLine(), "--connections must be 1.." + MAX_CONNECTIONS);
        }
        if (window < 1 || window > LoadGenerator.MAX_WINDOW)
        {
            throw new ParameterException(spec.commandLine(), "--window must be 1.." + LoadGenerator.MAX_WINDOW);
        }
    }
}
