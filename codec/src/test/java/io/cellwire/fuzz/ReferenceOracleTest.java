package io.cellwire.fuzz;

import convex.core.data.ACell;
import convex.core.data.Symbol;
import convex.core.lang.Core;
import io.cellwire.codec.CellWalker;
import io.cellwire.codec.DecodeError;
import io.cellwire.codec.RefSink;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.BufferUnderflowException;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What convex-core 0.7.9 does with the bytes behind each finding of the differential fuzzing and each kind of
 * {@link StricterRule}, through the {@link ReferenceOracle} the fuzzing uses; the walker's side of the same bytes is
 * pinned in {@code CellWalkerReferenceFindingsTest} and {@code CellWalkerStrictRulesTest}.
 */
class ReferenceOracleTest
{
    /** The value ID of the Long 1 ({@code 0901}), which is embedded and so never stands behind a ref. */
    private static final String LONG_1_ID = "44462b2ad566b93625fa7f8e06d89a7818d7ef9beaf2ea693bae18d13d875e1d";
    /** {@code map.longs15} of the golden vectors: a MapTree of 15 Long keys, 93 bytes. */
    private static final String MAP_LONGS_15 =
        "820f00db1b8201090509328201090c09807882010906093c82010901090a8202090809" +
        "8050090a0980648201090209148202090909805a090409288201090e09810c82010903091e8204090b09806e09000900090709804609" +
        "0d098102";
    /** A value ID that no cell of the corpus has. */
    private static final String UNKNOWN_ID = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private final ReferenceOracle oracle = new ReferenceOracle(ReferenceStore.shared());
    private final CellWalker walker = new CellWalker();

    @Test
    void shouldReadACellAndEncodeItBackToTheSameBytesAndValueId()
    {
        assertEquals(ReferenceOracle.Verdict.READ, read("0901"));
        assertEquals(LONG_1_ID, HexFormat.of().formatHex(oracle.valueId()));
        assertEquals(ReferenceOracle.Verdict.READ, read("00"));
        assertEquals(ReferenceOracle.Validation.VALID, oracle.validate());
    }

    @Test
    void shouldReadRefsToMissingCellsWithoutResolvingThem()
    {
        assertEquals(ReferenceOracle.Verdict.READ, read("8001" + "20" + UNKNOWN_ID));
        assertEquals(ReferenceOracle.Validation.VALID, oracle.validate(), "a leaf's validation does not look behind");
        assertEquals(35, walk("8001" + "20" + UNKNOWN_ID));
    }

    @Test
    void shouldFindValidationInconclusiveWhenItNeedsAMissingCell()
    {
        final String tree = "8020" + "20" + UNKNOWN_ID + "20" + UNKNOWN_ID;
        assertEquals(ReferenceOracle.Verdict.READ, read(tree));
        assertEquals(ReferenceOracle.Validation.INCONCLUSIVE, oracle.validate(), "a tree checks its children's type");
        assertEquals(68, walk(tree));
    }

    @Test
    void shouldRejectWithBadFormatExceptionWhatItMeansToReject()
    {
        assertEquals(ReferenceOracle.Verdict.REJECTED, read("098005"));
        assertTrue(oracle.describe().contains("not canonical"), oracle.describe());
    }

    @Test
    void shouldReadANegativeLocalOpInsideAVectorAsNil()
    {
        assertEquals(ReferenceOracle.Verdict.READ_LOSSY, read("8001" + "cc0b7f"));
        assertTrue(oracle.describe().endsWith("encodes back to 800100"), oracle.describe());
        assertEquals(DecodeError.NEGATIVE_COUNT, DecodeError.of(walk("8001" + "cc0b7f")));
    }

    @Test
    void shouldCrashOnATopLevelNegativeLocalOp()
    {
        assertEquals(ReferenceOracle.Verdict.CRASHED, read("cc0b7f"));
        assertEquals(NullPointerException.class, oracle.thrown().getClass());
    }

    @Test
    void shouldDropTheOfferOfACall()
    {
        assertEquals(ReferenceOracle.Verdict.READ_LOSSY, read("d20b05210905" + "3201668000"));
        assertTrue(oracle.describe().endsWith("encodes back to d20b052109003201668000"), oracle.describe());
    }

    @Test
    void shouldReadButNotEncodeAFnWithNilLexicalEnvironment()
    {
        assertEquals(ReferenceOracle.Verdict.READ_UNENCODABLE, read("cf8000cc0b00" + "00"));
        assertEquals(NullPointerException.class, oracle.thrown().getClass());
        assertEquals(ReferenceOracle.Verdict.READ, read("cf8000cc0b00" + "8000"));
    }

    @Test
    void shouldReadAnUnsortedSetLeafAndRefuseItOnlyInValidation()
    {
        assertEquals(ReferenceOracle.Verdict.READ, read("8302" + "0902" + "0901"));
        assertEquals(ReferenceOracle.Validation.INVALID, oracle.validate());
        assertTrue(oracle.validationMessage().contains("ordering"), oracle.validationMessage());
        assertEquals(StricterRule.UNSORTED_SET_LEAF, StricterRule.of(walk("8302" + "0902" + "0901")));
    }

