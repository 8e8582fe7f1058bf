package io.cellwire.codec;

import convex.core.data.ACell;
import convex.core.data.Blob;
import convex.core.data.Format;
import convex.core.data.Maps;
import convex.core.data.Symbol;
import convex.core.data.prim.CVMLong;
import convex.core.exceptions.InvalidDataException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the differential fuzzing against 0.7.9's reader ({@code io.cellwire.fuzz.ReferenceTarget}) found the walker
 * accepting wrongly, each pinned by its bytes: encodings the reference reads into another value than the bytes say,
 * or into one it cannot encode (docs/wire-format.md §9.1), and a Blob tree length whose child count the walker got
 * wrong. {@code ReferenceOracleTest} pins what the reference does with the same bytes.
 */
class CellWalkerReferenceFindingsTest
{
    /** {@code (fn [] %0)} with an empty lexical environment: params {@code 8000}, body Local 0, environment. */
    private static final String FN_HEAD = "cf" + "8000" + "cc0b00";

    private final CellWalker walker = new CellWalker();

    @Test
    void shouldAcceptLocalOpAtPositionZeroAndAbove()
    {
        assertEquals(3, walk("cc0b00"));
        assertEquals(4, walk("cc0b8040"));
    }

    @Test
    void shouldRejectLocalOpWithNegativePositionWhichTheReferenceReadsAsNil()
    {
        assertEquals(DecodeError.NEGATIVE_COUNT, DecodeError.of(walk("cc0b7f")));
        assertEquals(DecodeError.NEGATIVE_COUNT, DecodeError.of(walk("8001" + "cc0b63")));
    }

    @Test
    void shouldAcceptFnWithALexicalEnvironment()
    {
        assertEquals(8, walk(FN_HEAD + "8000"));
    }

    @Test
    void shouldRejectFnWithNilLexicalEnvironmentWhichTheReferenceCannotEncode()
    {
        assertEquals(DecodeError.NULL_FIELD, DecodeError.of(walk(FN_HEAD + "00")));
    }

    @Test
    void shouldAcceptCallWithOfferZero()
    {
        final String call = Vectors.cell("tx.call.offer").hex();
        assertEquals("d20b052109003201668000", call);
        assertEquals(11, walk(call));
    }

    @Test
    void shouldRejectCallWithAnOfferWhichTheReferenceDrops()
    {
        assertEquals(DecodeError.BAD_AMOUNT, DecodeError.of(walk("d20b05210905" + "3201668000")));
        assertEquals(DecodeError.BAD_AMOUNT, DecodeError.of(walk("d20b0521098148" + "3201668000")));
    }

    @Test
    void shouldRejectCoreDefsOfNamesBoundToAnythingButACoreFunction()
    {
        assertEquals(7, walk("cd05636f756e74"), "count");
        assertEquals(DecodeError.UNKNOWN_CORE_DEF, DecodeError.of(walk("cd03646566")), "def, bound to its Symbol");
        assertEquals(DecodeError.UNKNOWN_CORE_DEF, DecodeError.of(walk("cd0a2a72656769737472792a")), "*registry*");
        assertEquals(DecodeError.UNKNOWN_CORE_DEF, DecodeError.of(walk("cc01" + "cd03616e64")), "and: a Lisp Fn");
    }

    @Test
    void shouldAcceptAccountStatusNumbersMarkedPresentWhenNotZero()
    {
        assertEquals(2, walk("c100"));
        assertEquals(4, walk("c102" + "8768"), "balance 1000");
    }

    @Test
    void shouldRejectAccountStatusNumberMarkedPresentButZeroWhichTheReferenceReadsAsAbsent()
    {
        assertEquals(DecodeError.NULL_FIELD, DecodeError.of(walk("c101" + "00")), "sequence 0");
        assertEquals(DecodeError.NULL_FIELD, DecodeError.of(walk("c106" + "8768" + "00")), "allowance 0");
    }

    @Test
    void shouldRejectAccountStatusWithAnEmptyEnvironmentOrHoldingsWhichTheReferenceRefusesToValidate()
    {
        final String environment = HexFormat.of().formatHex(
            Maps.of(Symbol.create("x"), CVMLong.ONE).getEncoding().getBytes());
        assertEquals(2 + environment.length() / 2, walk("c108" + environment), "a non-empty environment");
        assertEquals(DecodeError.EMPTY_ACCOUNT_MAP, DecodeError.of(walk("c108" + "8200")), "empty environment");
        assertEquals(DecodeError.EMPTY_ACCOUNT_MAP, DecodeError.of(walk("c120" + "8400")), "empty holdings");
        assertEquals(4, walk("c110" + "8200"), "metadata may be an empty map");
        for (final String hex : new String[]{ "c1088200", "c1208400" })
        {
            final ACell read = assertDoesNotThrow(() -> Format.read(Blob.fromHex(hex)), "0.7.9 reads " + hex);
            assertEquals(hex, read.getEncoding().toHexString(), "and encodes it back");
            assertThrows(InvalidDataException.class, read::validateCell, "but does not validate " + hex);
        }
    }

    @Test
    void shouldExpectEightChildrenForABlobOfLongMaxValueBytes()
    {
        final String header = "31" + "80ffffffffffffffff7f";
        final String ref = "20" + "2bd37981319151222b3a1aa50564e7d80e92c283a00041c885f9c07f3c340a0f";
        assertEquals(DecodeError.TRUNCATED, DecodeError.of(walk(header + ref)), "one child of eight");
        assertEquals(1 + 10 + 8 * 33, walk(header + ref.repeat(8)));
        assertEquals(DecodeError.TRAILING_BYTES, DecodeError.of(walk(header + ref.repeat(9))));
    }

    private int walk(final String hex)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(HexFormat.of().parseHex(hex));
        return walker.walkExact(buffer, 0, buffer.capacity(), RefSink.NONE);
    }
}
