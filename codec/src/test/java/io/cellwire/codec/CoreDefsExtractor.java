package io.cellwire.codec;

import convex.core.data.ACell;
import convex.core.data.AHashMap;
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
 * {@code null} result throws {@code Core definition not found [name]}. So a name is accepted exactly when it is a key
 * of {@code Core.ENVIRONMENT} whose value is not nil ({@code *lang*} is a key bound to nil, hence rejected).
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
        return names(false);
    }

    /**
     * The names the reference accepts in a {@code cd} cell: keys bound to a non-nil value, sorted by unsigned UTF-8
     * bytes.
     *
     * @return the names.
     */
    static List<String> coreDefNames()
    {
        return names(true);
    }

    private static List<String> names(final boolean boundOnly)
    {
        final AHashMap<Symbol, ACell> environment = Core.ENVIRONMENT;
        final List<String> names = new ArrayList<>();
        for (long i = 0, n = environment.count(); i < n; i++)
        {
            final MapEntry<Symbol, ACell> entry = environment.entryAt(i);
            if (!boundOnly || entry.getValue() != null)
            {
                names.add(entry.getKey().getName().toString());
            }
        }
        names.sort((a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        return names;
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
