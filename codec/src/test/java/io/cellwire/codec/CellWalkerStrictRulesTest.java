package io.cellwire.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules marked (*) in docs/wire-format.md §9, where we are stricter than the 0.7.9 reader, and the walker's own
 * limits. */
class CellWalkerStrictRulesTest
{
    private final CellWalker walker = new CellWalker();

    @Test
    void shouldRejectUnsortedSetLeafInOneOrderOnly()
    {
        final int ascending = walk("83020901" + "0902");
        final int descending = walk("83020902" + "0901");
        assertNotEquals(ascending < 0, descending < 0, "exactly one element order is the sorted one");
        assertEquals(DecodeError.UNSORTED_ENTRIES, DecodeError.of(Math.min(ascending, descending)));
    }

    @Test
    void shouldRejectDuplicateSetElements()
    {
        assertEquals(DecodeError.UNSORTED_ENTRIES, DecodeError.of(walk("830209010901")));
    }

    @Test
    void shouldRejectBlobTreeWithNonBlobChildren()
    {
        assertEquals(DecodeError.BAD_CHILD_TYPE, DecodeError.of(walk("31a00109010902")));
    }

    @Test
    void shouldRejectBlobTreeWhoseInlineTailHasTheWrongLength()
    {
        final String blob4097 = Vectors.cell("blob.len4097").hex();
        assertEquals(39, walk(blob4097));
        final String tailTooLong = blob4097.substring(0, blob4097.length() - 6) + "31020707";
        assertEquals(DecodeError.BAD_CHILD_COUNT, DecodeError.of(walk(tailTooLong)));
    }

    @Test
    void shouldRejectVectorPrefixThatIsNotAVector()
    {
        assertEquals(DecodeError.BAD_CHILD_TYPE, DecodeError.of(walk("8011" + "0910" + "0901")));
    }

    @Test
    void shouldRejectVectorPrefixOfTheWrongCount()
    {
        final String longs17 = Vectors.cell("vector.longs17").hex();
        assertEquals(38, walk(longs17));
        assertEquals(DecodeError.BAD_CHILD_COUNT, DecodeError.of(walk("8022" + "09100911" + longs17.substring(8))));
    }

    @Test
    void shouldRejectMapTreeWhoseCountDisagreesWithItsChildren()
    {
        final String longs15 = Vectors.cell("map.longs15").hex();
        assertEquals(93, walk(longs15));
        assertEquals(DecodeError.BAD_CHILD_COUNT, DecodeError.of(walk("8210" + longs15.substring(4))));
    }

    @Test
    void shouldRejectMapTreeWithAChildUnderTheWrongDigit()
    {
        final String longs15 = Vectors.cell("map.longs15").hex();
        final int mask = Integer.parseInt(longs15.substring(6, 10), 16);
        final int lowest = Integer.lowestOneBit(mask);
        final int shifted = mask & ~lowest | Integer.lowestOneBit(~mask & 0xffff & (lowest - 1 | lowest << 1));
        final String moved = longs15.substring(0, 6) + String.format("%04x", shifted) + longs15.substring(10);
        assertEquals(DecodeError.BAD_TREE_DIGIT, DecodeError.of(walk(moved)));
    }

    @Test
    void shouldRejectMapTreeChildWithTheWrongShift()
    {
        final UnsafeBuffer map = new UnsafeBuffer(Vectors.cell("map.longs17").bytes());
        assertEquals(105, walker.walk(map, 0, map.capacity(), RefSink.NONE));
        map.putByte(2, (byte)1);
        assertEquals(DecodeError.BAD_TREE_DIGIT, DecodeError.of(walker.walk(map, 0, map.capacity(), RefSink.NONE)));
    }

    @Test
    void shouldAcceptMapTreesWhoseValuesAreMapTrees()
    {
        final ValueEncoder encoder = new ValueEncoder();
        for (int outer = 0; outer < 12; outer++)
        {
            encoder.pushLong(outer);
            for (int inner = 0; inner < 9; inner++)
            {
                encoder.pushLong(inner);
                encoder.pushLong(outer * 100 + inner);
            }
            encoder.pushMap(9);
        }
        encoder.pushMap(12);
        assertTrue(encoder.finish() > 0);
        final EncodedCells cells = encoder.cells();
        for (int i = 0; i <= cells.childCount(); i++)
        {
            final boolean top = i == cells.childCount();
            final int offset = top ? cells.topOffset() : cells.childOffset(i);
            final int length = top ? cells.topLength() : cells.childLength(i);
            assertEquals(length, walker.walkExact(cells.buffer(), offset, length, RefSink.NONE), "cell " + i);
        }
    }

    @Test
    void shouldRejectSpecialOpcodesBeyondTheReferenceTable()
    {
        assertEquals(2, walk("cc4e"));
        assertEquals(DecodeError.UNKNOWN_OPCODE, DecodeError.of(walk("cc4f")));
    }

    @Test
    void shouldAcceptNulCharAndRejectPaddedChar()
    {
        assertEquals(2, walk("3c00"));
        assertEquals(DecodeError.CHAR_NOT_MINIMAL, DecodeError.of(walk("3d0061")));
        assertEquals(DecodeError.CHAR_OUT_OF_RANGE, DecodeError.of(walk("3f01000000")));
    }

    @Test
    void shouldStopAtTheDepthLimitWithoutOverflowingTheStack()
    {
        final StringBuilder hex = new StringBuilder();
        final int levels = CellDescriptor.MAX_DEPTH + 10;
        for (int i = 0; i < levels; i++)
        {
            hex.append("cc05").append("320161");
        }
        hex.append("00");
        assertEquals(DecodeError.TOO_DEEP, DecodeError.of(walk(hex.toString())));
    }

    @Test
    void shouldApplyTheDepthLimitToLeafItemsOfRefSlots()
    {
        final int lookups = CellDescriptor.MAX_DEPTH - 1;
        assertEquals(5 * lookups + 4, walk(lookupsThenConstantLong(lookups)));
        assertEquals(DecodeError.TOO_DEEP, DecodeError.of(walk(lookupsThenConstantLong(lookups + 1))));
    }

    @Test
    void shouldRejectCoreDefsThatTheEnvironmentLacks()
    {
        assertEquals(7, walk("cd05636f756e74"));
        assertEquals(DecodeError.UNKNOWN_CORE_DEF, DecodeError.of(walk("cd03666f6f")));
        assertEquals(DecodeError.UNKNOWN_CORE_DEF, DecodeError.of(walk("cd062a6c616e672a")));
    }

    @Test
    void shouldRejectInlineCommandTagAnywhere()
    {
        assertEquals(DecodeError.UNKNOWN_TAG, DecodeError.of(walk("8001c0")));
    }

    /** Lookup ops nested {@code lookups} deep, the innermost holding a Constant op whose slot holds Long 1. */
    private static String lookupsThenConstantLong(final int lookups)
    {
        final StringBuilder hex = new StringBuilder();
        for (int i = 0; i < lookups; i++)
        {
            hex.append("cc05").append("320161");
        }
        return hex.append("cc01").append("0901").toString();
    }

    private int walk(final String hex)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(HexFormat.of().parseHex(hex));
        return walker.walkExact(buffer, 0, buffer.capacity(), RefSink.NONE);
    }
}
