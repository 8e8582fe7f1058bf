package io.cellwire.transport;

import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.MessageType;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A receiver that stops draining: its lane fills, its poller stops reading, TCP pushes back, and the sender's sends
 * return BACK_PRESSURED with its memory bounded by its ring; when the receiver drains, every frame arrives.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackPressureTest
{
    private static final int SLOTS = 8;
    private static final int RING = 64 * 1024;
    private static final int OUTBOUND_RING = Transport.Context.MIN_OUTBOUND_RING_LENGTH;
    private static final int BACK_PRESSURED_SENDS = 1000;
    /** Pause after a BACK_PRESSURED send, so the push-back is seen to last, not only to happen once. */
    private static final long RETRY_PAUSE_NS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final Duration PUSH_BACK_TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();
    private final AtomicLong handled = new AtomicLong();
    private long accepted;
    private long backPressured;
    private volatile boolean draining;
    private Transport server;
    private Transport client;

    @AfterEach
    void close()
    {
        draining = true;
        CloseHelper.closeAll(client, server);
    }

    @Test
    void shouldPushBackOnTheSenderAndResumeWhenDrained()
    {
        pushBackAndResume(Integer.MAX_VALUE);
    }

    @Test
    void shouldPushBackAndResumeWhenReadsGoThroughTheSelector()
    {
        pushBackAndResume(0);
    }

    private void pushBackAndResume(final int directPollLimit)
    {
        server = Transport.launch(new Transport.Context().port(0).threadingMode(ThreadingMode.DEDICATED)
            .directPollLimit(directPollLimit).idleStrategy("sleep").slotsPerLane(SLOTS).socketReceiveBufferLength(RING)
            .errorHandler(agentErrors).handlerFactory(Gate::new));
        client = Transport.launch(new Transport.Context().idleStrategy("sleep").outboundRingLength(OUTBOUND_RING)
            .socketSendBufferLength(RING).errorHandler(agentErrors).handlerFactory(session -> new MessageHandler()
            {
            }));
        final long id = EchoTest.awaitConnected(client.connect(server.localAddress()));
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[8200]);
        final int length = TestFrames.write(frame, 0, 1000, 1);

        Await.pumpUntil(() -> sendOnce(id, frame, length), () -> backPressured >= BACK_PRESSURED_SENDS,
            PUSH_BACK_TIMEOUT, () -> backPressured + " sends back-pressured after " + accepted + " frames");
        final long bound = (SLOTS + 2L) + (OUTBOUND_RING + 65536L + 2L * RING + 131072L) / length + 200;
        assertTrue(accepted < bound, accepted + " frames accepted: more than rings, slots and socket buffers hold");
        assertTrue(server.counters().value(TransportCounter.LANE_PAUSES) > 0);
        assertEquals(SLOTS, server.counters().value(TransportCounter.SLOT_HIGH_WATER_MARK));

        draining = true;
        Await.until(() -> handled.get() >= accepted, PUSH_BACK_TIMEOUT,
            () -> "handled " + handled.get() + " of " + accepted);
        assertEquals(accepted, handled.get(), "every accepted frame handled once");
        assertTrue(client.send(id, MessageType.DATA, frame, 0, length) > 0, "sends resume");
    }

    /** One send: counted as accepted, or as back-pressured (the only other result allowed) and then a pause. */
    private int sendOnce(final long id, final UnsafeBuffer frame, final int length)
    {
        final long result = client.send(id, MessageType.DATA, frame, 0, length);
        if (result > 0)
        {
            accepted++;
        }
        else
        {
            assertEquals(SendResult.BACK_PRESSURED, result);
            backPressured++;
            LockSupport.parkNanos(RETRY_PAUSE_NS);
        }
        return 1;
    }

    /** A lane handler that holds the lane until the test opens the gate. */
    private final class Gate implements MessageHandler
    {
        Gate(final LaneSession session)
        {
        }

        @Override
        public void onData(final DataDecoder decoder)
        {
            while (!draining)
            {
                LockSupport.parkNanos(1_000_000);
            }
            handled.incrementAndGet();
        }
    }
}
