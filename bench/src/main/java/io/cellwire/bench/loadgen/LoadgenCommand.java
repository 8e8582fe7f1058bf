package io.cellwire.bench.loadgen;

import io.cellwire.bench.cli.AgentErrorPrinter;
import io.cellwire.bench.peer.ReferencePeerNode;
import io.cellwire.client.Client;
import io.cellwire.transport.IdleStrategies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code cellwire loadgen}: puts a Convex peer under QUERY, STATUS or TRANSACT load from one thread and reports
 * throughput and latency percentiles of the correct RESULTs, and apart from them error RESULTs by code and wrong values
 * (see {@link LoadGenerator} for the loops and what a latency is measured from, {@link AnswerCheck} for what is
 * correct). Progress goes to stderr once a second; the summary to stdout, and with {@code --json} to a file.
 * <p>
 * Exit codes: 0 when every request (warm-up included) got exactly one RESULT from the peer and no value was wrong;
 * 1 when a value was wrong, a request timed out or was left in flight, a RESULT came for no request in flight, a
 * scheduled open-loop request could not be sent, the run could not start, or, with {@code --fail-on-error}, any RESULT
 * carried an error code; 2 on a usage error. The reasons for a 1 go to stderr. Runs on the calling thread.
 */
@Command(
    name = "loadgen",
    description = {
        "Generates QUERY, STATUS or TRANSACT load against a Convex 0.7.9 peer from one thread and reports",
        "msgs/s, latency percentiles (us) and errors by code." },
    footer = {
        "",
        "Closed loop (default --window 1): each connection keeps W requests in flight; latency from each send.",
        "Open loop (--rate N): N requests/s in all on a fixed schedule, round-robin over the connections; latency",
        "from each request's intended send time (coordinated omission corrected); a backlog is sent at once.",
        "query: the form (+ 1 2), or with --size a Blob (or [Blob]) form of exactly that many encoded bytes.",
        "transact: Invoke (+ 1 2) as --origin signed with --key-seed, sequence numbers from *sequence* + 1.",
        "mix: of every 10 requests, 8 QUERY, 1 STATUS, 1 TRANSACT.",
        "Each request ends correct, as an error RESULT (counted by code), a wrong value, or a timeout.",
        "Correct: (+ 1 2) = 3 from a CVM peer, the form itself from an --echo-peer; a TRANSACT 3, or from an",
        "echo peer its own sequence number; STATUS a Vector of 5 hashes. Checked byte for byte.",
        "Only correct RESULTs count in msgs/s and the latency percentiles.",
        "Exit 0: every request got exactly one RESULT and every value was correct (error RESULTs allowed).",
        "Exit 1: a wrong value, a timeout, a request left or never sent (warm-up included), the run could not",
        "start, or with --fail-on-error any error RESULT. Exit 2: usage." })
public final class LoadgenCommand implements Callable<Integer>
{
    /** Exit code of a clean run. */
    public static final int EXIT_OK = 0;
    /** Exit code of a failed run: a wrong value, a timeout, a request left, or an error RESULT with --fail-on-error. */
    public static final int EXIT_FAILED = 1;
    /** Most connections, each a Client of a few MiB of buffers. */
    public static final int MAX_CONNECTIONS = 64;
    /** The request types, as {@code --type} names them, in {@link LoadSettings} order. */
    static final List<String> TYPES = List.of(LoadSettings.TYPE_NAMES);

