package io.cellwire.bench.convex;

import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.QueryEncoder;
import io.cellwire.node.PeerSession;
import io.cellwire.node.ResultErrors;
import io.cellwire.transport.ThreadWaker;
import io.cellwire.transport.TransportCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CvmLaneHandler} on the test thread, standing in for a lane: what it copies into the ring, and what it does
 * when the ring is full.
 */
class CvmLaneHandlerTest
{
    private static final long CONNECTION_ID = 17;
    private static final long MESSAGE_ID = 5;
    private static final int CONNECTIONS = 32;
    /** Records of a QUERY {@code 3} of {@link #query}: the header and the 2-byte form. */
    private static final int QUERY_RECORD_LENGTH = CvmRingDescriptor.HEADER_LENGTH + 2;

    private final TransportCounters transportCounters = new TransportCounters(null, 1);
    private final ConvexPeerCounters counters = new ConvexPeerCounters(transportCounters);
    private final OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(
        ByteBuffer.allocateDirect(CvmRingDescriptor.bufferLength(CvmRingDescriptor.MIN_CAPACITY))));
    /** Shares as large as the ring: the ring itself fills first. */
    private final CvmLaneHandler handler = new CvmLaneHandler(ring,
        new CvmRingShares(CONNECTIONS, CvmRingDescriptor.MIN_CAPACITY), counters, new ThreadWaker());
    private final RecordingSession session = new RecordingSession(CONNECTION_ID);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[256]);

    @AfterEach
    void close()
    {
        transportCounters.close();
    }

    @Test
    void shouldCopyAQueryWithItsConnectionMessageIdAddressAndForm()
    {
        final int formLength = CellEncoder.writeLong(scratch, 0, 3);
        final byte[] form = new byte[formLength];
        scratch.getBytes(0, form);

        handler.onQuery(query(11), session);

        final List<byte[]> bodies = new ArrayList<>();
        final int read = ring.read((type, buffer, index, length) ->
        {
            assertEquals(MessageType.QUERY, type);
            assertEquals(CONNECTION_ID, buffer.getLong(index + CvmRingDescriptor.CONNECTION_ID_OFFSET));
            assertEquals(MESSAGE_ID, buffer.getLong(index + CvmRingDescriptor.MESSAGE_ID_OFFSET));
            assertEquals(11, buffer.getLong(index + CvmRingDescriptor.ADDRESS_OFFSET));
            assertEquals(0, buffer.getInt(index + CvmRingDescriptor.FLAGS_OFFSET));
            assertEquals(length - CvmRingDescriptor.HEADER_LENGTH,
                buffer.getInt(index + CvmRingDescriptor.FIRST_LENGTH_OFFSET));
            final byte[] body = new byte[length - CvmRingDescriptor.HEADER_LENGTH];
            buffer.getBytes(index + CvmRingDescriptor.HEADER_LENGTH, body);
            bodies.add(body);
        });

        assertEquals(1, read);
        assertArrayEquals(form, bodies.get(0));
        assertEquals(0, session.errors);
    }

    @Test
    void shouldAnswerLoadAndThenDropDataWhenTheRingIsFull()
    {
        final QueryDecoder query = query(MessageFields.NULL_ADDRESS);
        int copied = 0;
        while (session.errors == 0)
        {
            handler.onQuery(query, session);
            copied++;
        }

        handler.onData(data(), session);

        assertTrue(copied > 1, "the ring took some queries first");
        assertEquals(1, counters.queriesShed.get());
        assertEquals(MESSAGE_ID, session.errorId);
        assertSame(ResultErrors.LOAD, session.errorCode);
        assertEquals(1, counters.dataDropped.get());
        assertEquals(copied - 1, ring.read((type, buffer, index, length) -> assertEquals(MessageType.QUERY, type),
            Integer.MAX_VALUE));
    }

    @Test
    void shouldHoldAFloodingConnectionToItsShareAndLetAnotherIn()
    {
        final CvmRingShares shares = new CvmRingShares(CONNECTIONS, 3 * QUERY_RECORD_LENGTH);
        final CvmLaneHandler shared = new CvmLaneHandler(ring, shares, counters, new ThreadWaker());
        final RecordingSession other = new RecordingSession(CONNECTION_ID + 1);
        final QueryDecoder query = query(MessageFields.NULL_ADDRESS);

        for (int i = 0; i < 4; i++)
        {
            shared.onQuery(query, session);
        }
        shared.onQuery(query, other);

        assertEquals(1, session.errors, "the fourth query is past the flooding connection's share");
        assertSame(ResultErrors.LOAD, session.errorCode);
        assertEquals(0, other.errors, "the other connection has its own share");
        assertEquals(1, counters.queriesShed.get());
        final List<Long> connections = new ArrayList<>();
        assertEquals(4, ring.read((type, buffer, index, length) ->
        {
            final long connectionId = buffer.getLong(index + CvmRingDescriptor.CONNECTION_ID_OFFSET);
            connections.add(connectionId);
            shares.consumed(connectionId, length);
        }));
        assertEquals(List.of(CONNECTION_ID, CONNECTION_ID, CONNECTION_ID, CONNECTION_ID + 1), connections);

        shared.onQuery(query, session);

        assertEquals(1, session.errors, "read, the records give the share back");
        assertEquals(1, ring.read((type, buffer, index, length) -> {}));
    }

    private QueryDecoder query(final long address)
    {
        final UnsafeBuffer form = new UnsafeBuffer(new byte[16]);
        final int formLength = CellEncoder.writeLong(form, 0, 3);
        final QueryEncoder encoder = new QueryEncoder().wrap(scratch, 0).id(MESSAGE_ID).form(form, 0, formLength);
        if (MessageFields.NULL_ADDRESS == address)
        {
            encoder.addressNil();
        }
        else
        {
            encoder.address(address);
        }
        final QueryDecoder decoder = new QueryDecoder();
        assertTrue(decoder.wrap(scratch, 0, encoder.encodedLength()) > 0);
        return decoder;
    }

    private static DataDecoder data()
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8192]);
        final int length = CellEncoder.writeString(payload, 0, "x".repeat(4000));
        final DataDecoder decoder = new DataDecoder();
        assertTrue(decoder.wrap(payload, 0, length) > 0);
        return decoder;
    }

    /** A lane's session that records the error answers. */
    private static final class RecordingSession implements PeerSession
    {
        final long connectionId;
        int errors;
        long errorId;
        DirectBuffer errorCode;

        RecordingSession(final long connectionId)
        {
            this.connectionId = connectionId;
        }

        @Override
        public long connectionId()
        {
            return connectionId;
        }

        @Override
        public boolean isTrusted()
        {
            return false;
        }

        @Override
        public long result(final long id, final DirectBuffer value, final int offset, final int length)
        {
            return 1;
        }

        @Override
        public long resultRef(final long id, final DirectBuffer valueId, final int valueIdOffset)
        {
            return 1;
        }

        @Override
        public long error(final long id, final DirectBuffer code, final DirectBuffer message)
        {
            errors++;
            errorId = id;
            errorCode = code;
            return 1;
        }
    }
}
