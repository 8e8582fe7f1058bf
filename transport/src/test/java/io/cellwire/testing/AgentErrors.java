package io.cellwire.testing;

import org.agrona.ErrorHandler;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The error handler of every {@code Transport}, {@code Node} and {@code Client} a test starts: it keeps each
 * exception an agent raised (on a poller, lane or invoker thread, where the default handler would only print it), and,
 * registered as a JUnit extension, fails the test after its {@code @AfterEach} methods have closed the agents if any
 * was raised. A test that provokes exceptions on purpose takes them with {@link #takeAll()} and asserts them exactly.
 * Registered on a static field, for agents a {@code @BeforeAll} starts, it also checks once the {@code @AfterAll}
 * methods have closed them (JUnit calls class-level callbacks only of static extensions).
 * <pre>
 *   &#64;RegisterExtension
 *   final AgentErrors agentErrors = new AgentErrors();
 *   ...
 *   Transport.launch(new Transport.Context().errorHandler(agentErrors)...);
 * </pre>
 * Thread-safe: agent threads add, the test thread takes and checks.
 */
public final class AgentErrors implements ErrorHandler, AfterEachCallback, AfterAllCallback
{
    private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();

    /**
     * Keeps an exception an agent raised. Called on the agent's thread.
     *
     * @param throwable what it raised.
     */
    @Override
    public void onError(final Throwable throwable)
    {
        errors.add(throwable);
    }

    /**
     * Takes the exceptions raised so far, oldest first; they no longer fail the test.
     *
     * @return the exceptions, empty if none.
     */
    public List<Throwable> takeAll()
    {
        final List<Throwable> taken = new ArrayList<>();
        for (Throwable error = errors.poll(); error != null; error = errors.poll())
        {
            taken.add(error);
        }
        return taken;
    }

    /**
     * Fails if an agent raised any exception not yet taken; the exceptions are attached, the first as the cause.
     *
     * @throws AssertionFailedError naming how many there were and the first.
     */
    public void assertNone()
    {
        final List<Throwable> raised = takeAll();
        if (!raised.isEmpty())
        {
            final AssertionFailedError failure = new AssertionFailedError(
                raised.size() + " exception(s) raised on agent threads, the first: " + raised.get(0), raised.get(0));
            for (int i = 1; i < raised.size(); i++)
            {
                failure.addSuppressed(raised.get(i));
            }
            throw failure;
        }
    }

    /**
     * Checks after each test, once its {@code @AfterEach} methods have closed what it started.
     *
     * @param context the test's context.
     */
    @Override
    public void afterEach(final ExtensionContext context)
    {
        assertNone();
    }

    /**
     * Checks after the class, once its {@code @AfterAll} methods have closed what its {@code @BeforeAll} started.
     *
     * @param context the class's context.
     */
    @Override
    public void afterAll(final ExtensionContext context)
    {
        assertNone();
    }
}
