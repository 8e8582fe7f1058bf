package io.cellwire.transport;

import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.MessageType;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Frames of every size through real loopback sockets and back, content checked, nothing lost, order kept: in every
 * {@link ThreadingMode}, both ends in the same mode; in {@link ThreadingMode#INVOKER} the test thread runs both
 * transports' duty cycles while it sends and waits.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EchoTest
{
    /** Bound of a connect. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Bound of an echo or a batch of echoes. */
    static final Duration ECHO_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    private ThreadingMode mode;
    private Transport server;
    private Transport client;

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(client, server);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ThreadingMode.class)
    void shouldEchoFramesOfEveryPayloadSizeFromOneTo8190(final ThreadingMode mode)
    {
        this.mode = mode;
        server = Transport.launch(EchoServer.context(agentErrors).threadingMode(mode).lanes(2));
        final Receiver receiver = new Receiver();
        client = Transport.launch(new Transport.Context().threadingMode(mode).idleStrategy("adaptive")
            .errorHandler(agentErrors).handlerFactory(receiver));
        final OutboundConnection connection = client.connect(server.localAddress());
        Await.pumpUntil(this::invoke, () -> connection.connectionId() != OutboundConnection.NOT_CONNECTED,
            CONNECT_TIMEOUT, () -> "connected");
        final long id = connection.connectionId();
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[8200]);
        long sent = 0;
        for (int payload = 1; payload <= TestFrames.MAX_PAYLOAD; payload += payload < 200 ? 1 : 97)
        {
            sent = sendOne(id, frame, payload, sent, receiver);
        }
        final long frames = sendOne(id, frame, TestFrames.MAX_PAYLOAD, sent, receiver);
        assertEquals(0, receiver.mismatches.get());
        assertEquals(frames, receiver.received.get());
        assertEquals(frames, server.counters().value(TransportCounter.FRAMES_IN, MessageType.DATA));
        Await.pumpUntil(this::invoke,
            () -> server.counters().value(TransportCounter.FRAMES_OUT, MessageType.DATA) == frames, ECHO_TIMEOUT,
            () -> "the server counts what it wrote: " +
                server.counters().value(TransportCounter.FRAMES_OUT, MessageType.DATA) + " of " + frames);
    }

    private long sendOne(final long id, final UnsafeBuffer frame, final int payload, final long sent, final Receiver r)
    {
        final int length = TestFrames.write(frame, 0, payload, sent);
        r.expect(frame, length);
        Await.pumpUntil(this::invoke, () -> client.send(id, MessageType.DATA, frame, 0, length) > 0, ECHO_TIMEOUT,
            () -> "frame " + sent + " of payload " + payload + " accepted by the client");
        Await.pumpUntil(this::invoke, () -> r.received.get() >= sent + 1, ECHO_TIMEOUT,
            () -> "echo of frame " + sent + " of payload " + payload + "; received " + r.received.get());
        return sent + 1;
    }

    /** Runs both transports' duty cycles when the test thread drives them. */
    private int invoke()
    {
        return mode == ThreadingMode.INVOKER ? server.invoke() + client.invoke() : 0;
    }

    /**
     * Waits for an outbound connection to open, its transport running on its own threads.
     *
     * @return its connection id.
     */
    static long awaitConnected(final OutboundConnection connection)
    {
        Await.until(() -> connection.connectionId() != OutboundConnection.NOT_CONNECTED, CONNECT_TIMEOUT,
            () -> "connected to " + connection.address() + " after " + connection.attempts() + " attempts");
        return connection.connectionId();
    }

    /** Waits until a receiver has had {@code count} echoes, its transport running on its own threads. */
    static void awaitReceived(final Receiver receiver, final long count)
    {
        Await.until(() -> receiver.received.get() >= count, ECHO_TIMEOUT,
            () -> "received " + receiver.received.get() + " of " + count);
    }

    /** Echoes every frame back on the connection it came from. */
    static final class EchoServer implements MessageHandler
    {
        private final LaneSession session;

        EchoServer(final LaneSession session)
        {
            this.session = session;
        }

        /**
         * A listening echo server's context.
         *
         * @param errors where its agents' exceptions go: the test's {@link AgentErrors}.
         * @return the context, to configure further.
         */
        static Transport.Context context(final ErrorHandler errors)
        {
            return new Transport.Context().port(0).idleStrategy("adaptive").errorHandler(errors)
                .handlerFactory(EchoServer::new);
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
