package io.cellwire.bench;

import io.cellwire.bench.cli.ServiceCommand;
import io.cellwire.testing.Await;
import picocli.CommandLine;

import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A {@link ServiceCommand} ({@code node}, {@code floor}, …) run on a thread of its own, as the tests drive one: its
 * output as it comes, a wait for its first lines, and a stop that joins the thread and says if it did not return.
 * The test's thread owns it; the command's thread writes {@link #out()}, {@link #err()} and the exit code.
 */
public final class ServiceCommandRun implements AutoCloseable
{
    private static final Duration AWAIT = Duration.ofSeconds(20);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicInteger exitCode = new AtomicInteger(-1);
    private final ServiceCommand command;
    private final Thread thread;

    private ServiceCommandRun(final String... args)
    {
        final CommandLine commandLine = CliRunner.commandLine(out, err);
        command = commandLine.getSubcommands().get(args[0]).getCommand();
        thread = new Thread(() -> exitCode.set(commandLine.execute(args)), args[0] + "-command");
    }

    /**
     * Starts the command on its thread.
     *
     * @param args the command line, the command's name first.
     * @return the running command.
     */
    public static ServiceCommandRun start(final String... args)
    {
        final ServiceCommandRun run = new ServiceCommandRun(args);
        run.thread.start();
        return run;
    }

    /**
     * Waits until the command has printed so many whole lines.
     *
     * @param count the lines.
     * @return them, in order.
     */
    public String[] awaitLines(final int count)
    {
        Await.until(() -> out.toString().chars().filter(c -> c == '\n').count() >= count, AWAIT,
            () -> count + " lines; so far: " + out);
        return out.toString().split("\n");
    }

    /** @return what the command printed so far. */
    public String out()
    {
        return out.toString();
    }

    /** @return what the command printed on stderr so far. */
    public String err()
    {
        return err.toString();
    }

    /** @return the command's exit code, -1 while it runs. */
    public int exitCode()
    {
        return exitCode.get();
    }

    /** Stops the command and waits for its thread, failing if it does not return. */
    @Override
    public void close() throws InterruptedException
    {
        command.stop();
        thread.join(AWAIT.toMillis());
        assertFalse(thread.isAlive(), "the command did not return after stop()");
    }
}
