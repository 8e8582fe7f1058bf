package io.cellwire.transport;

import io.cellwire.codec.FrameHeader;
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

import java.net.Socket;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large frames queued in pooled chunks for peers that stop reading and then vanish: two sender threads keep offering
 * while the connections close under them, and every chunk comes back to the pool, none lost to the race between a
 * sender taking a chunk and the poller closing the connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChunkReleaseTest
{
    private static final int CONNECTIONS = 16;
    private static final int ROUNDS = 3;
    private static final int SENDERS = 2;
    private static final int SHARE = 8;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();
    private final ConcurrentHashMap<Long, Boolean> connections = new ConcurrentHashMap<>();
    private Transport server;

    @AfterEach
    void close()
    {
        CloseHelper.close(server);
    }

    @Test
    void shouldGiveBackEveryChunkOfConnectionsClosedWhileSendersOffer() throws Exception
    {
        server = Transport.launch(new Transport.Context().port(0).idleStrategy("backoff")
            .socketSendBufferLength(8 * 1024).outboundChunksPerConnection(SHARE).errorHandler(agentErrors)
            .handlerFactory(this::recordConnection));
        final UnsafeBuffer hello = new UnsafeBuffer(new byte[64]);
        final int helloLength = TestFrames.write(hello, 0, 8, 0);
        final AtomicLong accepted = new AtomicLong();
        for (int round = 0; round < ROUNDS; round++)
        {
            connections.clear();
            final Socket[] sockets = new Socket[CONNECTIONS];
            final Thread[] senders = new Thread[SENDERS];
            final AtomicBoolean anyOpen = new AtomicBoolean(true);
            try
            {
                for (int i = 0; i < CONNECTIONS; i++)
                {
                    sockets[i] = new Socket();
                    sockets[i].setReceiveBufferSize(4 * 1024);
                    sockets[i].connect(server.localAddress());
                    sockets[i].getOutputStream().write(hello.byteArray(), 0, helloLength);
                }
                Await.until(() -> connections.size() == CONNECTIONS, Await.TIMEOUT, () -> "every hello arrived");
                final Long[] ids = connections.keySet().toArray(new Long[0]);
                for (int s = 0; s < SENDERS; s++)
                {
                    senders[s] = new Thread(() -> offerUntilAllClosed(ids, accepted, anyOpen), "sender-" + s);
                    senders[s].start();
                }
                Await.until(() -> server.counters().value(TransportCounter.OUTBOUND_CHUNKS_REFUSED) > 0,
                    Await.TIMEOUT, () -> "the readers' shares fill up");
            }
            finally
            {
                CloseHelper.closeAll(sockets);
            }
            for (final Thread sender : senders)
            {
                sender.join(Await.TIMEOUT.toMillis());
                assertTrue(!sender.isAlive(), "the senders stop once every connection is closed");
            }
            assertTrue(!anyOpen.get(), "every send ended CLOSED or NOT_CONNECTED");
            Await.until(() -> server.counters().value(TransportCounter.CONNECTIONS_ACTIVE) == 0, Await.TIMEOUT,
                () -> "every connection closed");
        }
        Await.until(() -> server.counters().value(TransportCounter.OUTBOUND_CHUNKS_IN_USE) == 0, Await.TIMEOUT,
            () -> "every chunk back: " + server.counters().value(TransportCounter.OUTBOUND_CHUNKS_IN_USE) + " in use");
        assertTrue(accepted.get() > CONNECTIONS, "large frames were queued: " + accepted.get());
        assertEquals(ROUNDS * CONNECTIONS, server.counters().value(TransportCounter.CONNECTIONS_CLOSED));
        assertTrue(server.counters().value(TransportCounter.OUTBOUND_CHUNKS_ALLOCATED) <= CONNECTIONS * SHARE,
            "the pool grew to the connections' shares at most");
    }

    private MessageHandler recordConnection(final LaneSession session)
    {
        return new MessageHandler()
        {
            @Override
            public void onData(final DataDecoder decoder)
            {
                connections.put(session.connectionId(), Boolean.TRUE);
            }
        };
    }

    /** Offers a 5,000-byte frame to each connection in turn until every one answers CLOSED or NOT_CONNECTED. */
    private void offerUntilAllClosed(final Long[] ids, final AtomicLong accepted, final AtomicBoolean anyOpen)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
        final int length = TestFrames.write(frame, 0, 5_000, 1);
        final long deadline = System.nanoTime() + Await.TIMEOUT.toNanos();
        boolean open = true;
        while (open && System.nanoTime() < deadline)
        {
            open = false;
            for (final Long id : ids)
            {
                final long result = server.send(id, MessageType.DATA, frame, 0, length);
                if (result > 0)
                {
                    accepted.incrementAndGet();
                }
                open |= result > 0 || result == SendResult.BACK_PRESSURED;
            }
            Thread.yield();
        }
        anyOpen.set(open);
    }
}
