package io.cellwire.node;

import io.cellwire.codec.FrameHeader;
import io.cellwire.testing.Await;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A blocking socket that speaks frames, for tests that play a remote peer byte by byte against a {@link Node}: send a
 * cell as a frame of any type, receive the next frame within a timeout. Test support; used by the test thread only.
 */
final class PeerSocket implements AutoCloseable
{
    /** One received frame: its type and payload cell. */
    record Frame(int type, byte[] payload)
    {
        UnsafeBuffer buffer()
        {
            return new UnsafeBuffer(payload);
        }
    }

    /** How long one read waits while a test waits for the node to close. */
    private static final int CLOSE_POLL_MS = 100;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    PeerSocket(final Node node) throws IOException
    {
        this(new Socket("127.0.0.1", node.localAddress().getPort()));
    }

    /** Wraps a connected socket, e.g. one a test's server accepted from a node's outbound link. */
    PeerSocket(final Socket socket) throws IOException
    {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends one cell as the payload of a frame of {@code type}. */
    void send(final int type, final DirectBuffer cell, final int offset, final int length) throws IOException
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
        final int header = FrameHeader.write(frame, 0, length + 1, type);
        frame.putBytes(header, cell, offset, length);
        out.write(frame.byteArray(), 0, header + length);
        out.flush();
    }

    /** Sends bytes as they are, framed or not. */
    void sendRaw(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    void send(final int type, final byte[] cell) throws IOException
    {
        send(type, new UnsafeBuffer(cell), 0, cell.length);
    }

    /** @return the next frame; fails if none arrives within {@code timeoutMs}. */
    Frame receive(final long timeoutMs) throws IOException
    {
        socket.setSoTimeout((int)timeoutMs);
        final int first = in.readUnsignedByte();
        int length = first;
        if ((first & 0x80) != 0)
        {
            length = ((first & 0x3f) << 7) | in.readUnsignedByte();
        }
        final int type = in.readUnsignedByte();
        final byte[] payload = new byte[length - 1];
        in.readFully(payload);
        return new Frame(type, payload);
    }

    /** @return the next frame, which must be of {@code type}. */
    Frame receive(final int type, final long timeoutMs) throws IOException
    {
        final Frame frame = receive(timeoutMs);
        assertEquals(type, frame.type(), "frame type");
        return frame;
    }

    /** Fails unless the node closes the connection within {@code timeoutMs}, skipping frames sent before. */
    void assertClosedWithin(final long timeoutMs)
    {
        Await.until(this::closedAfterNextFrame, Duration.ofMillis(timeoutMs), () -> "the node closes the connection");
    }

    /** Reads the next frame if one comes soon; true once the node has closed the connection. */
    private boolean closedAfterNextFrame()
    {
        try
        {
            receive(CLOSE_POLL_MS);
            return false;
        }
        catch (final EOFException | java.net.SocketException closed)
        {
            return true;
        }
        catch (final SocketTimeoutException quiet)
        {
            return false;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
