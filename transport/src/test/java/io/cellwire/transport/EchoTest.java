package io.cellwire.transport;

import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.MessageType;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames of every size through real loopback sockets and back, content checked, nothing lost, order kept. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EchoTest
{
    private Transport server;
    private Transport client;

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(client, server);
    }

    @Test
    void shouldEchoFramesOfEveryPayloadSizeFromOneTo8190()
    {
        server = Transport.launch(EchoServer.context().lanes(2));
        final Receiver receiver = new Receiver();
        client = Transport.launch(new Transport.Context().idleStrategy("backoff").handlerFactory(receiver));
        final long id = awaitConnected(client.connect(server.localAddress()));
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[8200]);
        long sent = 0;
        for (int payload = 1; payload <= TestFrames.MAX_PAYLOAD; payload += payload < 200 ? 1 : 97)
        {
            sent = sendOne(id, frame, payload, sent, receiver);
        }
        sent = sendOne(id, frame, TestFrames.MAX_PAYLOAD, sent, receiver);
        awaitReceived(receiver, sent);
        assertEquals(0, receiver.mismatches.get());
    }

    private long sendOne(final long id, final UnsafeBuffer frame, final int payload, final long sent, final Receiver r)
    {
        final int length = TestFrames.write(frame, 0, payload, sent);
        r.expect(frame, length);
        while (client.send(id, MessageType.DATA, frame, 0, length) < 0)
        {
            Thread.onSpinWait();
        }
        awaitReceived(r, sent + 1);
        return sent + 1;
    }

    static long awaitConnected(final OutboundConnection connection)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connection.connectionId() == OutboundConnection.NOT_CONNECTED)
        {
            assertTrue(System.nanoTime() < deadline, "connect timed out");
            Thread.onSpinWait();
        }
        return connection.connectionId();
    }

    static void awaitReceived(final Receiver receiver, final long count)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (receiver.received.get() < count)
        {
            assertTrue(System.nanoTime() < deadline, "received " + receiver.received.get() + " of " + count);
            Thread.yield();
        }
    }

    /** Echoes every frame back on the connection it came from. */
    static final class EchoServer implements MessageHandler
    {
        private final LaneSession session;

        EchoServer(final LaneSession session)
        {
            this.session = session;
        }

        static Transport.Context context()
        {
            return new Transport.Context().port(0).idleStrategy("backoff").handlerFactory(EchoServer::new);
        }

        @Override
        public void onData(final DataDecoder decoder)
        {
            final long result = session.reply(session.type(), session.frameBuffer(), session.frameOffset(),
                session.frameLength());
            if (result < 0)
            {
                throw new IllegalStateException("echo failed: " + SendResult.name(result));
            }
        }
    }

    /** Checks each echoed frame against the one expected next. */
    static final class Receiver implements MessageHandler, LaneHandlerFactory
    {
        final AtomicLong received = new AtomicLong();
        final AtomicLong mismatches = new AtomicLong();
        private final UnsafeBuffer expected = new UnsafeBuffer(new byte[8200]);
        private volatile int expectedLength;
        private LaneSession session;

        void expect(final UnsafeBuffer frame, final int length)
        {
            expected.putBytes(0, frame, 0, length);
            expectedLength = length;
        }

        @Override
        public MessageHandler create(final LaneSession session)
        {
            this.session = session;
            return this;
        }

        @Override
        public void onData(final DataDecoder decoder)
        {
            final int length = expectedLength;
            if (session.frameLength() != length ||
                !new UnsafeBuffer(session.frameBuffer(), session.frameOffset(), length).equals(
                    new UnsafeBuffer(expected, 0, length)))
            {
                mismatches.incrementAndGet();
            }
            received.incrementAndGet();
        }
    }
}
