package io.cellwire.transport;

import io.cellwire.codec.message.MessageType;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After warm-up, a 10-second echo run allocates 0 bytes on the poller and lane threads of both ends (measured per
 * thread with {@code ThreadMXBean.getThreadAllocatedBytes}).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TransportAllocationTest
{
    private static final long WARM_UP_NS = TimeUnit.SECONDS.toNanos(3);
    private static final long MEASURED_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int WINDOW = 16;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    private Transport server;
    private Transport client;

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(client, server);
    }

    @Test
    void shouldAllocateNothingOnPollerAndLaneThreadsInSteadyState()
    {
        final SequencedReceiver.Sizes sizes = sequence -> 1 + (int)((sequence * 7919) % 2000);
        final SequencedReceiver receiver = new SequencedReceiver(1, sizes);
        server = Transport.launch(EchoTest.EchoServer.context(agentErrors).threadingMode(ThreadingMode.DEDICATED));
        client = Transport.launch(new Transport.Context().threadingMode(ThreadingMode.DEDICATED)
            .idleStrategy("backoff").errorHandler(agentErrors).handlerFactory(receiver));
        final long id = EchoTest.awaitConnected(client.connect(server.localAddress()));
        receiver.connections(new long[]{ id });
        final List<Thread> threads = new ArrayList<>(server.agentThreads());
        threads.addAll(client.agentThreads());
        assertEquals(4, threads.size(), "poller and lane on each side");

        final UnsafeBuffer frame = new UnsafeBuffer(new byte[8200]);
        final long[] sent = new long[1];
        run(WARM_UP_NS, receiver, sizes, id, frame, sent);
        final long[] before = allocated(threads);
        final long frames = run(MEASURED_NS, receiver, sizes, id, frame, sent);
        final long[] after = allocated(threads);
        // Every frame in flight comes back before the client closes, or the server's echo of it finds no connection.
        Await.until(() -> receiver.received.get(0) == sent[0], DRAIN_TIMEOUT,
            () -> "echoed " + receiver.received.get(0) + " of " + sent[0]);

        assertTrue(frames > 10_000, "only " + frames + " frames echoed in 10 s");
        assertEquals(0, receiver.mismatches.get());
        for (int i = 0; i < threads.size(); i++)
        {
            assertEquals(0, after[i] - before[i], threads.get(i).getName() + " allocated bytes over " + frames +
                " echoed frames");
        }
    }

    private long run(
        final long durationNs,
        final SequencedReceiver receiver,
        final SequencedReceiver.Sizes sizes,
        final long id,
        final UnsafeBuffer frame,
        final long[] sent)
    {
        final long start = receiver.received.get(0);
        final long end = System.nanoTime() + durationNs;
        while (System.nanoTime() < end)
        {
            if (sent[0] - receiver.received.get(0) < WINDOW)
            {
                final int length = TestFrames.write(frame, 0, sizes.payloadLength(sent[0]), sent[0]);
                if (client.send(id, MessageType.DATA, frame, 0, length) > 0)
                {
                    sent[0]++;
                    continue;
                }
            }
            Thread.yield();
        }
        return receiver.received.get(0) - start;
    }

    private static long[] allocated(final List<Thread> threads)
    {
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long[] bytes = new long[threads.size()];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = bean.getThreadAllocatedBytes(threads.get(i).getId());
        }
        return bytes;
    }
}
