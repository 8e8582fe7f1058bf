package io.cellwire.codec;

import io.cellwire.codec.message.MessageType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** Every row of the reference's cells.tsv through the walker: lengths, value IDs, embedding, refs, rejections. */
class CellWalkerVectorsTest
{
    /** The reason we report for each invalid cell row; the reference's own verdict is in the row's note. */
    private static final Map<String, DecodeError> INVALID_CELLS = Map.ofEntries(
        entry("inv.tag.ff", DecodeError.UNKNOWN_TAG),
        entry("inv.tag.02", DecodeError.UNKNOWN_TAG),
        entry("inv.tag.34", DecodeError.UNKNOWN_TAG),
        entry("inv.tag.e0", DecodeError.UNKNOWN_TAG),
        entry("inv.tag.c0.command", DecodeError.UNKNOWN_TAG),
        entry("inv.tag.20.toplevel", DecodeError.REF_OUTSIDE_SLOT),
        entry("inv.nil.excess", DecodeError.TRAILING_BYTES),
        entry("inv.true.excess", DecodeError.TRAILING_BYTES),
        entry("inv.long.trunc", DecodeError.TRUNCATED),
        entry("inv.long.trunc2", DecodeError.TRUNCATED),
        entry("inv.long.nonminimal+", DecodeError.VLC_NOT_MINIMAL),
        entry("inv.long.nonminimal-", DecodeError.VLC_NOT_MINIMAL),
        entry("inv.long.nonminimal64", DecodeError.VLC_NOT_MINIMAL),
        entry("inv.long.toolong", DecodeError.VLC_TOO_LONG),
        entry("inv.long.overflow", DecodeError.VLC_OVERFLOW),
        entry("inv.long.excess", DecodeError.TRAILING_BYTES),
        entry("inv.double.trunc", DecodeError.TRUNCATED),
        entry("inv.double.nan", DecodeError.NON_CANONICAL_NAN),
        entry("inv.char.leadingzero", DecodeError.CHAR_NOT_MINIMAL),
        entry("inv.char.range", DecodeError.CHAR_OUT_OF_RANGE),
        entry("inv.byte.trunc", DecodeError.TRUNCATED),
        entry("inv.blob.trunc", DecodeError.TRUNCATED),
        entry("inv.blob.excess", DecodeError.TRAILING_BYTES),
        entry("inv.blob.nonminimal", DecodeError.VLC_NOT_MINIMAL),
        entry("inv.blob.nonminimal.nested", DecodeError.VLC_NOT_MINIMAL),
        entry("inv.blob.negative", DecodeError.NEGATIVE_COUNT),
        entry("inv.blob.hugelen", DecodeError.TRUNCATED),
        entry("inv.string.toolong", DecodeError.COUNT_TOO_LARGE),
        entry("inv.symbol.empty", DecodeError.BAD_NAME_LENGTH),
        entry("inv.address.negative", DecodeError.NEGATIVE_ADDRESS),
        entry("inv.vector.excess", DecodeError.TRAILING_BYTES),
        entry("inv.vector.countmax", DecodeError.TRUNCATED),
        entry("inv.vector.tree.children.longs", DecodeError.BAD_CHILD_TYPE),
        entry("inv.vector.inline.nonembedded", DecodeError.NON_EMBEDDED_INLINE),
        entry("inv.map.unsorted", DecodeError.UNSORTED_ENTRIES),
        entry("inv.map.count9leaf", DecodeError.BAD_CHILD_TYPE),
        entry("inv.map.tree.hugecount", DecodeError.BAD_TREE_DIGIT),
        entry("inv.map.tree.maskmismatch", DecodeError.BAD_TREE_DIGIT),
        entry("inv.syntax.emptymeta", DecodeError.BAD_SYNTAX_META),
        entry("inv.syntax.meta.notmap", DecodeError.BAD_SYNTAX_META),
        entry("inv.signed.trunc", DecodeError.TRUNCATED),
        entry("inv.order.cp>count", DecodeError.BAD_ORDER_POINTS),
        entry("inv.order.pp<cp", DecodeError.BAD_ORDER_POINTS),
        entry("inv.transfer.oversupply", DecodeError.BAD_AMOUNT),
        entry("inv.invoke.negorigin", DecodeError.NEGATIVE_ORIGIN),
        entry("inv.op.unknown", DecodeError.UNKNOWN_OPCODE),
        entry("inv.blockresult.nullstate", DecodeError.NULL_FIELD),
        entry("inv.belief.nullorders", DecodeError.NULL_FIELD),
        entry("inv.blobmap.badentry", DecodeError.BAD_BLOB_MAP_ENTRY),
        entry("inv.accountstatus.trunc", DecodeError.TRUNCATED));