    @Test
    void shouldReadAVectorTreeOfLongsAndRefuseItOnlyInValidation()
    {
        assertEquals(ReferenceOracle.Verdict.READ, read("8020" + "0901" + "0902"));
        assertEquals(ReferenceOracle.Validation.INVALID, oracle.validate());
        assertEquals(StricterRule.WRONG_CHILD_TYPE, StricterRule.of(walk("8020" + "0901" + "0902")));
    }

    @Test
    void shouldReadAMapTreeWhoseCountLiesAndRefuseItOnlyInValidation()
    {
        final String map = "8210" + MAP_LONGS_15.substring(4);
        assertEquals(ReferenceOracle.Verdict.READ, read(map));
        assertEquals(ReferenceOracle.Validation.INVALID, oracle.validate());
        assertTrue(oracle.validationMessage().contains("child count"), oracle.validationMessage());
        assertEquals(StricterRule.CHILD_COUNT_MISMATCH, StricterRule.of(walk(map)));
    }

    @Test
    void shouldReadAMapTreeWithAKeyUnderTheWrongDigitAndRefuseItOnlyInValidation()
    {
        final String map = "828e80808080808000" + "00" + "0001" + "82010901090a";
        assertEquals(ReferenceOracle.Verdict.READ, read(map));
        assertEquals(ReferenceOracle.Validation.INVALID, oracle.validate());
        assertEquals(StricterRule.KEY_UNDER_WRONG_DIGIT, StricterRule.of(walk(map)));
    }

    @Test
    void shouldReadAMapTreeWithAnEmptyMaskAndRefuseItOnlyInValidation()
    {
        final String map = "8209" + "00" + "0000";
        assertEquals(ReferenceOracle.Verdict.READ, read(map));
        assertEquals(ReferenceOracle.Validation.INVALID, oracle.validate());
        assertTrue(oracle.validationMessage().contains("must have children"), oracle.validationMessage());
        assertEquals(StricterRule.EMPTY_TREE_MASK, StricterRule.of(walk(map)));
    }

    @Test
    void shouldReadAnEmbeddableCellWrittenAsARefAndPassItsValidation()
    {
        assertEquals(ReferenceOracle.Verdict.READ, read("8001" + "20" + LONG_1_ID));
        assertEquals(ReferenceOracle.Validation.VALID, oracle.validate());
        assertEquals(35, walk("8001" + "20" + LONG_1_ID), "seen only when the ref is resolved: EMBEDDED_AS_REF");
    }

    @Test
    void shouldReadACoreDefOfASpecialFormAsItsSymbol()
    {
        assertEquals(ReferenceOracle.Verdict.READ, read("cd05636f756e74"));
        assertEquals(ReferenceOracle.Verdict.READ_LOSSY, read("cc01" + "cd03646566"));
        assertTrue(oracle.describe().endsWith("encodes back to cc013203646566"), oracle.describe());
        assertEquals(DecodeError.UNKNOWN_CORE_DEF, DecodeError.of(walk("cc01" + "cd03646566")));
    }

    @Test
    void shouldReadATopLevelCoreDefWithoutChangingTheSharedValueItStandsFor()
    {
        assertEquals(ReferenceOracle.Verdict.READ_LOSSY, read("cd03646566"));
        final ACell def = Core.ENVIRONMENT.get(Symbol.create("def"));
        assertEquals("3203646566", def.getEncoding().toHexString(), "Format.read of a Blob would attach cd03646566");
    }

    @Test
    void shouldReadAnAccountStatusNumberMarkedPresentButZeroAsAbsent()
    {
        assertEquals(ReferenceOracle.Verdict.READ_LOSSY, read("c10100"));
        assertTrue(oracle.describe().endsWith("encodes back to c100"), oracle.describe());
        assertEquals(DecodeError.NULL_FIELD, DecodeError.of(walk("c10100")));
    }

    @Test
    void shouldReadABlobOfLongMaxValueBytesAsATreeOfEightChildren()
    {
        final String header = "31" + "80ffffffffffffffff7f";
        assertEquals(ReferenceOracle.Verdict.CRASHED, read(header + "20" + UNKNOWN_ID));
        assertEquals(BufferUnderflowException.class, oracle.thrown().getClass());
        assertEquals(ReferenceOracle.Verdict.READ, read(header + ("20" + UNKNOWN_ID).repeat(8)));
        assertEquals(1 + 10 + 8 * 33, walk(header + ("20" + UNKNOWN_ID).repeat(8)));
    }

    @Test
    void shouldReadNestingBeyondTheWalkersDepthLimit()
    {
        final StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 200; i++)
        {
            hex.append("d0" + "0b" + "01");
        }
        hex.append("00");
        assertEquals(ReferenceOracle.Verdict.READ, read(hex.toString()));
        assertEquals(StricterRule.TOO_DEEP, StricterRule.of(walk(hex.toString())));
        assertNull(StricterRule.of(DecodeError.TRUNCATED.code()));
    }

    private ReferenceOracle.Verdict read(final String hex)
    {
        final byte[] bytes = HexFormat.of().parseHex(hex);
        return oracle.read(bytes, bytes.length);
    }

    private int walk(final String hex)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(HexFormat.of().parseHex(hex));
        return walker.walkExact(buffer, 0, buffer.capacity(), RefSink.NONE);
    }
}
