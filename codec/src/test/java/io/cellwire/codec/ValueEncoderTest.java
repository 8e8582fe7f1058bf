package io.cellwire.codec;

import java.util.Random;
import java.util.TreeSet;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import convex.core.data.ABlob;
import convex.core.data.ACell;
import convex.core.data.AHashMap;
import convex.core.data.AString;
import convex.core.data.AVector;
import convex.core.data.Blob;
import convex.core.data.Blobs;
import convex.core.data.Maps;
import convex.core.data.Sets;
import convex.core.data.Strings;
import convex.core.data.prim.CVMLong;
import convex.core.store.AStore;
import convex.core.store.Stores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One behaviour of {@link ValueEncoder} per test: the hot-path payloads, large values, child emission, and the
 * errors it reports.
 */
class ValueEncoderTest
{
    private static final long SEED = 0x5eed_cafeL;

    private static AStore previousStore;

    private final ValueEncoder encoder = new ValueEncoder();

    @BeforeAll
    static void installStore()
    {
        previousStore = Reference.installStore();
    }

    @AfterAll
    static void restoreStore()
    {
        Stores.setCurrent(previousStore);
    }

    @Test
    void shouldEncodeVectorTreeOf4096LongsLikeReference()
    {
        encoder.pushVectorOfLongs(sequence(4096), 0, 4096);
        encoder.finish();

        Reference.assertCells(
            encoder.cells(), row("vector.longs4096").hex(), Reference.childHexes("vector.longs4096"), true);
        assertEquals(16, encoder.cells().childCount());
    }

    @Test
    void shouldEncodeVectorOf4097LongsAsOneItemAndAPrefixTreeSentLast()
    {
        encoder.pushVectorOfLongs(sequence(4097), 0, 4097);
        encoder.finish();

        final EncodedCells cells = encoder.cells();
        Reference.assertCells(cells, row("vector.longs4097").hex(), Reference.childHexes("vector.longs4097"), true);
        assertEquals(17, cells.childCount());
        assertEquals(
            row("vector.longs4097/r0").hex(),
            Hex.of(cells.buffer(), cells.childOffset(16), cells.childLength(16)),
            "the 4096-tree comes after its sixteen 256-trees");
    }

    @Test
    void shouldEncodeVectorOf10000LongsLikeReference()
    {
        final long[] values = new Random(SEED).longs(10_000).toArray();
        final CVMLong[] cells = new CVMLong[values.length];
        for (int i = 0; i < values.length; i++)
        {
            cells[i] = CVMLong.create(values[i]);
        }
        final AVector<CVMLong> reference = convex.core.data.Vectors.create(cells);

        encoder.pushVectorOfLongs(values, 0, values.length);
        encoder.finish();

        Reference.assertCells(
            encoder.cells(), Reference.hex(reference), Reference.nonEmbeddedCells(reference), true);
    }

    @Test
    void shouldEncode100KiBBlobAsTreeOfChunkCells()
    {
        final byte[] bytes = new byte[100 * 1024];
        new Random(SEED).nextBytes(bytes);
        final ABlob reference = Blobs.toCanonical(Blob.wrap(bytes));

        encoder.pushBlob(new UnsafeBuffer(bytes), 0, bytes.length);
        encoder.finish();

        Reference.assertCells(encoder.cells(), Reference.hex(reference), Reference.nonEmbeddedCells(reference), true);
        assertEquals(25 + 2, encoder.cells().childCount(), "25 chunks and 2 sub-trees");
    }

    @Test
    void shouldEncodeStringTreeFromCharsLikeReference()
    {
        final String value = "\u20ac\ud83d\ude00a".repeat(1500);
        final AString reference = Strings.create(value);

        encoder.pushString(value);
        encoder.finish();

        Reference.assertCells(encoder.cells(), Reference.hex(reference), Reference.nonEmbeddedCells(reference), true);
    }

    @Test
    void shouldEncodeMapOf1000EntriesLikeReference()
    {
        final Random random = new Random(SEED);
        AHashMap<ACell, ACell> reference = Maps.empty();
        for (int i = 0; i < 1000; i++)
        {
            final long key = random.nextLong();
            final String value = "v" + i;
            reference = reference.assoc(CVMLong.create(key), Strings.create(value));
            encoder.pushLong(key);
            encoder.pushString(value);
        }
        encoder.pushMap(1000);
        encoder.finish();

        Reference.assertCells(encoder.cells(), Reference.hex(reference), Reference.nonEmbeddedCells(reference), true);
    }

