package io.cellwire.bench.cli;

import io.cellwire.transport.ThreadingMode;
import org.agrona.CloseHelper;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the commands that run a service until SIGINT or SIGTERM share ({@code node}, {@code peer}): the first stop (the
 * shutdown hook, or a test calling {@link #stop()}) closes the service, even one whose launch finishes after it, and
 * lets the command's thread return, printing {@code stopped}.
 * <p>
 * Thread-safe: any thread may stop; the command's thread publishes and waits.
 *
 * @param <T> the service.
 */
public final class UntilStopped<T extends AutoCloseable>
{
    private final CountDownLatch stopped = new CountDownLatch(1);
    private T running;

    /**
     * Hands over the launched service, or closes it at once if a stop came first.
     *
     * @param launched the service.
     * @return false if it was closed at once: the command returns.
     */
    public synchronized boolean publish(final T launched)
    {
        if (stopped.getCount() == 0)
        {
            CloseHelper.close(launched);
            return false;
        }
        running = launched;
        return true;
    }

    /** Closes the service and lets the command return; idempotent, from any thread. */
    public synchronized void stop()
    {
        if (running != null && stopped.getCount() > 0)
        {
            CloseHelper.close(running);
        }
        stopped.countDown();
    }

    /**
     * Waits for a stop, at most a while.
     *
     * @param timeoutMs the longest wait.
     * @return true if stopped.
     */
    public boolean awaitStop(final long timeoutMs) throws InterruptedException
    {
        return stopped.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Registers the shutdown hook that stops the service.
     *
     * @param name the hook thread's name.
     * @return the hook, for {@link #awaitThenPrint}.
     */
    public Thread installShutdownHook(final String name)
    {
        final Thread hook = new Thread(this::stop, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /**
     * Waits for the stop, takes the hook back unless the JVM is shutting down, and prints {@code stopped}.
     *
     * @param hook what {@link #installShutdownHook} returned.
     * @param out  the command's output.
     */
    public void awaitThenPrint(final Thread hook, final PrintWriter out) throws InterruptedException
    {
        stopped.await();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException shuttingDown)
        {
            // the JVM is shutting down: the hook has closed the service and must stay registered
        }
        out.println("stopped");
        out.flush();
    }

    /**
     * The {@code --threading} option's value.
     *
     * @param value {@code shared} or {@code dedicated}.
     * @param spec  the command, for the usage error.
     * @return the mode.
     */
    public static ThreadingMode threadingMode(final String value, final CommandSpec spec)
    {
        switch (value)
        {
            case "shared":
                return ThreadingMode.SHARED;
            case "dedicated":
                return ThreadingMode.DEDICATED;
            default:
                throw new ParameterException(spec.commandLine(), "--threading: shared or dedicated, not " + value);
        }
    }
}
