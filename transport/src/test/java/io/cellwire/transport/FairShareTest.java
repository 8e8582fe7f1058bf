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

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A connection has at most {@code framesPerConnection} frames in its lane: while the lane is held up, a connection
 * that streams takes its share and is paused, and a frame of another connection still finds a slot and is handled
 * right after the first connection's share, not behind the whole lane.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FairShareTest
{
    private static final int SLOTS = 8;
    private static final int SHARE = 2;
    private static final int STREAMED = 10;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();
    private final List<Long> handled = new CopyOnWriteArrayList<>();
    private volatile boolean released;
    private Transport server;

    @AfterEach
    void close()
    {
        released = true;
        CloseHelper.close(server);
    }

    @Test
    void shouldServeAnotherConnectionWithinOneConnectionsShareOfTheLane() throws IOException
    {
        server = Transport.launch(new Transport.Context().port(0).threadingMode(ThreadingMode.DEDICATED)
            .idleStrategy("sleep").slotsPerLane(SLOTS).framesPerConnection(SHARE).errorHandler(agentErrors)
            .handlerFactory(session -> new HeldLane()));
        try (Socket streaming = connect(); Socket other = connect())
        {
            final OutputStream out = streaming.getOutputStream();
            for (int i = 1; i <= STREAMED; i++)
            {
                out.write(frame(i));
            }
            Await.until(() -> server.counters().value(TransportCounter.LANE_PAUSES) >= 1, Await.TIMEOUT,
                () -> "the streaming connection paused at its share");
            other.getOutputStream().write(frame(1_000));
            Await.until(() -> server.counters().value(TransportCounter.FRAMES_IN,
                MessageType.DATA) == SHARE + 1, Await.TIMEOUT, () -> "the other frame read");
            released = true;
            Await.until(() -> handled.size() == STREAMED + 1, Await.TIMEOUT, () -> "handled " + handled);
        }
        assertEquals(List.of(1L, 2L, 1_000L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), handled);
    }

    private Socket connect() throws IOException
    {
        final Socket socket = new Socket(server.localAddress().getAddress(), server.localAddress().getPort());
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static byte[] frame(final long sequence)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        return java.util.Arrays.copyOf(buffer.byteArray(), TestFrames.write(buffer, 0, 20, sequence));
    }

    /** Records each frame's sequence; holds the lane on the first frame until the test releases it. */
    private final class HeldLane implements MessageHandler
    {
        @Override
        public void onData(final DataDecoder decoder)
        {
            while (!released)
            {
                LockSupport.parkNanos(1_000_000);
            }
            // a 20-byte payload is a Blob 31 12 whose first 8 bytes are the sequence (TestFrames)
            handled.add(decoder.buffer().getLong(decoder.cellOffset() + 2));
        }
    }
}
