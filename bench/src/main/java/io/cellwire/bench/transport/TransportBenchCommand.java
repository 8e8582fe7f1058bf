package io.cellwire.bench.transport;

import io.cellwire.bench.cli.AgentErrorPrinter;
import io.cellwire.transport.IdleStrategies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code cellwire transport-bench}: in one process, for each message size, Cellwire ping-pong and streaming over
 * loopback against the raw NIO floor and Netty 4.2, then one table with percentiles, rates, allocation per message and
 * the ratios against the transport goals ({@link TransportBench} runs the phases). Runs on the calling thread.
 */
@Command(
    name = "transport-bench",
    description = "Benchmarks the Cellwire transport against raw NIO and Netty over loopback: ping-pong latency " +
        "and one-way streaming per message size.")
public final class TransportBenchCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--duration", paramLabel = "S",
        description = "Measured seconds per phase (default: ${DEFAULT-VALUE}).")
    private int durationSeconds = 4;

    @Option(names = "--warmup", paramLabel = "S",
        description = "Warm-up seconds per phase (default: ${DEFAULT-VALUE}).")
    private int warmupSeconds = 1;

    @Option(names = "--sizes", split = ",", paramLabel = "BYTES",
        description = "Payload sizes: up to 140 a QUERY answered by a RESULT, above a DATA frame echoed " +
            "(default: 32,1024,8190).")
    private List<Integer> sizes = new ArrayList<>(List.of(32, 1024, 8190));

    @Option(names = "--rounds", paramLabel = "N",
        description = "Slices each phase is measured in, the contenders taking turns (default: ${DEFAULT-VALUE}).")
    private int rounds = 4;

    @Option(names = "--idle", paramLabel = "ALIAS",
        description = "Idle strategy of the Cellwire agents: spin, adaptive, backoff or sleep " +
            "(default: ${DEFAULT-VALUE}).")
    private String idle = IdleStrategies.SPIN;

    @Option(names = "--contenders", split = ",", paramLabel = "NAME",
        description = "Which to run: cellwire, raw-nio, netty, netty-spin (default: all).")
    private List<String> contenders = new ArrayList<>(TransportBench.CONTENDERS);

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    private File json;

    @Override
    public Integer call() throws IOException
    {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final TransportBench bench = new TransportBench(TimeUnit.SECONDS.toNanos(warmupSeconds),
            TimeUnit.SECONDS.toNanos(durationSeconds), rounds, idle, sizes, contenders, new AgentErrorPrinter(err));
        bench.run(err);
        out.println();
        bench.print(out);
        if (json != null)
        {
            Files.writeString(json.toPath(), bench.json(), StandardCharsets.UTF_8);
        }
        return 0;
    }

    private void validate()
    {
        // the Cellwire phases learn the server's thread from a message handled in the warm-up
        if (durationSeconds < 1 || warmupSeconds < 1 || rounds < 1 || rounds > durationSeconds * 10)
        {
            throw new ParameterException(spec.commandLine(),
                "--duration and --warmup must be at least 1, --rounds 1 to 10 per measured second");
        }
        for (final int size : sizes)
        {
            if (size < BenchFrames.MIN_QUERY_PAYLOAD || size > BenchFrames.MAX_PAYLOAD)
            {
                throw new ParameterException(spec.commandLine(), "--sizes: " + size + " is outside " +
                    BenchFrames.MIN_QUERY_PAYLOAD + ".." + BenchFrames.MAX_PAYLOAD);
            }
        }
        for (final String contender : contenders)
        {
            if (!TransportBench.CONTENDERS.contains(contender))
            {
                throw new ParameterException(spec.commandLine(), "--contenders: unknown '" + contender + "'");
            }
        }
        try
        {
            IdleStrategies.of(idle);
        }
        catch (final IllegalArgumentException e)
        {
            throw new ParameterException(spec.commandLine(), "--idle: " + e.getMessage());
        }
    }
}
