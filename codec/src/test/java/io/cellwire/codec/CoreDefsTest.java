package io.cellwire.codec;

import convex.core.data.ACell;
import convex.core.data.Format;
import convex.core.exceptions.BadFormatException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CoreDefsTest
{
    private static final int EXPECTED_COUNT = 141;
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 10_000;

    @BeforeAll
    static void initialiseTheReferenceHash()
    {
        Reference.initialise();
    }

    private static UnsafeBuffer utf8(final String name)
    {
        return new UnsafeBuffer(name.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isCoreDef(final String name)
    {
        final UnsafeBuffer buffer = utf8(name);
        return CoreDefs.isCoreDef(buffer, 0, buffer.capacity());
    }

    private static List<String> resourceLines() throws IOException
    {
        final List<String> lines = new ArrayList<>();
        try (InputStream in = CoreDefs.class.getResourceAsStream(CoreDefs.RESOURCE);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                lines.add(line);
            }
        }
        return lines;
    }

    private static byte[] coreDefCell(final String name)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        final byte[] cell = new byte[2 + bytes.length];
        cell[0] = (byte)CellDescriptor.TAG_CORE_DEF;
        cell[1] = (byte)bytes.length;
        System.arraycopy(bytes, 0, cell, 2, bytes.length);
        return cell;
    }

    /**
     * The reference's reading of {@code cd name}: {@code Format.read} of a buffer, which is what {@code Format.read}
     * of a Blob does for this tag, less attaching the bytes read to the value, which for a {@code cd} cell is the
     * environment's own shared value (a reader of {@code cd 03 646566} would make the interned Symbol {@code def}
     * encode as {@code cd 03 646566} for the rest of the JVM).
     *
     * @return the value, or null if the reference rejects the cell.
     */
    private static ACell readCoreDef(final String name)
    {
        final ByteBuffer cell = ByteBuffer.wrap(coreDefCell(name));
        try
        {
            final ACell value = Format.read(cell);
            return cell.hasRemaining() ? null : value;
        }
        catch (final BadFormatException ex)
        {
            return null;
        }
    }

    private static boolean referenceAccepts(final String name)
    {
        return readCoreDef(name) != null;
    }

    /** Whether the reference reads {@code cd name} into a value that encodes as the same cell. */
    private static boolean referenceReadsBack(final String name)
    {
        final ACell value = readCoreDef(name);
        if (value == null)
        {
            return false;
        }
        final byte[] cell = coreDefCell(name);
        final byte[] encoding = new byte[2 * Format.LIMIT_ENCODING_LENGTH];
        final int length = value.encode(encoding, 0);
        return Arrays.equals(cell, 0, cell.length, encoding, 0, length);
    }

    @Test
    void shouldListExactlyTheCoreFunctionNamesOfTheReferenceEnvironment() throws IOException
    {
        assertEquals(CoreDefsExtractor.coreDefNames(), resourceLines());
    }

    @Test
    void shouldKeepTheResourceSortedByUnsignedBytes() throws IOException
    {
        final List<String> lines = resourceLines();
        for (int i = 1; i < lines.size(); i++)
        {
            assertTrue(Arrays.compareUnsigned(lines.get(i - 1).getBytes(StandardCharsets.UTF_8),
                lines.get(i).getBytes(StandardCharsets.UTF_8)) < 0, lines.get(i));
        }
    }

    @Test
    void shouldCountOneHundredFortyOneNames()
    {
        assertEquals(EXPECTED_COUNT, CoreDefs.count());
        assertEquals(EXPECTED_COUNT, CoreDefsExtractor.coreDefNames().size());
    }

    @Test
    void shouldAcceptExactlyWhatTheReferenceReadsBackIntoTheSameCell()
    {
        final List<String> names = new ArrayList<>(CoreDefsExtractor.environmentNames());
        names.addAll(List.of("foo", "coun", "countt", "Count", "*LANG*", "++", "count?", "x"));
        for (final String name : names)
        {
            assertEquals(referenceReadsBack(name), isCoreDef(name), name);
        }
    }

    @Test
    void shouldRejectBoundNamesThatTheReferenceReadsIntoAnotherValue()
    {
        final List<String> bound = CoreDefsExtractor.boundNames();
        assertEquals(195, bound.size());
        for (final String name : List.of("def", "*address*", "*registry*", "defn", "and"))
        {
            assertTrue(bound.contains(name) && referenceAccepts(name), name);
            assertFalse(referenceReadsBack(name), name);
            assertFalse(isCoreDef(name), name);
        }
    }

    @Test
    void shouldKnowCountAndPlus()
    {
        assertTrue(isCoreDef("count"));
        assertTrue(isCoreDef("+"));
    }

    @Test
    void shouldNotKnowFoo()
    {
        assertFalse(isCoreDef("foo"));
    }

    @Test
    void shouldRejectStarLangWhichTheEnvironmentBindsToNil()
    {
        assertTrue(CoreDefsExtractor.environmentNames().contains("*lang*"));
        assertFalse(referenceAccepts("*lang*"));

        assertFalse(isCoreDef("*lang*"));
    }

    @Test
    void shouldFindEveryListedName()
    {
        for (final String name : CoreDefsExtractor.coreDefNames())
        {
            assertTrue(isCoreDef(name), name);
        }
    }

    @Test
    void shouldFindTheNameInsideTheGoldenCoreDefCells()
    {
        for (final String row : new String[]{ "coredef.count", "coredef.+" })
        {
            final UnsafeBuffer cell = new UnsafeBuffer(Vectors.cell(row).bytes());
            assertEquals(CellDescriptor.TAG_CORE_DEF, cell.getByte(0) & 0xff);

            assertTrue(CoreDefs.isCoreDef(cell, 2, cell.getByte(1) & 0xff), row);
        }
    }

    @Test
    void shouldRejectEmptyAndOverlongNames()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CellDescriptor.MAX_NAME_LENGTH + 1]);
        buffer.setMemory(0, buffer.capacity(), (byte)'+');

        assertFalse(CoreDefs.isCoreDef(buffer, 0, 0));
        assertFalse(CoreDefs.isCoreDef(buffer, 0, CellDescriptor.MAX_NAME_LENGTH + 1));
        assertTrue(CoreDefs.isCoreDef(buffer, 0, 1));
    }

    @Test
    void shouldReturnFalseForRangesOutsideTheBuffer()
    {
        final UnsafeBuffer buffer = utf8("count");

        assertFalse(CoreDefs.isCoreDef(buffer, 1, 5));
        assertFalse(CoreDefs.isCoreDef(buffer, -1, 5));
        assertFalse(CoreDefs.isCoreDef(buffer, Integer.MAX_VALUE, 5));
        assertFalse(CoreDefs.isCoreDef(buffer, 0, -5));
    }

    @Test
    void shouldNotAllocateOnLookup()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        final List<String> names = new ArrayList<>(CoreDefsExtractor.coreDefNames());
        names.add("foo");
        names.add("*lang*");
        final UnsafeBuffer[] buffers = new UnsafeBuffer[names.size()];
        for (int i = 0; i < buffers.length; i++)
        {
            buffers[i] = utf8(names.get(i));
        }

        int found = lookups(buffers, WARM_UP);
        final long before = threads.getCurrentThreadAllocatedBytes();
        found += lookups(buffers, MEASURED);
        final long after = threads.getCurrentThreadAllocatedBytes();

        System.out.printf("CoreDefs: %d B allocated over %d lookups%n", after - before, MEASURED);
        assertEquals(0, after - before);
        assertTrue(found > 0);
    }

    private static int lookups(final UnsafeBuffer[] buffers, final int n)
    {
        int found = 0;
        for (int i = 0; i < n; i++)
        {
            final UnsafeBuffer buffer = buffers[i % buffers.length];
            if (CoreDefs.isCoreDef(buffer, 0, buffer.capacity()))
            {
                found++;
            }
        }
        return found;
    }
}
