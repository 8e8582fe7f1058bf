package io.cellwire.bench.report;

import io.cellwire.bench.cli.ServiceCommand;
import io.cellwire.bench.cli.UntilStopped;
import io.cellwire.bench.transport.NioResponder;
import io.cellwire.transport.IdleStrategies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code cellwire floor}: runs the {@link FloorResponder} on its own until SIGINT or SIGTERM, so that
 * {@code cellwire loadgen --echo-peer} can measure, in a process of its own as against {@code cellwire node}, what
 * answering a QUERY costs at the least on this machine. The command's thread waits; the responder's thread answers.
 */
@Command(name = "floor", mixinStandardHelpOptions = true,
    description = "Runs the floor responder (a plain NIO loop answering each QUERY as the demo node does) on a free " +
        "loopback port until SIGINT/SIGTERM: the least a peer can do, for loadgen --echo-peer to measure.")
public final class FloorCommand implements Callable<Integer>, ServiceCommand
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--idle", defaultValue = IdleStrategies.ADAPTIVE,
        description = "Idle strategy of the responder's thread: spin, adaptive, backoff or sleep " +
            "(default ${DEFAULT-VALUE}).")
    private String idle;

    private final UntilStopped<NioResponder> run = new UntilStopped<>();

    @Override
    public Integer call() throws InterruptedException
    {
        final NioResponder started = FloorResponder.start(idle);
        if (!run.publish(started))
        {
            return 0;
        }
        final Thread hook = run.installShutdownHook("cellwire-floor-shutdown");
        final PrintWriter out = spec.commandLine().getOut();
        out.printf("listening on %s idle=%s%n", started.endpoint(), idle);
        out.flush();
        run.awaitThenPrint(hook, out);
        return 0;
    }

    /** Closes the responder and lets {@link #call()} return; idempotent, from any thread. */
    @Override
    public void stop()
    {
        run.stop();
    }
}
