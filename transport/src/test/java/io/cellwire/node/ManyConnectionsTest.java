package io.cellwire.node;

import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.EchoPeerHandler;
import io.cellwire.transport.CounterDescriptor;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.TransportCounter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One node, 2,000 connections: each sends {@value #ROUNDS} QUERYs in turn, and every query is answered exactly once,
 * with its echo and its own id, on its own connection; a query the node answers {@code :LOAD} (its lane was full for
 * longer than the lane-full grace, which a burst from 2,000 connections can make it) is sent again, as a client would. The client side is plain non-blocking sockets on one selector, so the node
 * alone holds Cellwire buffers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManyConnectionsTest
{
    private static final int CONNECTIONS = 2_000;
    private static final int ROUNDS = 3;
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(90);

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    @Test
    void shouldAnswerEveryQueryOfTwoThousandConnectionsExactlyOnce() throws IOException
    {
        try (Node node = Node.launch(EchoPeerHandler.nodeContext().transport(t -> t
                .port(0)
                .idleStrategy(IdleStrategies.BACKOFF)
                .maxConnections(CONNECTIONS + 16)
                .errorHandler(agentErrors)));
            Selector selector = Selector.open())
        {
            final Peer[] peers = new Peer[CONNECTIONS];
            try
            {
                for (int i = 0; i < CONNECTIONS; i++)
                {
                    peers[i] = new Peer(i, node.localAddress(), selector);
                }
                final long deadline = System.nanoTime() + DEADLINE_NS;
                long answered = 0;
                for (final Peer peer : peers)
                {
                    peer.sendNext();
                }
                while (answered < (long)CONNECTIONS * ROUNDS && System.nanoTime() - deadline < 0)
                {
                    selector.select(100);
                    for (final SelectionKey key : selector.selectedKeys())
                    {
                        answered += ((Peer)key.attachment()).onReadable();
                    }
                    selector.selectedKeys().clear();
                }
                long wrong = 0;
                long shed = 0;
                for (final Peer peer : peers)
                {
                    assertEquals(ROUNDS, peer.answered, "connection " + peer.index + " answered");
                    wrong += peer.wrong;
                    shed += peer.shed;
                }
                System.out.printf("%d connections, %d queries each: every one answered with its echo; %d :LOAD " +
                    "answers sent again; %d receive buffers allocated%n", CONNECTIONS, ROUNDS, shed,
                    node.counters().value(TransportCounter.RECEIVE_BUFFERS_ALLOCATED, CounterDescriptor.NO_KEY));
                assertEquals(0, wrong, "answers with another id, of another type, or another error than :LOAD");
                assertEquals(shed, node.counters().value(NodeCounter.SHED_QUERIES, CounterDescriptor.NO_KEY));
                assertEquals((long)CONNECTIONS * ROUNDS, answered);
                assertEquals(CONNECTIONS * ROUNDS, node.counters().value(NodeCounter.QUERIES, CounterDescriptor.NO_KEY));
                assertEquals(0, node.counters().value(TransportCounter.CONNECTIONS_REJECTED, CounterDescriptor.NO_KEY));
                assertTrue(node.counters().value(TransportCounter.RECEIVE_BUFFERS_ALLOCATED, CounterDescriptor.NO_KEY)
                    < CONNECTIONS, "receive buffers only for connections with a frame cut by a read");
            }
            finally
            {
                for (final Peer peer : peers)
                {
                    if (peer != null)
                    {
                        peer.channel.close();
                    }
                }
            }
        }
    }

    /** One connection: sends its next QUERY once the last one is answered; owned by the test thread. */
    private static final class Peer
    {
        final int index;
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(1024);
        final UnsafeBuffer view = new UnsafeBuffer(in.array());
        final ResultDecoder result = new ResultDecoder();
        int answered;
        int wrong;
        int shed;

        Peer(final int index, final InetSocketAddress address, final Selector selector) throws IOException
        {
            this.index = index;
            channel = SocketChannel.open(address);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
        }

        void sendNext() throws IOException
        {
            final ByteBuffer frame = ByteBuffer.wrap(
                NodeFrames.frame(MessageType.QUERY, NodeFrames.queryInline(id(answered))));
            while (frame.hasRemaining())
            {
                channel.write(frame);
            }
        }

        /** Reads what arrived and checks each whole RESULT; returns the answers it completed. */
        int onReadable() throws IOException
        {
            if (channel.read(in) < 0)
            {
                throw new IOException("connection " + index + " closed by the node");
            }
            int done = 0;
            int at = 0;
            while (true)
            {
                final int header = FrameHeader.headerLength(view, at, in.position());
                if (header <= 0)
                {
                    break;
                }
                final int length = FrameHeader.frameLength(view, at, header);
                if (at + header + length > in.position())
                {
                    break;
                }
                final int type = view.getByte(at + header) & 0xff;
                final boolean decoded = type == MessageType.RESULT &&
                    result.wrap(view, at + header + 1, length - 1) >= 0 && result.id() == id(answered);
                at += header + length;
                if (decoded && result.hasError() && isLoad())
                {
                    shed++;
                    sendNext();
                    continue;
                }
                if (!decoded || result.hasError())
                {
                    wrong++;
                }
                answered++;
                done++;
                if (answered < ROUNDS)
                {
                    sendNext();
                }
            }
            in.limit(in.position()).position(at);
            in.compact();
            return done;
        }

        /** Whether the RESULT is the node's {@code :LOAD}: a client sends the query again, as a real one would. */
        private boolean isLoad()
        {
            final DirectBuffer load = ResultErrors.LOAD;
            if (result.errorLength() != load.capacity())
            {
                return false;
            }
            for (int i = 0; i < load.capacity(); i++)
            {
                if (view.getByte(result.errorOffset() + i) != load.getByte(i))
                {
                    return false;
                }
            }
            return true;
        }

        private long id(final int round)
        {
            return (long)index * ROUNDS + round + 1;
        }
    }
}
