package io.cellwire.bench.transport;

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
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code cellwire transport-bench}: in one process, for each message size, Cellwire ping-pong and streaming over
 * loopback against the raw NIO floor and Netty 4.2, then one table with percentiles, rates, allocation per message and
 * the ratios against the transport goals. Each phase is measured in rounds, the contenders taking turns (in reverse
 * order every other round), so that the shared host's slow spells fall on all of them; ratios are taken round by
 * round. Never more than two threads spin at once (each slice stops its threads before the next starts). Runs on the
 * calling thread, which is also the client of the Cellwire and raw NIO phases.
 */
@Command(
    name = "transport-bench",
    description = "Benchmarks the Cellwire transport against raw NIO and Netty over loopback: ping-pong latency " +
        "and one-way streaming per message size.")
public final class TransportBenchCommand implements Callable<Integer>
{
    /** Every contender, in the order each size runs them. */
    static final List<String> CONTENDERS =
        List.of(CellwireBench.NAME, RawNioBench.NAME, NettyBench.NAME, NettyBench.SPIN_NAME);

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
        description = "Idle strategy of the Cellwire agents: spin, backoff or sleep (default: ${DEFAULT-VALUE}).")
    private String idle = IdleStrategies.SPIN;

    @Option(names = "--contenders", split = ",", paramLabel = "NAME",
        description = "Which to run: cellwire, raw-nio, netty, netty-spin (default: all).")
    private List<String> contenders = new ArrayList<>(CONTENDERS);

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    private File json;

    @Override
    public Integer call() throws IOException
    {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final BenchSettings settings = new BenchSettings(
            TimeUnit.SECONDS.toNanos(warmupSeconds), TimeUnit.SECONDS.toNanos(durationSeconds), rounds, idle);
        final MachineInfo machine = MachineInfo.current();
        final BenchReport report = new BenchReport(machine, settings);
        final double loadBefore = MachineInfo.loadAverage();
        err.println(machine.line());
        err.printf(Locale.ROOT, "load average %.2f on %d cores%s%n", loadBefore, machine.cores,
            loadBefore > machine.cores / 2.0 ? ": the machine is busy, expect noisy numbers" : "");
        err.flush();

        final List<BenchFrames> frames = new ArrayList<>();
        for (final int size : sizes)
        {
            frames.add(new BenchFrames(size));
        }
        final List<Contender> selected = new ArrayList<>();
        for (final Contender contender : List.of(new CellwireBench(settings), new RawNioBench(),
            new NettyBench(false), new NettyBench(true)))
        {
            if (contenders.contains(contender.name()))
            {
                selected.add(contender);
            }
        }
        for (final BenchFrames size : frames)
        {
            for (final String pattern : List.of(PhaseResult.PING_PONG, PhaseResult.STREAMING))
            {
                for (int round = 0; round < settings.rounds; round++)
                {
                    final List<PhaseResult> results = new ArrayList<>();
                    for (int i = 0; i < selected.size(); i++)
                    {
                        final Contender contender = selected.get(round % 2 == 0 ? i : selected.size() - 1 - i);
                        final CpuShare cpu = new CpuShare();
                        final PhaseResult slice = PhaseResult.PING_PONG.equals(pattern) ?
                            contender.pingPong(size, settings.warmupNs(round), settings.sliceNs()) :
                            contender.stream(size, settings.warmupNs(round), settings.sliceNs());
                        final PhaseResult result = slice.withOthersCpu(cpu.othersPercent());
                        report.add(round, result);
                        results.add(result);
                    }
                    err.println(report.progress(round, results));
                    err.flush();
                }
            }
        }
        report.load(loadBefore, MachineInfo.loadAverage());
        out.println();
        report.print(out);
        if (json != null)
        {
            Files.writeString(json.toPath(), report.json(), StandardCharsets.UTF_8);
        }
        return 0;
    }

    private void validate()
    {
        if (durationSeconds < 1 || warmupSeconds < 0 || rounds < 1 || rounds > durationSeconds * 10)
        {
            throw new ParameterException(spec.commandLine(),
                "--duration must be at least 1, --warmup at least 0, --rounds 1 to 10 per measured second");
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
            if (!CONTENDERS.contains(contender))
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