    @Test
    void shouldEncodeQueryPayloadWithAPreEncodedForm()
    {
        final UnsafeBuffer form = Hex.buffer("81030902090132012b");
        encoder.pushLong(3);
        encoder.pushCell(form, 0, form.capacity());
        encoder.pushNil();
        encoder.pushVector(3);
        encoder.finish();

        Reference.assertCells(
            encoder.cells(), CellEncoderTest.payloadHex("frame.QUERY.noaddr.QUERY"), new TreeSet<>(), true);
        assertTrue(encoder.cells().isTopEmbedded());
    }

    @Test
    void shouldEncodeStatusReplyAsResultWithItsVectorOfFiveHashesByRef()
    {
        final String vectorHex = CellEncoderTest.payloadHex("frame.STATUS.reply#1of2.DATA");
        final UnsafeBuffer vector = Hex.buffer(vectorHex);
        final int firstBlob = 2;
        final int blobCellLength = 2 + CellDescriptor.VALUE_ID_LENGTH;
        encoder.pushLong(7);
        for (int i = 0; i < 5; i++)
        {
            encoder.pushBlob(vector, firstBlob + i * blobCellLength + 2, CellDescriptor.VALUE_ID_LENGTH);
        }
        assertEquals(172, encoder.pushVector(5));
        encoder.pushNil();
        encoder.pushNil();
        encoder.pushResult();
        encoder.finish();

        final TreeSet<String> children = new TreeSet<>();
        children.add(vectorHex);
        Reference.assertCells(
            encoder.cells(), CellEncoderTest.payloadHex("frame.STATUS.reply#2of2.RESULT"), children, true);
    }

    @Test
    void shouldEncodeTransactPayloadWithItsSignedDataByRef()
    {
        final String signedHex = CellEncoderTest.payloadHex("frame.TRANSACT#1of2.DATA");
        encoder.pushLong(4);
        Reference.feed(encoder, Reference.decode(signedHex));
        encoder.pushVector(2);
        encoder.finish();

        final TreeSet<String> children = new TreeSet<>();
        children.add(signedHex);
        Reference.assertCells(
            encoder.cells(), CellEncoderTest.payloadHex("frame.TRANSACT#2of2.TRANSACT"), children, true);
    }

    @Test
    void shouldSendSignedDataByRefEvenWhenItIsShorterThan141Bytes()
    {
        final String signedHex = row("signed.invoke").hex();
        assertTrue(signedHex.length() / 2 <= CellDescriptor.MAX_EMBEDDED_LENGTH);
        encoder.pushLong(1);
        Reference.feed(encoder, Reference.decode(signedHex));
        encoder.pushVector(2);
        encoder.finish();

        assertEquals(1, encoder.cells().childCount());
        final EncodedCells cells = encoder.cells();
        assertEquals(signedHex, Hex.of(cells.buffer(), cells.childOffset(0), cells.childLength(0)));
        assertEquals(2 + 2 + CellDescriptor.REF_LENGTH, encoder.cells().topLength());
    }

    @Test
    void shouldEmitARepeatedChildCellOnce()
    {
        final UnsafeBuffer blob = new UnsafeBuffer(new byte[200]);
        for (int i = 0; i < 3; i++)
        {
            encoder.pushBlob(blob, 0, blob.capacity());
        }
        encoder.pushVector(3);
        encoder.finish();

        assertEquals(1, encoder.cells().childCount());
        assertEquals(2 + 3 * CellDescriptor.REF_LENGTH, encoder.cells().topLength());
    }

    @Test
    void shouldKeepTheLastValueOfARepeatedMapKey()
    {
        encoder.pushLong(1);
        encoder.pushLong(10);
        encoder.pushLong(2);
        encoder.pushLong(20);
        encoder.pushLong(1);
        encoder.pushLong(30);
        encoder.pushMap(3);
        encoder.finish();

        assertTopEquals(Maps.of(1L, 30L, 2L, 20L));
    }

    @Test
    void shouldCountARepeatedSetElementOnce()
    {
        encoder.pushLong(1);
        encoder.pushLong(2);
        encoder.pushLong(1);
        encoder.pushSet(3);
        encoder.finish();

        assertTopEquals(Sets.of(1L, 2L));
    }

    @Test
    void shouldEncodeEmptyCollections()
    {
        final String[] expected = { "8000", "8100", "8200", "8300" };
        for (int i = 0; i < expected.length; i++)
        {
            encoder.reset();
            final int result = i == 0 ? encoder.pushVector(0) : i == 1 ? encoder.pushList(0) :
                i == 2 ? encoder.pushMap(0) : encoder.pushSet(0);
            assertEquals(2, result);
            encoder.finish();
            assertEquals(expected[i], Hex.of(encoder.cells().buffer(), encoder.cells().topOffset(), 2));
        }
    }

