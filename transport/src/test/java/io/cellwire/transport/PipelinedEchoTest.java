package io.cellwire.transport;

import io.cellwire.codec.message.MessageType;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many frames in flight on 1, 2 and 64 connections, echoed through real loopback sockets: every frame comes back once,
 * in order per connection, byte for byte; 10^6 frames each way in all.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PipelinedEchoTest
{
    private static final int WINDOW = 32;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(150);

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    private Transport server;
    private Transport client;
    private long[] sent;
    private long total;

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
        server = Transport.launch(EchoTest.EchoServer.context(agentErrors).lanes(2).outboundRingLength(1 << 20));
        client = Transport.launch(new Transport.Context().lanes(2).idleStrategy("adaptive")
            .outboundRingLength(1 << 20).errorHandler(agentErrors).handlerFactory(receiver));
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
        sent = new long[connections];
        final long frames = (long)connections * framesPerConnection;
        Await.pumpUntil(() -> sendWindows(receiver, sizes, ids, frame, framesPerConnection), () -> total == frames,
            RUN_TIMEOUT, () -> "stalled after " + total + " of " + frames + " frames sent");
        for (int c = 0; c < connections; c++)
        {
            final int connection = c;
            Await.until(() -> receiver.received.get(connection) >= framesPerConnection, RUN_TIMEOUT,
                () -> "connection " + connection + " got " + receiver.received.get(connection) + " of " +
                    framesPerConnection);
            assertEquals(framesPerConnection, receiver.received.get(connection), "each frame echoed once");
        }
        assertEquals(0, receiver.mismatches.get(), "frames out of order or altered");
        assertEquals(frames, server.counters().value(TransportCounter.FRAMES_IN, MessageType.DATA));
        Await.until(() -> server.counters().value(TransportCounter.FRAMES_OUT, MessageType.DATA) >= frames,
            RUN_TIMEOUT, () -> "the server counts what it wrote (after the write): " +
                server.counters().value(TransportCounter.FRAMES_OUT, MessageType.DATA) + " of " + frames);
        assertEquals(frames, server.counters().value(TransportCounter.FRAMES_OUT, MessageType.DATA));
        assertEquals(0, server.counters().value(TransportCounter.LANE_ERRORS, 0));
    }

    /** Sends on each connection whose window has room, one frame each; returns the frames sent. */
    private int sendWindows(
        final SequencedReceiver receiver,
        final SequencedReceiver.Sizes sizes,
        final long[] ids,
        final UnsafeBuffer frame,
        final int framesPerConnection)
    {
        int sentNow = 0;
        for (int c = 0; c < ids.length; c++)
        {
            if (sent[c] < framesPerConnection && sent[c] - receiver.received.get(c) < WINDOW)
            {
                final int length = TestFrames.write(frame, 0, sizes.payloadLength(sent[c]), sent[c]);
                if (client.send(ids[c], MessageType.DATA, frame, 0, length) > 0)
                {
                    sent[c]++;
                    total++;
                    sentNow++;
                }
            }
        }
        return sentNow;
    }
}
