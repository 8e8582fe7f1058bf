package io.cellwire.codec;

import org.agrona.DirectBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.cellwire.codec.CellDescriptor.MAX_NAME_LENGTH;
import static io.cellwire.codec.CellDescriptor.MIN_NAME_LENGTH;

/**
 * The names a core definition cell ({@code cd len name}, docs/wire-format.md §5.2) may carry: the entries of the 0.7.9
 * {@code convex.core.lang.Core.ENVIRONMENT} bound to a core function, the values that encode as that same cell.
 * <p>
 * The reference reads the name as raw bytes (no UTF-8 decoding) and looks the symbol up in the environment; a
 * missing or nil-bound entry ({@code *lang*}) is rejected with {@code Core definition not found}. Any other bound
 * entry it replaces by the value bound, which for the 54 names that are not core functions ({@code def}, bound to its
 * Symbol, {@code *registry*}, bound to an Address, macros written in Convex Lisp, …) encodes as other bytes: no 0.7.9
 * writer emits those, and they are not listed (§9.1). The list is compared byte for byte. It is loaded at class
 * initialisation from {@value #RESOURCE}, one name a line, so that the codec needs no Convex jar at run time; a test
 * checks it against the reference environment.
 * <p>
 * Layout after loading: all names concatenated in one array, ordered by length then unsigned bytes, with their start
 * offsets; a lookup is a binary search that reads the candidate straight from the caller's buffer and allocates
 * nothing.
 * Immutable after class initialisation; safe from any thread.
 */
public final class CoreDefs
{
    /** Class-path resource, relative to this class, that lists the names. */
    public static final String RESOURCE = "core-defs.txt";

    private static final byte[] NAMES;
    private static final int[] OFFSETS;
    private static final int COUNT;

    static
    {
        final List<byte[]> names = load();
        names.sort(CoreDefs::compareNames);
        COUNT = names.size();
        OFFSETS = new int[COUNT + 1];
        int total = 0;
        for (int i = 0; i < COUNT; i++)
        {
            if (i > 0 && compareNames(names.get(i - 1), names.get(i)) == 0)
            {
                throw new IllegalStateException(RESOURCE + " lists a name twice");
            }
            OFFSETS[i] = total;
            total += names.get(i).length;
        }
        OFFSETS[COUNT] = total;
        NAMES = new byte[total];
        for (int i = 0; i < COUNT; i++)
        {
            System.arraycopy(names.get(i), 0, NAMES, OFFSETS[i], names.get(i).length);
        }
    }

    private CoreDefs()
    {
    }

    /**
     * How many names a core definition may carry.
     *
     * @return the number of names in {@value #RESOURCE}.
     */
    public static int count()
    {
        return COUNT;
    }

    /**
     * Whether the bytes at {@code buffer[offset, offset + length)} are the name of a core definition.
     *
     * @param buffer holds the candidate name, e.g. the body of a {@code cd} cell after its length byte.
     * @param offset where the name starts.
     * @param length its length in bytes.
     * @return true if the reference would resolve it; false otherwise, including for a length outside 1…128 or a range
     * outside the buffer.
     */
    public static boolean isCoreDef(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MIN_NAME_LENGTH || length > MAX_NAME_LENGTH || offset < 0 || offset > buffer.capacity() - length)
        {
            return false;
        }
        int low = 0;
        int high = COUNT - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int cmp = compareAt(mid, buffer, offset, length);
            if (cmp < 0)
            {
                low = mid + 1;
            }
            else if (cmp > 0)
            {
                high = mid - 1;
            }
            else
            {
                return true;
            }
        }
        return false;
    }

    private static int compareAt(final int index, final DirectBuffer buffer, final int offset, final int length)
    {
        final int start = OFFSETS[index];
        final int nameLength = OFFSETS[index + 1] - start;
        if (nameLength != length)
        {
            return nameLength - length;
        }
        for (int i = 0; i < length; i++)
        {
            final int diff = (NAMES[start + i] & 0xff) - (buffer.getByte(offset + i) & 0xff);
            if (diff != 0)
            {
                return diff;
            }
        }
        return 0;
    }

    private static int compareNames(final byte[] a, final byte[] b)
    {
        if (a.length != b.length)
        {
            return a.length - b.length;
        }
        for (int i = 0; i < a.length; i++)
        {
            final int diff = (a[i] & 0xff) - (b[i] & 0xff);
            if (diff != 0)
            {
                return diff;
            }
        }
        return 0;
    }

    private static List<byte[]> load()
    {
        final List<byte[]> names = new ArrayList<>();
        try (InputStream in = CoreDefs.class.getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null)
            {
                final byte[] name = line.getBytes(StandardCharsets.UTF_8);
                if (name.length < MIN_NAME_LENGTH || name.length > MAX_NAME_LENGTH)
                {
                    throw new IllegalStateException(RESOURCE + " has a name of " + name.length + " bytes");
                }
                names.add(name);
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read " + RESOURCE, ex);
        }
        return names;
    }
}
