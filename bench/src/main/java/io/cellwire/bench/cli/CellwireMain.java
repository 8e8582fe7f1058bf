package io.cellwire.bench.cli;

import io.cellwire.bench.convex.PeerCommand;
import io.cellwire.bench.demo.DemoCommand;
import io.cellwire.bench.fuzz.FuzzCommand;
import io.cellwire.bench.loadgen.LoadgenCommand;
import io.cellwire.bench.node.NodeCommand;
import io.cellwire.bench.peer.ReferencePeerCommand;
import io.cellwire.bench.plot.PlotCommand;
import io.cellwire.bench.report.FloorCommand;
import io.cellwire.bench.report.ReportCommand;
import io.cellwire.bench.transport.PingCommand;
import io.cellwire.bench.transport.TransportBenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Entry point of {@code cellwire.jar}: dispatches to the subcommands ({@code demo}, {@code decode}, {@code jmh},
 * {@code transport-bench}, {@code node}, {@code peer}, {@code loadgen}, {@code reference-peer}, {@code floor},
 * {@code ping}, {@code stat}, {@code plot}, {@code report}, {@code fuzz}). Exit codes follow picocli: 0 success,
 * 2 usage error, 1 failure.
 * Runs on the main thread.
 */
@Command(
    name = "cellwire",
    mixinStandardHelpOptions = true,
    version = "cellwire 0.1.0 (Convex wire generation 0.7.9)",
    description = "Cellwire tools for the Convex 0.7.9 peer protocol.")
public final class CellwireMain implements Runnable
{
    @Spec
    private CommandSpec spec;

    @Override
    public void run()
    {
        throw new ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /**
     * Builds the command line with every subcommand; the caller may redirect its out and err writers.
     *
     * @param stdin what {@code decode} reads when no {@code --in} is given.
     * @return the command line, ready to {@code execute}.
     */
    public static CommandLine commandLine(final InputStream stdin)
    {
        final CommandLine commandLine = new CommandLine(new CellwireMain())
            .addSubcommand("demo", new DemoCommand())
            .addSubcommand("decode", new DecodeCommand(stdin))
            .addSubcommand("jmh", new JmhCommand())
            .addSubcommand("transport-bench", new TransportBenchCommand())
            .addSubcommand("node", new NodeCommand())
            .addSubcommand("peer", new PeerCommand())
            .addSubcommand("loadgen", new LoadgenCommand())
            .addSubcommand("reference-peer", new ReferencePeerCommand())
            .addSubcommand("floor", new FloorCommand())
            .addSubcommand("ping", new PingCommand())
            .addSubcommand("stat", new StatCommand())
            .addSubcommand("plot", new PlotCommand())
            .addSubcommand("report", new ReportCommand())
            .addSubcommand("fuzz", new FuzzCommand());
        commandLine.setExpandAtFiles(false);
        commandLine.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
        return commandLine;
    }

    /**
     * Runs the tool and exits with its code.
     *
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        final CommandLine commandLine = commandLine(System.in);
        final PrintWriter out = new PrintWriter(
            new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), false);
        final PrintWriter err = new PrintWriter(
            new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        commandLine.setOut(out).setErr(err);
        final int exitCode = commandLine.execute(args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }
}
