package io.cellwire.transport;

import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.StatusDecoder;
import io.cellwire.codec.message.StatusEncoder;
import io.cellwire.testing.AgentErrors;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A lane handler that throws: the lane counts the exception, closes the connection whose frame it was handling, hands
 * the exception to the transport's error handler, and goes on serving the other connections.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandlerExceptionTest
{
    private static final int READ_TIMEOUT_MS = 10_000;
    private static final long STATUS_ID = 7;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    private Transport server;

    @AfterEach
    void close()
    {
        CloseHelper.close(server);
    }

    @Test
    void shouldHandTheHandlersExceptionToTheErrorHandlerAndCloseOnlyItsConnection() throws IOException
    {
        server = Transport.launch(new Transport.Context().port(0).idleStrategy("sleep").errorHandler(agentErrors)
            .handlerFactory(RefusingEcho::new));
        final byte[] first = frame(1);
        final byte[] second = frame(2);
        final UnsafeBuffer status = new UnsafeBuffer(new byte[16]);
        final int statusLength = new StatusEncoder().wrapFrame(status, 0).id(STATUS_ID).finishFrame();
        try (Socket healthy = connect(); Socket refused = connect())
        {
            healthy.getOutputStream().write(first);
            assertArrayEquals(first, readFully(healthy.getInputStream(), first.length));

            refused.getOutputStream().write(status.byteArray(), 0, statusLength);
            assertEquals(-1, refused.getInputStream().read(), "the connection whose handler threw is closed");

            healthy.getOutputStream().write(second);
            assertArrayEquals(second, readFully(healthy.getInputStream(), second.length),
                "the lane serves the next frame, after it has handled the exception");
        }
        final List<Throwable> raised = agentErrors.takeAll();
        assertEquals(1, raised.size(), raised.toString());
        assertSame(IllegalStateException.class, raised.get(0).getClass());
        assertEquals("the handler refuses STATUS " + STATUS_ID, raised.get(0).getMessage());
        assertEquals(1, server.counters().value(TransportCounter.LANE_HANDLER_ERRORS, 0));
        assertEquals(0, server.counters().value(TransportCounter.LANE_ERRORS, 0));
    }

    private Socket connect() throws IOException
    {
        final Socket socket = new Socket(server.localAddress().getAddress(), server.localAddress().getPort());
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static byte[] frame(final long sequence)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        return Arrays.copyOf(buffer.byteArray(), TestFrames.write(buffer, 0, 20, sequence));
    }

    private static byte[] readFully(final InputStream in, final int length) throws IOException
    {
        final byte[] bytes = new byte[length];
        int at = 0;
        while (at < length)
        {
            final int n = in.read(bytes, at, length - at);
            if (n < 0)
            {
                throw new IOException("closed after " + at + " of " + length + " bytes");
            }
            at += n;
        }
        return bytes;
    }

    /** Echoes DATA; throws on STATUS, as a handler with a bug would. */
    private static final class RefusingEcho implements MessageHandler
    {
        private final LaneSession session;

        RefusingEcho(final LaneSession session)
        {
            this.session = session;
        }

        @Override
        public void onData(final DataDecoder decoder)
        {
            session.reply(session.type(), session.frameBuffer(), session.frameOffset(), session.frameLength());
        }

        @Override
        public void onStatus(final StatusDecoder decoder)
        {
            throw new IllegalStateException("the handler refuses STATUS " + decoder.id());
        }
    }
}
