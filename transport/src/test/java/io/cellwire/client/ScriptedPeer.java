package io.cellwire.client;

import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.BeliefDecoder;
import io.cellwire.codec.message.ChallengeDecoder;
import io.cellwire.codec.message.CommandDecoder;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.GoodbyeDecoder;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.MissingDataDecoder;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.ResponseDecoder;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.codec.message.StatusDecoder;
import io.cellwire.codec.message.TransactDecoder;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.LaneSession;
import io.cellwire.transport.SendResult;
import io.cellwire.transport.Transport;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A peer whose every move the test makes: our {@link Transport} listening on 127.0.0.1, recording each frame it
 * receives (copied, with its connection) for the test thread to take, and sending whatever frames the test thread
 * builds. Test support; the lane records, the test thread takes and sends.
 */
final class ScriptedPeer implements AutoCloseable
{
    /** One frame received: its connection, type, and whole bytes (header included) and payload offset. */
    record Frame(long connectionId, int type, byte[] bytes, int payloadOffset)
    {
        /** @return the frame as a buffer. */
        UnsafeBuffer buffer()
        {
            return new UnsafeBuffer(bytes);
        }

        /** @return the payload's length. */
        int payloadLength()
        {
            return bytes.length - payloadOffset;
        }

        /** @return a copy of the payload. */
        byte[] payload()
        {
            final byte[] payload = new byte[payloadLength()];
            System.arraycopy(bytes, payloadOffset, payload, 0, payload.length);
            return payload;
        }
    }

    final Transport transport;
    private final LinkedBlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);

    /** @param errors where the peer's agents' exceptions go: the test's {@code AgentErrors}. */
    ScriptedPeer(final ErrorHandler errors)
    {
        transport = Transport.launch(new Transport.Context()
            .port(0)
            .countersDirectory(null)
            .idleStrategy(IdleStrategies.BACKOFF)
            .errorHandler(errors)
            .handlerFactory(Recorder::new));
    }

    /** @return {@code 127.0.0.1:port}. */
    String endpoint()
    {
        return "127.0.0.1:" + transport.localAddress().getPort();
    }

    /**
     * Takes the next frame received, which must be of the given type.
     *
     * @return the frame.
     */
    Frame take(final int type) throws InterruptedException
    {
        final Frame next = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(next, "no frame of type " + type + " within 10 s");
        assertEquals(type, next.type(), "type of the next frame");
        return next;
    }

    /**
     * The next frame received within a bound, if any.
     *
     * @return the frame or null.
     */
    Frame poll(final long timeoutMs) throws InterruptedException
    {
        return received.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * The next frame received, if one has been; does not wait.
     *
     * @return the frame or null.
     */
    Frame poll()
    {
        return received.poll();
    }

    /** Sends a frame of one cell to a connection. */
    void send(final long connectionId, final int type, final DirectBuffer cell, final int offset, final int length)
    {
        final int header = FrameHeader.write(frame, 0, length + 1, type);
        frame.putBytes(header, cell, offset, length);
        final long result = transport.send(connectionId, type, frame, 0, header + length);
        assertEquals(header + length, result, SendResult.name(result));
    }

    /** Sends a frame that an encoder wrote at offset 0 of a buffer. */
    void sendFrame(final long connectionId, final int type, final DirectBuffer buffer, final int length)
    {
        final long result = transport.send(connectionId, type, buffer, 0, length);
        assertEquals(length, result, SendResult.name(result));
    }

    @Override
    public void close()
    {
        transport.close();
    }

    private final class Recorder implements MessageHandler
    {
        private final LaneSession session;

        Recorder(final LaneSession session)
        {
            this.session = session;
        }

        private void record()
        {
            final byte[] bytes = new byte[session.frameLength()];
            session.frameBuffer().getBytes(session.frameOffset(), bytes);
            final int headerLength = FrameHeader.headerLength(
                session.frameBuffer(), session.frameOffset(), session.frameOffset() + bytes.length);
            received.add(new Frame(session.connectionId(), session.type(), bytes, headerLength + 1));
        }

        @Override
        public void onChallenge(final ChallengeDecoder decoder)
        {
            record();
        }

        @Override
        public void onResponse(final ResponseDecoder decoder)
        {
            record();
        }

        @Override
        public void onData(final DataDecoder decoder)
        {
            record();
        }

        @Override
        public void onCommand(final CommandDecoder decoder)
        {
            record();
        }

        @Override
        public void onMissingData(final MissingDataDecoder decoder)
        {
            record();
        }

        @Override
        public void onQuery(final QueryDecoder decoder)
        {
            record();
        }

        @Override
        public void onTransact(final TransactDecoder decoder)
        {
            record();
        }

        @Override
        public void onResult(final ResultDecoder decoder)
        {
            record();
        }

        @Override
        public void onBelief(final BeliefDecoder decoder)
        {
            record();
        }

        @Override
        public void onGoodbye(final GoodbyeDecoder decoder)
        {
            record();
        }

        @Override
        public void onStatus(final StatusDecoder decoder)
        {
            record();
        }
    }
}