    /** Valid encodings that the 0.7.9 reader itself cannot decode, so a strict decoder rejects them too. */
    private static final Map<String, DecodeError> UNREADABLE_CELLS = Map.of(
        "signature", DecodeError.SIGNATURE_CELL,
        "op.(let [a 1] (set! a 2))", DecodeError.UNKNOWN_OPCODE);

    private static final Map<String, DecodeError> INVALID_FRAMES = Map.of(
        "invf.len0", DecodeError.FRAME_ZERO_LENGTH,
        "invf.nonminimal.len", DecodeError.FRAME_HEADER_NOT_MINIMAL,
        "invf.type0", DecodeError.UNKNOWN_MESSAGE_TYPE,
        "invf.L1.nopayload", DecodeError.EMPTY_PAYLOAD,
        "invf.badpayload", DecodeError.UNKNOWN_TAG,
        "invf.payload.excess", DecodeError.TRAILING_BYTES,
        "invf.truncated", DecodeError.TRUNCATED);

    private final CellWalker walker = new CellWalker();
    private final ValueIdDigest digest = new ValueIdDigest();
    private final RefList refs = new RefList();

    @TestFactory
    Stream<DynamicTest> shouldWalkEveryValidCellToItsLengthWithReferenceValueIdAndRefs()
    {
        return Vectors.cells().stream()
            .filter(Vectors.Cell::isCell)
            .filter(c -> !UNREADABLE_CELLS.containsKey(c.name()))
            .map(c -> dynamicTest(c.name(), () ->
            {
                final UnsafeBuffer buffer = c.buffer();
                refs.clear();
                final int length = walker.walkExact(buffer, 0, buffer.capacity(), refs);
                assertEquals(buffer.capacity(), length, () -> c.name() + " " + reason(length));
                assertEquals(c.valueId(), valueId(buffer), "value id");
                final int tag = buffer.getByte(0) & 0xff;
                assertEquals(Boolean.parseBoolean(c.embedded()), CellWalker.isEmbedded(tag, length), "embedded");
                assertEquals(c.refs(), refs.count(), "refs");
            }));
    }

    @TestFactory
    Stream<DynamicTest> shouldRejectEveryInvalidCellWithItsReason()
    {
        return Vectors.cells().stream()
            .filter(c -> c.kind().equals("invalid") && !c.name().equals("inv.vector.embedded.as.ref"))
            .map(c -> dynamicTest(c.name(), () ->
            {
                final DecodeError expected = INVALID_CELLS.get(c.name());
                assertTrue(expected != null, "no expected reason for " + c.name());
                final UnsafeBuffer buffer = c.buffer();
                assertEquals(expected, DecodeError.of(walker.walkExact(buffer, 0, buffer.capacity(), refs)));
            }));
    }

    @Test
    void shouldCoverEveryInvalidCellRow()
    {
        final long rows = Vectors.cells().stream().filter(c -> c.kind().equals("invalid")).count();
        assertEquals(rows, INVALID_CELLS.size() + 1, "every invalid row has an expected reason");
    }

    @TestFactory
    Stream<DynamicTest> shouldRejectCellsThatTheReferenceCannotRead()
    {
        return UNREADABLE_CELLS.entrySet().stream().map(e -> dynamicTest(e.getKey(), () ->
        {
            final UnsafeBuffer buffer = Vectors.cell(e.getKey()).buffer();
            assertEquals(e.getValue(), DecodeError.of(walker.walkExact(buffer, 0, buffer.capacity(), refs)));
        }));
    }

