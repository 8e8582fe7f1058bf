package io.cellwire.bench.cli;

import org.agrona.ErrorHandler;

import java.io.PrintWriter;

/**
 * The error handler of the agents a command starts (its node's, its clients', its benchmark transports'): each
 * exception on one line that starts with {@value #PREFIX}, then its stack trace, on the command's error stream rather
 * than the process's, so that whoever runs the command in-process (a test) sees them in what it captured.
 * <p>
 * Any thread: an agent's report is written under the writer's monitor, so two reports do not interleave.
 */
public final class AgentErrorPrinter implements ErrorHandler
{
    /** How a line that reports an agent's exception starts. */
    public static final String PREFIX = "agent error: ";

    private final PrintWriter err;

    /**
     * @param err the command's error stream.
     */
    public AgentErrorPrinter(final PrintWriter err)
    {
        this.err = err;
    }

    /**
     * Prints what an agent raised. Called on the agent's thread.
     *
     * @param throwable what it raised.
     */
    @Override
    public void onError(final Throwable throwable)
    {
        synchronized (err)
        {
            err.println(PREFIX + throwable);
            throwable.printStackTrace(err);
            err.flush();
        }
    }
}
