package io.cellwire.codec;

import convex.core.data.ACell;
import convex.core.data.AHashMap;
import convex.core.data.Format;
import convex.core.data.MapEntry;
import convex.core.data.Symbol;
import convex.core.lang.Core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Extracts from the reference jar the names a {@code cd} cell may carry, for {@code core-defs.txt}.
 * <p>
 * 0.7.9 {@code Format.readCode} (checked with {@code javap -c -p}) reads tag {@code cd} as {@code Symbol.read}
 * (a length byte, then the raw bytes, kept undecoded) and resolves it with {@code Core.ENVIRONMENT.get(symbol)}; a
 * {@code null} result throws {@code Core definition not found [name]} ({@code *lang*} is a key bound to nil, hence
 * rejected). The value it gets in its place is whatever the name is bound to: for a core function, the function,
 * which encodes as the same {@code cd} cell; for the other 54 bound names (special forms such as {@code def}, which are
 * bound to their Symbol, {@code *registry*}, bound to an Address, macros and functions written in Convex Lisp) a value
 * that encodes as other bytes. No 0.7.9 writer emits {@code cd} for those, and the walker rejects them
 * (docs/wire-format.md §9.1). So a name is listed exactly when it is a key of {@code Core.ENVIRONMENT} whose value
 * encodes as {@code cd <that name>}.
 * <p>
 * Regenerate the resource with the codec test classpath:
 * <pre>
 *  java -cp &lt;codec test classpath&gt; io.cellwire.codec.CoreDefsExtractor \
 *      &gt; codec/src/main/resources/io/cellwire/codec/core-defs.txt
 * </pre>
 * Test and tool code; runs on the calling thread.
 */
public final class CoreDefsExtractor
{
    private CoreDefsExtractor()
    {
    }

    /**
     * The names of every {@code Core.ENVIRONMENT} key, bound or not, sorted by unsigned UTF-8 bytes.
     *
     * @return the names.
     */
    static List<String> environmentNames()
    {
        return names(Binding.ANY);
    }

    /**
     * The names the reference accepts in a {@code cd} cell: keys bound to a non-nil value, sorted by unsigned UTF-8
     * bytes.
     *
     * @return the names.
     */
    static List<String> boundNames()
    {
        return names(Binding.BOUND);
    }

    /**
     * The names the reference reads back into the same {@code cd} cell: keys bound to a value that encodes as
     * {@code cd <the key>}, the core functions, sorted by unsigned UTF-8 bytes. What {@code core-defs.txt} lists.
     *
     * @return the names.
     */
    static List<String> coreDefNames()
    {
        return names(Binding.CORE_DEF);
    }

    /** Which keys of the environment a list takes. */
    private enum Binding
    {
        ANY, BOUND, CORE_DEF
    }

    private static List<String> names(final Binding binding)
    {
        final AHashMap<Symbol, ACell> environment = Core.ENVIRONMENT;
        final List<String> names = new ArrayList<>();
        for (long i = 0, n = environment.count(); i < n; i++)
        {
            final MapEntry<Symbol, ACell> entry = environment.entryAt(i);
            final ACell value = entry.getValue();
            final boolean taken = binding == Binding.ANY || value != null &&
                (binding == Binding.BOUND || encodesAsCoreDef(value, entry.getKey()));
            if (taken)
            {
                names.add(entry.getKey().getName().toString());
            }
        }
        names.sort((a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        return names;
    }

    /**
     * Whether a value encodes as {@code cd len name}, the core-def cell of its own key: a fresh encoding, since the
     * cached one ({@code getEncoding()}) is whatever bytes a {@code Format.read} of a {@code cd} cell last attached to
     * this shared value.
     */
    private static boolean encodesAsCoreDef(final ACell value, final Symbol key)
    {
        final byte[] name = key.getName().toString().getBytes(StandardCharsets.UTF_8);
        final byte[] cell = new byte[2 + name.length];
        cell[0] = (byte)CellDescriptor.TAG_CORE_DEF;
        cell[1] = (byte)name.length;
        System.arraycopy(name, 0, cell, 2, name.length);
        final byte[] encoding = new byte[2 * Format.LIMIT_ENCODING_LENGTH];
        final int length = value.encode(encoding, 0);
        return Arrays.equals(cell, 0, cell.length, encoding, 0, length);
    }

    /**
     * Prints the accepted names, one a line.
     *
     * @param args unused.
     */
    public static void main(final String[] args)
    {
        for (final String name : coreDefNames())
        {
            System.out.println(name);
        }
    }
}
