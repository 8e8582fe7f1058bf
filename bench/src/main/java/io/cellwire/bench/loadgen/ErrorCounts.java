package io.cellwire.bench.loadgen;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellEncoder;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts RESULT errors by code, the Keyword cell of the Result's error field ({@code 33 len name}, e.g.
 * {@code :SEQUENCE}). Codes are matched byte by byte against those already seen, so counting a known code allocates
 * nothing; a new code's name is decoded once. Owned by the loadgen thread.
 */
final class ErrorCounts
{
    /** Distinct codes kept; any further code is counted under {@link #OTHER}. */
    static final int MAX_CODES = 64;
    /** Name of the bucket for codes past {@link #MAX_CODES} and for error cells that are not Keywords. */
    static final String OTHER = "OTHER";

    private final byte[][] codes = new byte[MAX_CODES][];
    private final String[] names = new String[MAX_CODES];
    private final long[] counts = new long[MAX_CODES];
    private int size;
    private long other;

    /**
     * Counts one error.
     *
     * @param error the error cell, e.g. {@code 33 08 SEQUENCE}.
     */
    void add(final DirectBuffer error)
    {
        final int length = error.capacity();
        if (length <= CellEncoder.NAME_HEADER_LENGTH ||
            (error.getByte(0) & 0xff) != CellDescriptor.TAG_KEYWORD)
        {
            other++;
            return;
        }
        for (int i = 0; i < size; i++)
        {
            if (matches(codes[i], error, length))
            {
                counts[i]++;
                return;
            }
        }
        if (size == MAX_CODES)
        {
            other++;
            return;
        }
        final byte[] code = new byte[length];
        error.getBytes(0, code);
        codes[size] = code;
        names[size] = new String(
            code, CellEncoder.NAME_HEADER_LENGTH, length - CellEncoder.NAME_HEADER_LENGTH, StandardCharsets.UTF_8);
        counts[size] = 1;
        size++;
    }

    /** @return every error counted. */
    long total()
    {
        long total = other;
        for (int i = 0; i < size; i++)
        {
            total += counts[i];
        }
        return total;
    }

    /** @return count by code name (without the colon), in order of first appearance; {@link #OTHER} last if any. */
    Map<String, Long> byCode()
    {
        final Map<String, Long> byCode = new LinkedHashMap<>();
        for (int i = 0; i < size; i++)
        {
            byCode.put(names[i], counts[i]);
        }
        if (other > 0)
        {
            byCode.put(OTHER, other);
        }
        return byCode;
    }

    private static boolean matches(final byte[] code, final DirectBuffer error, final int length)
    {
        if (code.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (code[i] != error.getByte(i))
            {
                return false;
            }
        }
        return true;
    }
}
