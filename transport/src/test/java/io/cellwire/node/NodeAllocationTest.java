package io.cellwire.node;

import io.cellwire.client.Client;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.EchoPeerHandler;
import io.cellwire.testing.SteadyQueryLoad;
import io.cellwire.testing.TestCells;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under a steady load of pipelined QUERY {@code (+ 1 2)} from our {@link Client}, once warm, a {@link Node} with the
 * demo application allocates 0 bytes on its transport thread (poller, flusher and peer lane, {@link
 * ThreadingMode#SHARED}), measured with {@code ThreadMXBean}. The client runs in {@link ThreadingMode#INVOKER} mode on
 * the test thread, so the two sides use the machine's two cores. As in {@code ClientAllocationTest}, the last three
 * 1-second windows must be exactly 0 and the whole 5 s at most 1 KiB of VM warm-up residue.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NodeAllocationTest
{
    private static final long WARM_UP_NS = TimeUnit.SECONDS.toNanos(8);
    private static final long MEASURED_NS = TimeUnit.SECONDS.toNanos(5);
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
            final com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long nodeThreadId = nodeThreads.get(0).getId();
            final SteadyQueryLoad handler = new SteadyQueryLoad(TestCells.ONE_PLUS_TWO, WINDOW);

            handler.run(client, WARM_UP_NS);
            final long answeredBefore = handler.answered;
            final long[] allocated = new long[WINDOWS];
            for (int i = 0; i < WINDOWS; i++)
            {
                final long before = bean.getThreadAllocatedBytes(nodeThreadId);
                handler.run(client, MEASURED_NS / WINDOWS);
                allocated[i] = bean.getThreadAllocatedBytes(nodeThreadId) - before;
            }
            final long answered = handler.answered - answeredBefore;
            System.out.printf("node under steady load: %d queries answered in 5 s (%d/s), %d wrong, %d timed out; " +
                "allocated per 1 s window on the node thread: %s B%n",
                answered, answered / 5, handler.wrong, handler.timedOut, Arrays.toString(allocated));
            assertTrue(answered > 1_000, "only " + answered + " queries answered");
            assertEquals(0, handler.wrong);
            assertEquals(0, handler.timedOut);
            assertEquals(0, Arrays.stream(allocated, 2, WINDOWS).sum(), "node thread, last 3 s");
            assertTrue(Arrays.stream(allocated).sum() <= 1024, "more than VM warm-up residue");
        }
    }
}
