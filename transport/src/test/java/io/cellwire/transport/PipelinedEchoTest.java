package io.cellwire.transport;

import io.cellwire.codec.message.MessageType;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many frames in flight on 1, 2 and 64 connections, echoed through real loopback sockets: every frame comes back once,
 * in order per connection, byte for byte; 10^6 frames each way in all.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PipelinedEchoTest
{
    private static final int WINDOW = 32;

    private Transport server;
    private Transport client;

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(client, server);
    }

    @ParameterizedTest(name = "{0} connections, {1} frames each, payloads {2}..{3}")
    @CsvSource({
        "1, 600000, 1, 120",
        "2, 150000, 10, 600",
        "64, 1600, 100, 8190" })
    void shouldEchoEveryFrameOnceInOrder(
        final int connections, final int framesPerConnection, final int minPayload, final int maxPayload)
    {
        final SequencedReceiver.Sizes sizes =
            sequence -> minPayload + (int)((sequence * 7919) % (maxPayload - minPayload + 1));
        final SequencedReceiver receiver = new SequencedReceiver(connections, sizes);
        server = Transport.launch(EchoTest.EchoServer.context().lanes(2).outboundRingLength(1 << 20));
        client = Transport.launch(new Transport.Context().lanes(2).idleStrategy("backoff")
            .outboundRingLength(1 << 20).handlerFactory(receiver));
        final long[] ids = new long[connections];
        final OutboundConnection[] outbound = new OutboundConnection[connections];
        for (int i = 0; i < connections; i++)
        {
            outbound[i] = client.connect(server.localAddress());
        }
        for (int i = 0; i < connections; i++)
        {
            ids[i] = EchoTest.awaitConnected(outbound[i]);
        }
        receiver.connections(ids);

        final UnsafeBuffer frame = new UnsafeBuffer(new byte[8200]);
        final long[] sent = new long[connections];
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        long total = 0;
        while (total < (long)connections * framesPerConnection)
        {
            assertTrue(System.nanoTime() < deadline, "stalled after " + total + " frames");
            boolean progress = false;
            for (int c = 0; c < connections; c++)
            {
                if (sent[c] < framesPerConnection && sent[c] - receiver.received.get(c) < WINDOW)
                {
                    final int length = TestFrames.write(frame, 0, sizes.payloadLength(sent[c]), sent[c]);
                    if (client.send(ids[c], MessageType.DATA, frame, 0, length) > 0)
                    {
                        sent[c]++;
                        total++;
                        progress = true;
                    }
                }
            }
            if (!progress)
            {
                Thread.yield();
            }
        }
        for (int c = 0; c < connections; c++)
        {
            while (receiver.received.get(c) < framesPerConnection)
            {
                assertTrue(System.nanoTime() < deadline, "connection " + c + " got " + receiver.received.get(c));
                Thread.yield();
            }
        }
        assertEquals(0, receiver.mismatches.get(), "frames out of order or altered");
        final long frames = (long)connections * framesPerConnection;
        assertEquals(frames, server.counters().value(TransportCounter.FRAMES_IN, MessageType.DATA));
        assertEquals(frames, server.counters().value(TransportCounter.FRAMES_OUT, MessageType.DATA));
        assertEquals(0, server.counters().value(TransportCounter.LANE_ERRORS, 0));
    }
}
