package io.cellwire.node;

import io.cellwire.client.Client;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.EchoPeerHandler;
import io.cellwire.testing.QuietWindows;
import io.cellwire.testing.SteadyQueryLoad;
import io.cellwire.testing.TestCells;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under a steady load of pipelined QUERY {@code (+ 1 2)} from our {@link Client}, once warm, a {@link Node} with the
 * demo application allocates 0 bytes on its transport thread (poller, flusher and peer lane, {@link
 * ThreadingMode#SHARED}), measured with {@code ThreadMXBean}. The client runs in {@link ThreadingMode#INVOKER} mode on
 * the test thread, so the two sides use the machine's two cores. Five 1-second windows must be exactly 0 bytes. As in
 * {@code NodeMixAllocationTest}, a window in which the JIT compiled something does not count and is measured again (at
 * most {@value #MAX_WINDOWS} windows in all): code the node runs for the first time after warm-up (seen: about 39 KB
 * once, always with compilation in the same window, also with escape analysis off) is VM residue, not per-message
 * garbage, which would show in every window.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NodeAllocationTest
{
    private static final long WARM_UP_NS = TimeUnit.SECONDS.toNanos(8);
    private static final long WINDOW_NS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_WINDOWS = 10;
    private static final int WINDOW = 16;
    private static final int WINDOWS = 5;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    @Test
    void shouldAllocateNothingOnNodeThreadUnderSteadyQueryLoad()
    {
        try (Node node = Node.launch(
            EchoPeerHandler.nodeContext()
                .transport(t -> t.port(0).idleStrategy(IdleStrategies.BACKOFF).errorHandler(agentErrors)));
            Client client = Client.connect(new Client.Context()
                .endpoint("127.0.0.1:" + node.localAddress().getPort())
                .transport(t -> t.threadingMode(ThreadingMode.INVOKER).errorHandler(agentErrors))))
        {
            final List<Thread> nodeThreads = node.transport().agentThreads();
            assertEquals(1, nodeThreads.size(), "one node thread in SHARED mode");
            final long nodeThreadId = nodeThreads.get(0).getId();
            final SteadyQueryLoad handler = new SteadyQueryLoad(TestCells.ONE_PLUS_TWO, WINDOW);

            handler.run(client, WARM_UP_NS);
            final long answeredBefore = handler.answered;
            final QuietWindows windows =
                QuietWindows.measure(nodeThreadId, WINDOWS, MAX_WINDOWS, () -> handler.run(client, WINDOW_NS));
            final long answered = handler.answered - answeredBefore;
            System.out.printf("node under steady load: %d queries answered (%d wrong, %d timed out); discarded " +
                "windows: [%s]; allocated per 1 s window on the node thread: %s B%n",
                answered, handler.wrong, handler.timedOut, windows.discarded, windows.allocatedText());
            assertEquals(WINDOWS, windows.counted, "windows without JIT activity; discarded: " + windows.discarded);
            assertTrue(answered > 1_000, "only " + answered + " queries answered");
            assertEquals(0, handler.wrong);
            assertEquals(0, handler.timedOut);
            for (int i = 0; i < WINDOWS; i++)
            {
                assertEquals(0, windows.allocated[i], "bytes allocated on the node thread in window " + i);
            }
        }
    }
}