    @Test
    void shouldRejectRefToEmbeddableCellOnceResolved()
    {
        final UnsafeBuffer buffer = Vectors.cell("inv.vector.embedded.as.ref").buffer();
        refs.clear();
        assertEquals(buffer.capacity(), walker.walkExact(buffer, 0, buffer.capacity(), refs));
        assertEquals(1, refs.count());
        final UnsafeBuffer target = new UnsafeBuffer(HexFormat.of().parseHex("0901"));
        final UnsafeBuffer targetId = new UnsafeBuffer(new byte[32]);
        digest.valueId(target, 0, 2, targetId, 0);
        assertEquals(0, targetId.compareTo(new UnsafeBuffer(buffer, refs.valueIdOffset(0), 32)));
        assertEquals(DecodeError.EMBEDDED_AS_REF, DecodeError.of(CellWalker.checkRefTarget(0x09, 2)));
        final Vectors.Cell child = Vectors.cell("vector.[200Bblob 7]/r0");
        assertEquals(0, CellWalker.checkRefTarget(0x31, child.bytes().length));
    }

    @TestFactory
    Stream<DynamicTest> shouldParseEveryReferenceFrame()
    {
        return Vectors.cells().stream().filter(Vectors.Cell::isFrame).map(c -> dynamicTest(c.name(), () ->
        {
            final UnsafeBuffer buffer = c.buffer();
            refs.clear();
            final int payload = FrameValidator.validate(walker, buffer, 0, buffer.capacity(), refs);
            assertTrue(payload > 0, () -> c.name() + " " + reason(payload));
            final int headerLength = FrameHeader.headerLength(buffer, 0, buffer.capacity());
            assertEquals(buffer.capacity() - headerLength, FrameHeader.frameLength(buffer, 0, headerLength));
            final String type = c.name().substring(c.name().lastIndexOf('.') + 1);
            assertEquals(type, MessageType.name(buffer.getByte(headerLength) & 0xff));
            if (c.refs() >= 0)
            {
                assertEquals(c.refs(), refs.count(), "refs");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> shouldWriteReferenceFrameHeaders()
    {
        return Vectors.cells().stream().filter(c -> c.kind().equals("frame-header")).map(c -> dynamicTest(c.name(),
            () ->
            {
                final int length = Integer.parseInt(c.name().substring("frameheader.L".length()));
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[3]);
                final int written = FrameHeader.write(buffer, 0, length, MessageType.DATA);
                assertEquals(c.hex(), HexFormat.of().formatHex(buffer.byteArray(), 0, written - 1));
                assertEquals(written - 1, FrameHeader.headerLength(buffer, 0, written));
                assertEquals(length, FrameHeader.frameLength(buffer, 0, written - 1));
            }));
    }

    @Test
    void shouldRefuseToWriteFrameLengthsTheReferenceRefuses()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[3]);
        assertEquals(DecodeError.FRAME_ZERO_LENGTH, DecodeError.of(FrameHeader.write(buffer, 0, 0, MessageType.DATA)));
        assertEquals(DecodeError.FRAME_TOO_LONG, DecodeError.of(FrameHeader.write(buffer, 0, 8192, MessageType.DATA)));
    }

    @TestFactory
    Stream<DynamicTest> shouldRejectEveryInvalidFrameWithItsReason()
    {
        return INVALID_FRAMES.entrySet().stream().map(e -> dynamicTest(e.getKey(), () ->
        {
            final UnsafeBuffer buffer = Vectors.cell(e.getKey()).buffer();
            assertEquals(e.getValue(),
                DecodeError.of(FrameValidator.validate(walker, buffer, 0, buffer.capacity(), refs)));
        }));
    }

    @Test
    void shouldAcceptMissingDataFrameWithNonHashPayloadAtFrameLevel()
    {
        final UnsafeBuffer buffer = Vectors.cell("invf.missingdata.notHash").buffer();
        assertEquals(2, FrameValidator.validate(walker, buffer, 0, buffer.capacity(), refs));
    }

    private String valueId(final UnsafeBuffer buffer)
    {
        final byte[] id = new byte[32];
        digest.valueId(buffer, 0, buffer.capacity(), id, 0);
        return HexFormat.of().formatHex(id);
    }

    private static String reason(final int code)
    {
        return code < 0 ? DecodeError.of(code).name() : Integer.toString(code);
    }
}
