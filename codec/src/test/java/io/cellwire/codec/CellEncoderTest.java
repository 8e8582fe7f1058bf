package io.cellwire.codec;

import java.util.Set;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import convex.core.data.ABlob;
import convex.core.data.ACell;
import convex.core.data.ACountable;
import convex.core.data.AString;
import convex.core.data.Address;
import convex.core.data.Keyword;
import convex.core.data.Strings;
import convex.core.data.Symbol;
import convex.core.data.prim.CVMBool;
import convex.core.data.prim.CVMByte;
import convex.core.data.prim.CVMChar;
import convex.core.data.prim.CVMDouble;
import convex.core.data.prim.CVMLong;
import convex.core.transactions.Transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The flat writers and in-place headers of {@link CellEncoder} against the golden rows and the reference.
 */
class CellEncoderTest
{
    private static final Set<String> FLAT_KINDS = Set.of(
        "nil", "bool", "byte", "long", "double", "char", "address", "blob", "string", "symbol", "keyword",
        "tx.transfer");
    private static final int SLACK = 16;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CellEncoder.MAX_FLAT_CELL_LENGTH + SLACK]);

    @TestFactory
    Stream<DynamicTest> shouldWriteEveryFlatGoldenCellLikeReference()
    {
        return Vectors.cells().stream()
            .filter(CellEncoderTest::isFlat)
            .map((row) -> DynamicTest.dynamicTest(
                "shouldWrite[" + row.name() + "]LikeReference",
                () -> assertEquals(row.hex(), Hex.of(buffer, 0, write(Reference.decode(row.hex()))))));
    }

    @Test
    void shouldWriteEveryNaNAsTheCanonicalNaN()
    {
        final long[] nans = { 0x7ff0000000000001L, 0x7fffffffffffffffL, 0xfff8000000000000L, 0xfff0000000000001L };
        for (final long bits : nans)
        {
            final int length = CellEncoder.writeDouble(buffer, 0, Double.longBitsToDouble(bits));
            assertEquals(CellEncoder.DOUBLE_CELL_LENGTH, length);
            assertEquals("0d7ff8000000000000", Hex.of(buffer, 0, CellEncoder.DOUBLE_CELL_LENGTH));
        }
    }

    @Test
    void shouldKeepNegativeZeroDistinctFromZero()
    {
        CellEncoder.writeDouble(buffer, 0, -0.0);
        assertEquals("0d8000000000000000", Hex.of(buffer, 0, CellEncoder.DOUBLE_CELL_LENGTH));
    }

    @Test
    void shouldWriteCharZeroAndLargestCodePointInFewestBytes()
    {
        assertEquals("3c00", Hex.of(buffer, 0, CellEncoder.writeChar(buffer, 0, 0)));
        assertEquals("3e01f600", Hex.of(buffer, 0, CellEncoder.writeChar(buffer, 0, 0x1f600)));
        assertEquals("3e10ffff", Hex.of(buffer, 0, CellEncoder.writeChar(buffer, 0, CellDescriptor.MAX_CODE_POINT)));
    }

    @Test
    void shouldRejectCodePointsOutsideUnicode()
    {
        assertEquals(EncodeError.BAD_CODE_POINT, EncodeError.of(CellEncoder.writeChar(buffer, 0, -1)));
        assertEquals(
            EncodeError.BAD_CODE_POINT,
            EncodeError.of(CellEncoder.writeChar(buffer, 0, CellDescriptor.MAX_CODE_POINT + 1)));
    }

    @Test
    void shouldRejectNegativeAddressOriginAndTarget()
    {
        assertEquals(EncodeError.NEGATIVE_ADDRESS, EncodeError.of(CellEncoder.writeAddress(buffer, 0, -1)));
        assertEquals(EncodeError.NEGATIVE_ADDRESS, EncodeError.of(CellEncoder.writeTransfer(buffer, 0, -1, 1, 12, 1)));
        assertEquals(EncodeError.NEGATIVE_ADDRESS, EncodeError.of(CellEncoder.writeTransfer(buffer, 0, 11, 1, -1, 1)));
        assertEquals(EncodeError.NEGATIVE_ADDRESS, EncodeError.of(CellEncoder.writeInvokeHeader(buffer, 0, -1, 1)));
    }

    @Test
    void shouldRejectTransferAmountOutsideTheSupply()
    {
        assertEquals(EncodeError.BAD_AMOUNT, EncodeError.of(CellEncoder.writeTransfer(buffer, 0, 11, 1, 12, -1)));
        assertEquals(
            EncodeError.BAD_AMOUNT,
            EncodeError.of(CellEncoder.writeTransfer(buffer, 0, 11, 1, 12, CellDescriptor.MAX_SUPPLY + 1)));
    }

    @Test
    void shouldRejectEmptyAndOverlongNamesCountingUtf8Bytes()
    {
        assertEquals(EncodeError.BAD_NAME_LENGTH, EncodeError.of(CellEncoder.writeSymbol(buffer, 0, "")));
        assertEquals(EncodeError.BAD_NAME_LENGTH, EncodeError.of(CellEncoder.writeKeyword(buffer, 0, "a".repeat(129))));
        final String euros43 = "\u20ac".repeat(43);
        assertEquals(EncodeError.BAD_NAME_LENGTH, EncodeError.of(CellEncoder.writeSymbol(buffer, 0, euros43)));
        assertEquals(2 + 126, CellEncoder.writeSymbol(buffer, 0, "\u20ac".repeat(42)));
        assertEquals(Reference.hex(Symbol.create("\u20ac".repeat(42))), Hex.of(buffer, 0, 2 + 126));
    }

    @Test
    void shouldRefuseFlatBlobsAndStringsOverOneChunk()
    {
        final UnsafeBuffer big = new UnsafeBuffer(new byte[CellDescriptor.BLOB_CHUNK_LENGTH + 1]);
        assertEquals(
            EncodeError.TOO_LONG_FOR_FLAT, EncodeError.of(CellEncoder.writeBlob(buffer, 0, big, 0, big.capacity())));
        assertEquals(
            EncodeError.TOO_LONG_FOR_FLAT,
            EncodeError.of(CellEncoder.writeString(buffer, 0, "x".repeat(CellDescriptor.BLOB_CHUNK_LENGTH + 1))));
        assertEquals(EncodeError.BAD_COUNT, EncodeError.of(CellEncoder.writeBlob(buffer, 0, big, 0, -1)));
    }

    @Test
    void shouldReportInsufficientCapacityAndWriteNothing()
    {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[4]);
        assertEquals(
            EncodeError.INSUFFICIENT_CAPACITY, EncodeError.of(CellEncoder.writeLong(small, 0, Long.MAX_VALUE)));
        assertEquals(EncodeError.INSUFFICIENT_CAPACITY, EncodeError.of(CellEncoder.writeDouble(small, 0, 1.0)));
        assertEquals(EncodeError.INSUFFICIENT_CAPACITY, EncodeError.of(CellEncoder.writeString(small, 1, "abc")));
        assertEquals(EncodeError.INSUFFICIENT_CAPACITY, EncodeError.of(CellEncoder.writeNil(small, 4)));
        assertEquals(EncodeError.INSUFFICIENT_CAPACITY, EncodeError.of(CellEncoder.writeNil(small, -1)));
        assertEquals("00000000", Hex.of(small, 0, small.capacity()));
        assertEquals(4, CellEncoder.writeLong(small, 0, (1 << 20) - 1));
    }

    @Test
    void shouldWriteUtf8LikeJavaForSurrogatePairsAndLoneSurrogates()
    {
        final String[] values = { "a\ud83d\ude00b", "\ud800", "x\udc00y", "end\ud83d", "\udc00\ud800", "\u07ff\u0800" };
        for (final String value : values)
        {
            final int length = CellEncoder.writeString(buffer, 0, value);
            assertEquals(Reference.hex(Strings.create(value)), Hex.of(buffer, 0, length), value);
        }
    }

    @Test
    void shouldWriteResultRecordInPlace()
    {
        int at = CellEncoder.writeResultHeader(buffer, 0);
        at += CellEncoder.writeLong(buffer, at, 1);
        at += CellEncoder.writeLong(buffer, at, 3);
        at += CellEncoder.writeNil(buffer, at);
        at += CellEncoder.writeNil(buffer, at);
        assertEquals(Vectors.cell("result.ok").hex(), Hex.of(buffer, 0, at));
    }

    @Test
    void shouldWriteQueryPayloadInPlaceWithTheFormInItsRefSlot()
    {
        final UnsafeBuffer form = Hex.buffer("81030902090132012b");
        int at = CellEncoder.writeVectorLeafHeader(buffer, 0, 3);
        at += CellEncoder.writeLong(buffer, at, 3);
        at += CellEncoder.writeRefSlot(buffer, at, form, 0, form.capacity(), new ValueIdDigest());
        at += CellEncoder.writeNil(buffer, at);
        assertEquals(payloadHex("frame.QUERY.noaddr.QUERY"), Hex.of(buffer, 0, at));
    }

    @Test
    void shouldWriteSignedDataInPlaceWithItsLargeValueByRef()
    {
        final UnsafeBuffer signed = Vectors.cell("signed.blob200").buffer();
        final UnsafeBuffer value = Vectors.cell("signed.blob200/r0").buffer();
        final int keyOffset = 1;
        final int signatureOffset = keyOffset + CellDescriptor.PUBLIC_KEY_LENGTH;
        int at = CellEncoder.writeSignedDataHeader(buffer, 0, signed, keyOffset, signed, signatureOffset);
        at += CellEncoder.writeRefSlot(buffer, at, value, 0, value.capacity(), new ValueIdDigest());
        assertEquals(Vectors.cell("signed.blob200").hex(), Hex.of(buffer, 0, at));
    }

    @Test
    void shouldWriteInvokeInPlaceWithItsCommandInline()
    {
        final UnsafeBuffer command = Hex.buffer("81030902090132012b");
        int at = CellEncoder.writeInvokeHeader(buffer, 0, 11, 1);
        buffer.putBytes(at, command, 0, command.capacity());
        at += command.capacity();
        assertEquals(Vectors.cell("tx.invoke.seq1").hex(), Hex.of(buffer, 0, at));
    }

    @Test
    void shouldRejectVectorLeafHeaderBeyondOneLeaf()
    {
        assertEquals(EncodeError.BAD_COUNT, EncodeError.of(CellEncoder.writeVectorLeafHeader(buffer, 0, 17)));
        assertEquals(EncodeError.BAD_COUNT, EncodeError.of(CellEncoder.writeVectorLeafHeader(buffer, 0, -1)));
        assertEquals("8010", Hex.of(buffer, 0, CellEncoder.writeVectorLeafHeader(buffer, 0, 16)));
    }

    @Test
    void shouldTurnEveryCodeBackIntoItsReason()
    {
        for (final EncodeError error : EncodeError.values())
        {
            assertTrue(error.code() < 0);
            assertEquals(error, EncodeError.of(error.code()));
        }
    }

    private static boolean isFlat(final Vectors.Cell row)
    {
        if (!FLAT_KINDS.contains(row.kind()))
        {
            return false;
        }
        final ACell value = Reference.decode(row.hex());
        return !(value instanceof ACountable) || ((ACountable<?>)value).count() <= CellDescriptor.BLOB_CHUNK_LENGTH;
    }

    static String payloadHex(final String frameRow)
    {
        final UnsafeBuffer frame = Vectors.cell(frameRow).buffer();
        final int headerLength = FrameHeader.headerLength(frame, 0, frame.capacity());
        final int payload = headerLength + 1;
        return Hex.of(frame, payload, frame.capacity() - payload);
    }

    private int write(final ACell value)
    {
        final int length;
        if (value == null)
        {
            length = CellEncoder.writeNil(buffer, 0);
        }
        else if (value instanceof CVMBool)
        {
            length = CellEncoder.writeBoolean(buffer, 0, ((CVMBool)value).booleanValue());
        }
        else if (value instanceof CVMByte)
        {
            length = CellEncoder.writeByte(buffer, 0, ((CVMByte)value).byteValue());
        }
        else if (value instanceof CVMLong)
        {
            length = CellEncoder.writeLong(buffer, 0, ((CVMLong)value).longValue());
        }
        else if (value instanceof CVMDouble)
        {
            length = CellEncoder.writeDouble(buffer, 0, ((CVMDouble)value).doubleValue());
        }
        else if (value instanceof CVMChar)
        {
            length = CellEncoder.writeChar(buffer, 0, ((CVMChar)value).getCodePoint());
        }
        else if (value instanceof Address)
        {
            length = CellEncoder.writeAddress(buffer, 0, ((Address)value).longValue());
        }
        else if (value instanceof AString)
        {
            final byte[] utf8 = ((AString)value).toBlob().getBytes();
            final int fromUtf8 = CellEncoder.writeStringUtf8(buffer, 0, new UnsafeBuffer(utf8), 0, utf8.length);
            final String fromUtf8Hex = Hex.of(buffer, 0, fromUtf8);
            length = CellEncoder.writeString(buffer, 0, value.toString());
            assertEquals(fromUtf8Hex, Hex.of(buffer, 0, length), "from chars and from UTF-8");
        }
        else if (value instanceof ABlob)
        {
            final byte[] bytes = ((ABlob)value).getBytes();
            length = CellEncoder.writeBlob(buffer, 0, new UnsafeBuffer(bytes), 0, bytes.length);
        }
        else if (value instanceof Symbol)
        {
            length = CellEncoder.writeSymbol(buffer, 0, ((Symbol)value).getName().toString());
        }
        else if (value instanceof Keyword)
        {
            length = CellEncoder.writeKeyword(buffer, 0, ((Keyword)value).getName().toString());
        }
        else if (value instanceof Transfer)
        {
            final Transfer transfer = (Transfer)value;
            length = CellEncoder.writeTransfer(
                buffer,
                0,
                transfer.getOrigin().longValue(),
                transfer.getSequence(),
                transfer.getTarget().longValue(),
                transfer.getAmount());
        }
        else
        {
            return fail("no flat writer for " + value.getClass());
        }
        assertTrue(length > 0, () -> "write failed: " + EncodeError.of(length));
        return length;
    }
}