    @Spec
    private CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "HOST:PORT",
        description = "The peer, e.g. 127.0.0.1:18888.")
    private String target;

    @Option(names = "--type", paramLabel = "TYPE",
        description = "query, transact, status or mix (default: ${DEFAULT-VALUE}).")
    private String type = "query";

    @Option(names = "--connections", paramLabel = "N", description = "Connections (default: ${DEFAULT-VALUE}).")
    private int connections = 1;

    @Option(names = "--rate", paramLabel = "N", description = "Open loop: requests per second in all.")
    private Long rate;

    @Option(names = "--window", paramLabel = "W",
        description = "Closed loop: requests in flight per connection (default: 1, sequential).")
    private Integer window;

    @Option(names = "--duration", paramLabel = "S", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    private int durationSeconds = 10;

    @Option(names = "--warmup", paramLabel = "S",
        description = "Seconds run first and not recorded (default: ${DEFAULT-VALUE}).")
    private int warmupSeconds = 2;

    @Option(names = "--size", paramLabel = "BYTES",
        description = "Query a Blob form of this encoded size (2..4099) instead of (+ 1 2).")
    private Integer size;

    @Option(names = "--key-seed", paramLabel = "HEX",
        description = "32-byte Ed25519 seed transactions are signed with (default: 31 x 00 then 01, the reference " +
            "peer's genesis key).")
    private String keySeed = ReferencePeerNode.DEFAULT_SEED_HEX;

    @Option(names = "--origin", paramLabel = "N",
        description = "Account the transactions run as (default: #11, the reference peer's genesis account).")
    private long origin = ReferencePeerNode.GENESIS_ADDRESS;

    @Option(names = "--timeout-ms", paramLabel = "T",
        description = "Request timeout in milliseconds (default: ${DEFAULT-VALUE}).")
    private long timeoutMs = Client.Context.DEFAULT_TIMEOUT_MS;

    @Option(names = "--idle", paramLabel = "ALIAS",
        description = "Idle strategy of the loadgen thread: spin, adaptive or backoff (default: ${DEFAULT-VALUE}).")
    private String idle = IdleStrategies.ADAPTIVE;

    @Option(names = "--hlog", paramLabel = "FILE",
        description = "Write an HdrHistogram interval log (one interval per second, values in ns) to FILE.")
    private File hlog;

    @Option(names = "--echo-peer",
        description = "The target is a cellwire demo node: expect each QUERY's form back and each TRANSACT's own " +
            "sequence number.")
    private boolean echoPeer;

    @Option(names = "--fail-on-error",
        description = "Exit 1 when any RESULT carries an error code (e.g. :LOAD, :SEQUENCE), warm-up included; " +
            "without it they are counted by code and do not fail the run.")
    private boolean failOnError;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the summary as one JSON object to FILE.")
    private File json;

    @Override
    public Integer call() throws IOException
    {
        final LoadSettings settings = settings();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        err.println("loadgen " + settings.describe() + " at " + settings.target);
        err.flush();
        final LoadSummary summary;
        try (LoadGenerator generator = new LoadGenerator(settings, err, new AgentErrorPrinter(err)))
        {
            summary = generator.run();
        }
        catch (final IllegalStateException ex)
        {
            err.println("loadgen: " + ex.getMessage());
            return EXIT_FAILED;
        }
        summary.print(out);
        if (json != null)
        {
            summary.writeJson(json);
        }
        final List<String> failures = summary.failures(failOnError);
        if (failures.isEmpty())
        {
            return EXIT_OK;
        }
        err.println("loadgen FAILED: " + String.join("; ", failures));
        err.flush();
        return EXIT_FAILED;
    }

    private LoadSettings settings()
    {
        final int typeIndex = TYPES.indexOf(type);
        require(typeIndex >= 0, "--type must be one of " + TYPES);
        require(rate == null || window == null, "--rate (open loop) and --window (closed loop) exclude each other");
        require(rate == null || rate >= 1, "--rate must be at least 1");
        final int windowSize = window == null ? 1 : window;
        require(windowSize >= 1 && windowSize <= LoadGenerator.MAX_WINDOW,
            "--window must be 1.." + LoadGenerator.MAX_WINDOW);
        require(connections >= 1 && connections <= MAX_CONNECTIONS, "--connections must be 1.." + MAX_CONNECTIONS);
        require(durationSeconds >= 1, "--duration must be at least 1");
        require(warmupSeconds >= 0, "--warmup must not be negative");
        require(timeoutMs >= 1, "--timeout-ms must be at least 1");
        require(size == null || size >= LoadForms.MIN_PADDED_SIZE && size <= LoadForms.MAX_PADDED_SIZE,
            "--size must be " + LoadForms.MIN_PADDED_SIZE + ".." + LoadForms.MAX_PADDED_SIZE);
        require(origin >= 0, "--origin must be an account number");
        require(IdleStrategies.SPIN.equals(idle) || IdleStrategies.BACKOFF.equals(idle) ||
            IdleStrategies.ADAPTIVE.equals(idle), "--idle must be spin, backoff or adaptive");
        final byte[] seed;
        try
        {
            seed = ReferencePeerNode.parseSeed(keySeed);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "--key-seed: " + ex.getMessage());
        }
        try
        {
            Client.Context.parseEndpoint(target);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "--target: " + ex.getMessage());
        }
        return new LoadSettings(target, typeIndex, connections, rate == null ? 0 : rate, windowSize,
            TimeUnit.SECONDS.toNanos(durationSeconds), TimeUnit.SECONDS.toNanos(warmupSeconds),
            size == null ? 0 : size, seed, origin, TimeUnit.MILLISECONDS.toNanos(timeoutMs), idle, hlog, echoPeer);
    }

    private void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
