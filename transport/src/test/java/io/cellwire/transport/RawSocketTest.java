package io.cellwire.transport;

import io.cellwire.codec.DecodeError;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node fed through a plain socket: frames split at every byte or at random places, many frames per write, and bad
 * frames that close only their own connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RawSocketTest
{
    private static final int READ_TIMEOUT_MS = 10_000;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    private Transport server;

    @BeforeEach
    void start()
    {
        server = Transport.launch(EchoTest.EchoServer.context(agentErrors).idleStrategy("sleep").directPollLimit(1));
    }

    @AfterEach
    void close()
    {
        server.close();
    }

    @Test
    void shouldReassembleFramesWrittenOneByteAtATime() throws IOException
    {
        final byte[] frames = frames(20, 1, 300, 1);
        try (Socket socket = connect())
        {
            final OutputStream out = socket.getOutputStream();
            for (final byte b : frames)
            {
                out.write(b);
                out.flush();
            }
            assertArrayEquals(frames, readFully(socket.getInputStream(), frames.length));
        }
    }

    @Test
    void shouldReassembleFramesWrittenInRandomSplitsAndBatches() throws IOException
    {
        final byte[] frames = frames(400, 1, 8190, 2);
        final Random random = new Random(42);
        try (Socket socket = connect())
        {
            final OutputStream out = socket.getOutputStream();
            final InputStream in = socket.getInputStream();
            final ByteArrayOutputStream echoed = new ByteArrayOutputStream();
            final byte[] chunk = new byte[65536];
            int at = 0;
            while (at < frames.length)
            {
                final int n = Math.min(frames.length - at, 1 + random.nextInt(random.nextBoolean() ? 16 : 20000));
                out.write(frames, at, n);
                out.flush();
                at += n;
                while (in.available() > 0)
                {
                    echoed.write(chunk, 0, in.read(chunk));
                }
            }
            echoed.write(readFully(in, frames.length - echoed.size()));
            assertEquals(HexFormat.of().formatHex(frames), HexFormat.of().formatHex(echoed.toByteArray()));
        }
        assertTrue(server.counters().value(TransportCounter.RECEIVE_BUFFERS_ALLOCATED) >= 1,
            "a read that ends inside a frame takes a receive buffer");
        Await.until(() -> server.counters().value(TransportCounter.RECEIVE_BUFFERS_IN_USE) == 0, Await.TIMEOUT,
            () -> "the buffer goes back once the input is drained");
    }

    @Test
    void shouldHoldNoReceiveBufferForConnectionsWhoseReadsEndOnAFrame() throws IOException
    {
        final byte[] frame = frames(1, 100, 100, 4);
        final Socket[] sockets = new Socket[50];
        try
        {
            for (int i = 0; i < sockets.length; i++)
            {
                sockets[i] = connect();
                sockets[i].getOutputStream().write(frame);
                assertArrayEquals(frame, readFully(sockets[i].getInputStream(), frame.length));
            }
        }
        finally
        {
            for (final Socket socket : sockets)
            {
                if (socket != null)
                {
                    socket.close();
                }
            }
        }
        assertEquals(0, server.counters().value(TransportCounter.RECEIVE_BUFFERS_ALLOCATED),
            "whole frames are read into the poller's shared buffer");
    }

    @Test
    void shouldCloseOnlyTheConnectionThatSentABadFrame() throws IOException
    {
        final byte[] good = frames(5, 1, 100, 3);
        try (Socket healthy = connect(); Socket hostile = connect())
        {
            healthy.getOutputStream().write(good);
            assertArrayEquals(good, readFully(healthy.getInputStream(), good.length));

            hostile.getOutputStream().write(new byte[]{ (byte)0x80, 0x03, 0x03, 0x09, 0x01 });
            assertEquals(-1, hostile.getInputStream().read(), "the hostile connection is closed");

            healthy.getOutputStream().write(good);
            assertArrayEquals(good, readFully(healthy.getInputStream(), good.length));
        }
        assertEquals(1,
            server.counters().value(TransportCounter.ERRORS, DecodeError.FRAME_HEADER_NOT_MINIMAL.ordinal()));
    }

    @Test
    void shouldCountAndCloseOnUnknownTypeAndBadPayload() throws IOException
    {
        try (Socket unknownType = connect(); Socket badPayload = connect())
        {
            unknownType.getOutputStream().write(new byte[]{ 0x02, 0x0c, 0x00 });
            badPayload.getOutputStream().write(new byte[]{ 0x02, 0x03, (byte)0xff });
            assertEquals(-1, unknownType.getInputStream().read());
            assertEquals(-1, badPayload.getInputStream().read());
        }
        assertEquals(1, server.counters().value(TransportCounter.ERRORS, DecodeError.UNKNOWN_MESSAGE_TYPE.ordinal()));
        assertEquals(1, server.counters().value(TransportCounter.ERRORS, DecodeError.UNKNOWN_TAG.ordinal()));
        assertEquals(1, server.counters().value(TransportCounter.LANE_ERRORS, 0));
    }

    @Test
    void shouldCloseAConnectionWhosePeerHalfClosesMidFrame() throws IOException
    {
        final long closedBefore = server.counters().value(TransportCounter.CONNECTIONS_CLOSED);
        try (Socket socket = connect())
        {
            socket.getOutputStream().write(new byte[]{ 0x10, 0x03, 0x31 });
            socket.shutdownOutput();
            assertEquals(-1, socket.getInputStream().read());
        }
        Await.until(() -> server.counters().value(TransportCounter.CONNECTIONS_CLOSED) > closedBefore, Await.TIMEOUT,
            () -> "the server counts the connection closed");
        assertEquals(1, server.counters().value(TransportCounter.CONNECTIONS_END_OF_STREAM));
    }

    private Socket connect() throws IOException
    {
        final Socket socket = new Socket(server.localAddress().getAddress(), server.localAddress().getPort());
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static byte[] frames(final int count, final int minPayload, final int maxPayload, final long seed)
    {
        final Random random = new Random(seed);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[count * 8200]);
        int at = 0;
        for (int i = 0; i < count; i++)
        {
            at += TestFrames.write(buffer, at, minPayload + random.nextInt(maxPayload - minPayload + 1), i);
        }
        return Arrays.copyOf(buffer.byteArray(), at);
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
}