    @Test
    void shouldReportStackUnderflow()
    {
        encoder.pushLong(1);
        assertEquals(EncodeError.STACK_UNDERFLOW, EncodeError.of(encoder.pushVector(2)));
        assertEquals(EncodeError.STACK_UNDERFLOW, EncodeError.of(encoder.pushList(2)));
        assertEquals(EncodeError.STACK_UNDERFLOW, EncodeError.of(encoder.pushMap(1)));
        assertEquals(EncodeError.STACK_UNDERFLOW, EncodeError.of(encoder.pushResult()));
        assertEquals(EncodeError.STACK_UNDERFLOW, EncodeError.of(encoder.pushCall(11, 1, 0)));
        assertEquals(1, encoder.depth(), "nothing consumed");
    }

    @Test
    void shouldRefuseToFinishWithOtherThanOneValue()
    {
        assertEquals(EncodeError.NOT_ONE_VALUE, EncodeError.of(encoder.finish()));
        encoder.pushLong(1);
        encoder.pushLong(2);
        assertEquals(EncodeError.NOT_ONE_VALUE, EncodeError.of(encoder.finish()));
        assertFalse(encoder.cells().hasTop());
    }

    @Test
    void shouldRejectCallWhoseTargetIsNotAnAddress()
    {
        encoder.pushLong(9);
        encoder.pushSymbol("register");
        encoder.pushVector(0);
        assertEquals(EncodeError.WRONG_TYPE, EncodeError.of(encoder.pushCall(11, 4, 0)));
    }

    @Test
    void shouldRejectCallWithAnOfferTheReferenceWouldDrop()
    {
        encoder.pushAddress(9);
        encoder.pushSymbol("register");
        encoder.pushVector(0);
        assertEquals(EncodeError.BAD_AMOUNT, EncodeError.of(encoder.pushCall(11, 4, 5)));
        assertEquals(3, encoder.depth(), "nothing popped");
    }

    @Test
    void shouldRejectBadArgumentsWithTheirCodes()
    {
        assertEquals(EncodeError.NEGATIVE_ADDRESS, EncodeError.of(encoder.pushAddress(-1)));
        assertEquals(EncodeError.BAD_NAME_LENGTH, EncodeError.of(encoder.pushKeyword("")));
        assertEquals(EncodeError.BAD_CODE_POINT, EncodeError.of(encoder.pushChar(0x110000)));
        assertEquals(EncodeError.BAD_COUNT, EncodeError.of(encoder.pushVector(-1)));
        assertEquals(EncodeError.BAD_COUNT, EncodeError.of(encoder.pushVectorOfLongs(new long[2], 1, 2)));
        assertEquals(EncodeError.BAD_AMOUNT, EncodeError.of(encoder.pushTransfer(11, 1, 12, -5)));
        assertEquals(0, encoder.depth());
    }

    @Test
    void shouldEncodeTheSameValueAgainAfterReset()
    {
        final byte[] bytes = new byte[9000];
        new Random(SEED).nextBytes(bytes);
        encoder.pushBlob(new UnsafeBuffer(bytes), 0, bytes.length);
        encoder.finish();
        final String first = Hex.of(encoder.cells().buffer(), encoder.cells().topOffset(), encoder.cells().topLength());
        assertEquals(3, encoder.cells().childCount());

        encoder.reset();
        assertFalse(encoder.cells().hasTop());
        assertEquals(0, encoder.cells().childCount());
        encoder.pushBlob(new UnsafeBuffer(bytes), 0, bytes.length);
        encoder.finish();

        assertEquals(first, Hex.of(encoder.cells().buffer(), encoder.cells().topOffset(), encoder.cells().topLength()));
        assertEquals(3, encoder.cells().childCount(), "children deduplicated per value, not across resets");
    }

    @Test
    void shouldCopyTheTopCellOrReportInsufficientCapacity()
    {
        encoder.pushVectorOfLongs(sequence(3), 0, 3);
        encoder.finish();
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[9]);

        assertEquals(8, encoder.cells().copyTop(frame, 1));
        assertEquals("0080030900090109 02".replace(" ", ""), Hex.of(frame, 0, 9));
        assertEquals(EncodeError.INSUFFICIENT_CAPACITY, EncodeError.of(encoder.cells().copyTop(frame, 2)));
    }

    private void assertTopEquals(final ACell reference)
    {
        final EncodedCells cells = encoder.cells();
        assertEquals(Reference.hex(reference), Hex.of(cells.buffer(), cells.topOffset(), cells.topLength()));
    }

    private static Vectors.Cell row(final String name)
    {
        return Vectors.cell(name);
    }

    private static long[] sequence(final int count)
    {
        final long[] values = new long[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = i;
        }
        return values;
    }
}
