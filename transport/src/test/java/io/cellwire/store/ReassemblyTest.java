package io.cellwire.store;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.DecodeError;
import io.cellwire.codec.EncodedCells;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.MessageSplitter;
import io.cellwire.codec.ValueEncoder;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageDispatcher;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.ResultDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values far larger than a frame go through split → frames → store → reassembly and arrive complete, with the same
 * value ID on both sides; a frame held back is named by the resolver as missing until it arrives.
 */
class ReassemblyTest
{
    private final ValueEncoder encoder = new ValueEncoder(1 << 20, 4096);
    private final UnsafeBuffer wire = new UnsafeBuffer(new byte[1 << 21]);
    private final CellStore store = new CellStore(1 << 21, 8192);
    private final DependencyResolver resolver = new DependencyResolver(store, 4096);
    private final MessageDispatcher dispatcher = new MessageDispatcher();
    private final ValueIdDigest digest = new ValueIdDigest();
    private final Receiver receiver = new Receiver();

    @AfterEach
    void close()
    {
        store.close();
    }

    @Test
    void shouldReassembleA100KilobyteBlob()
    {
        final UnsafeBuffer blob = new UnsafeBuffer(new byte[100 * 1024]);
        for (int i = 0; i < blob.capacity(); i++)
        {
            blob.putByte(i, (byte)(i * 7 + (i >> 9)));
        }
        encoder.reset();
        encoder.pushBlob(blob, 0, blob.capacity());
        assertRoundTrip(27);
    }

    @Test
    void shouldReassembleAVectorOfTenThousandLongs()
    {
        final long[] values = new long[10_000];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = i * 1_000_003L;
        }
        encoder.reset();
        encoder.pushVectorOfLongs(values, 0, values.length);
        assertRoundTrip(-1);
    }

    @Test
    void shouldReassembleAMapOfAThousandEntries()
    {
        encoder.reset();
        for (int i = 0; i < 1000; i++)
        {
            encoder.pushLong(i);
            encoder.pushString("value-" + i);
        }
        encoder.pushMap(1000);
        assertRoundTrip(-1);
    }

    @Test
    void shouldNameTheMissingCellUntilItsDataArrives()
    {
        final UnsafeBuffer blob = new UnsafeBuffer(new byte[3 * 4096]);
        for (int i = 0; i < blob.capacity(); i++)
        {
            blob.putByte(i, (byte)(i / 4096 + i));
        }
        encoder.reset();
        encoder.pushLong(9);
        encoder.pushBlob(blob, 0, blob.capacity());
        encoder.pushNil();
        encoder.pushNil();
        encoder.pushResult();
        assertTrue(encoder.finish() > 0);
        final EncodedCells cells = encoder.cells();
        final int length = MessageSplitter.writeFrames(cells, MessageType.RESULT, wire, 0);
        final List<int[]> frames = frames(length);
        assertEquals(4, frames.size(), "three chunks, then the RESULT with the tree node inline");

        final int[] heldBack = frames.get(1);
        for (final int[] frame : frames)
        {
            if (frame != heldBack)
            {
                assertTrue(dispatcher.dispatchFrame(wire, frame[0], frame[1], receiver) > 0);
            }
        }
        assertEquals(1, receiver.missing, "one chunk missing");
        final UnsafeBuffer heldBackId = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
        final int payload = heldBack[0] + FrameHeader.headerLength(wire, heldBack[0], heldBack[0] + 2) + 1;
        digest.valueId(wire, payload, heldBack[0] + heldBack[1] - payload, heldBackId, 0);
        final UnsafeBuffer firstMissing = new UnsafeBuffer(resolver.missingIds(), 0, CellDescriptor.VALUE_ID_LENGTH);
        assertEquals(0, heldBackId.compareTo(firstMissing));

        assertTrue(dispatcher.dispatchFrame(wire, heldBack[0], heldBack[1], receiver) > 0);
        final int[] result = frames.get(frames.size() - 1);
        assertTrue(dispatcher.dispatchFrame(wire, result[0], result[1], receiver) > 0);
        assertEquals(0, receiver.missing, "complete once the chunk arrives");
        assertEquals(9, receiver.resultId);
    }

    private void assertRoundTrip(final int expectedChildren)
    {
        assertTrue(encoder.finish() > 0);
        final EncodedCells cells = encoder.cells();
        if (expectedChildren >= 0)
        {
            assertEquals(expectedChildren, cells.childCount());
        }
        assertTrue(cells.childCount() > 1, "the value needs more than one frame");
        final UnsafeBuffer sentId = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
        cells.topValueId(sentId, 0);

        final int length = MessageSplitter.writeFrames(cells, MessageType.DATA, wire, 0);
        assertEquals(MessageSplitter.framedLength(cells), length);
        final List<int[]> frames = frames(length);
        for (final int[] frame : frames)
        {
            final int type = dispatcher.dispatchFrame(wire, frame[0], frame[1], receiver);
            assertEquals(MessageType.DATA, type, () -> DecodeError.of(type).name());
        }
        assertEquals(0, receiver.missing, "every dependency arrived before the top cell");
        assertEquals(0, sentId.compareTo(receiver.lastId), "same value ID on both sides");
        assertEquals(cells.childCount() + 1, store.size());
    }

    private List<int[]> frames(final int length)
    {
        final List<int[]> frames = new ArrayList<>();
        int at = 0;
        while (at < length)
        {
            final int header = FrameHeader.headerLength(wire, at, length);
            final int frameLength = header + FrameHeader.frameLength(wire, at, header);
            frames.add(new int[]{ at, frameLength });
            at += frameLength;
        }
        return frames;
    }

    /** A receiver: stores every DATA cell, then checks what the message still lacks. */
    private final class Receiver implements MessageHandler
    {
        private final UnsafeBuffer lastId = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
        private int missing = -1;
        private long resultId;

        @Override
        public void onData(final DataDecoder decoder)
        {
            store.put(decoder.buffer(), decoder.cellOffset(), decoder.cellLength());
            digest.valueId(decoder.buffer(), decoder.cellOffset(), decoder.cellLength(), lastId, 0);
            missing = resolver.resolve(decoder.refs());
        }

        @Override
        public void onResult(final ResultDecoder decoder)
        {
            resultId = decoder.id();
            missing = resolver.resolve(decoder.refs());
        }
    }
}
