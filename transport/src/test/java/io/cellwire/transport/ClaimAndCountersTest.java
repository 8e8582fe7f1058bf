package io.cellwire.transport;

import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.StatusDecoder;
import io.cellwire.codec.message.StatusEncoder;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replies encoded in place in claimed room (ring space for a small frame, a pooled chunk for a large one), and counters
 * that another process can read from the file.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClaimAndCountersTest
{
    @TempDir
    File countersDir;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    private Transport server;
    private Transport client;

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(client, server);
    }

    @Test
    void shouldEncodeRepliesInPlaceAndPublishCountersInTheMappedFile()
    {
        server = Transport.launch(new Transport.Context().port(0).idleStrategy("sleep")
            .countersDirectory(countersDir).errorHandler(agentErrors).handlerFactory(StatusInPlace::new));
        final AtomicLong lastId = new AtomicLong(-1);
        client = Transport.launch(new Transport.Context().idleStrategy("sleep").errorHandler(agentErrors)
            .handlerFactory(session -> new MessageHandler()
            {
                @Override
                public void onStatus(final StatusDecoder decoder)
                {
                    lastId.set(decoder.id());
                }
            }));
        final long id = EchoTest.awaitConnected(client.connect(server.localAddress()));
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[16]);
        final int length = new StatusEncoder().wrapFrame(frame, 0).id(41).finishFrame();
        assertTrue(client.send(id, MessageType.STATUS, frame, 0, length) > 0);
        Await.until(() -> lastId.get() == 42, EchoTest.ECHO_TIMEOUT, () -> "STATUS 42 in reply, last " + lastId.get());

        final File file = new File(countersDir, TransportCounters.FILE_NAME);
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, "counters");
        try
        {
            final CountersReader reader = new CountersReader(
                new UnsafeBuffer(mapped, 0, TransportCounters.METADATA_LENGTH),
                new UnsafeBuffer(mapped, TransportCounters.METADATA_LENGTH, TransportCounters.VALUES_LENGTH));
            assertEquals(1, TransportCounters.value(reader, TransportCounter.FRAMES_IN, MessageType.STATUS));
            assertEquals(1, TransportCounters.value(reader, TransportCounter.FRAMES_OUT, MessageType.STATUS));
            assertEquals(1, TransportCounters.value(
                reader, TransportCounter.CONNECTIONS_ACTIVE, CounterDescriptor.NO_KEY));
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    @Test
    void shouldSendLargeFramesWrittenInPlaceInClaimedChunks()
    {
        server = Transport.launch(new Transport.Context().port(0).idleStrategy("sleep")
            .errorHandler(agentErrors).handlerFactory(DataInPlace::new));
        final EchoTest.Receiver receiver = new EchoTest.Receiver();
        client = Transport.launch(new Transport.Context().idleStrategy("sleep").errorHandler(agentErrors)
            .handlerFactory(receiver));
        final long id = EchoTest.awaitConnected(client.connect(server.localAddress()));
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
        final int[] payloads = { 100, OutboundQueue.CHUNK_THRESHOLD, 5_000, TestFrames.MAX_PAYLOAD };
        for (int i = 0; i < payloads.length; i++)
        {
            final int length = TestFrames.write(frame, 0, payloads[i], i);
            receiver.expect(frame, length);
            assertTrue(client.send(id, MessageType.DATA, frame, 0, length) > 0);
            final long received = i + 1;
            Await.until(() -> receiver.received.get() == received, EchoTest.ECHO_TIMEOUT,
                () -> "the echo of a " + length + "-byte frame");
        }
        assertEquals(0, receiver.mismatches.get());
        assertEquals(payloads.length, server.counters().value(TransportCounter.FRAMES_OUT, MessageType.DATA));
        Await.until(() -> server.counters().value(TransportCounter.OUTBOUND_CHUNKS_IN_USE) == 0, EchoTest.ECHO_TIMEOUT,
            () -> "every chunk given back");
        assertEquals(1, server.counters().value(TransportCounter.OUTBOUND_CHUNKS_ALLOCATED),
            "one chunk, reused by each large frame in turn");
    }

    /** Echoes DATA by copying it into claimed room. */
    private static final class DataInPlace implements MessageHandler
    {
        private final LaneSession session;
        private final FrameClaim claim = new FrameClaim();

        DataInPlace(final LaneSession session)
        {
            this.session = session;
        }

        @Override
        public void onData(final DataDecoder decoder)
        {
            final int length = session.frameLength();
            final long result = session.connection().tryClaim(MessageType.DATA, length, claim);
            if (result != length)
            {
                throw new IllegalStateException(SendResult.name(result));
            }
            claim.buffer().putBytes(claim.offset(), session.frameBuffer(), session.frameOffset(), length);
            claim.commit();
        }
    }

    /** Answers STATUS with STATUS id + 1, encoded straight into the connection's outbound ring. */
    private static final class StatusInPlace implements MessageHandler
    {
        private final LaneSession session;
        private final StatusEncoder encoder = new StatusEncoder();
        private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[16]);
        private final FrameClaim claim = new FrameClaim();

        StatusInPlace(final LaneSession session)
        {
            this.session = session;
        }

        @Override
        public void onStatus(final StatusDecoder decoder)
        {
            final int length = encoder.wrapFrame(scratch, 0).id(decoder.id() + 1).finishFrame();
            final Connection connection = session.connection();
            final long result = connection.tryClaim(MessageType.STATUS, length, claim);
            if (result < 0)
            {
                throw new IllegalStateException(SendResult.name(result));
            }
            encoder.wrapFrame(claim.buffer(), claim.offset()).id(decoder.id() + 1).finishFrame();
            claim.commit();
        }
    }
}
