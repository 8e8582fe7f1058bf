package io.cellwire.bench.cli;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Hex text to bytes and back for the command line tools. Stateless; safe from any thread.
 */
final class Hex
{
    /** Returned by {@link #decode(CharSequence, MutableDirectBuffer)} for odd-length or non-hex text. */
    static final int BAD_HEX = -1;

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex()
    {
    }

    /**
     * How many bytes the text decodes to, ignoring ASCII whitespace; an upper bound when it is not valid hex.
     *
     * @param text hex digits, any case, whitespace anywhere.
     * @return digits / 2.
     */
    static int maxDecodedLength(final CharSequence text)
    {
        return text.length() / 2;
    }

    /**
     * Decodes hex digits into a buffer, skipping ASCII whitespace (so {@code "80 03 0902"} is accepted).
     *
     * @param text hex digits.
     * @param dst  where the bytes go, with room for {@link #maxDecodedLength(CharSequence)} bytes.
     * @return the number of bytes, or {@link #BAD_HEX}.
     */
    static int decode(final CharSequence text, final MutableDirectBuffer dst)
    {
        int length = 0;
        int high = -1;
        for (int i = 0, n = text.length(); i < n; i++)
        {
            final char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f')
            {
                continue;
            }
            final int digit = Character.digit(c, 16);
            if (digit < 0 || c > 'f')
            {
                return BAD_HEX;
            }
            if (high < 0)
            {
                high = digit;
            }
            else
            {
                dst.putByte(length++, (byte)((high << 4) | digit));
                high = -1;
            }
        }
        return high < 0 ? length : BAD_HEX;
    }

    /**
     * Appends bytes as lowercase hex.
     *
     * @param buffer the bytes.
     * @param offset the first byte.
     * @param length how many.
     * @param out    where the digits go.
     * @return {@code out}.
     */
    static StringBuilder append(final DirectBuffer buffer, final int offset, final int length, final StringBuilder out)
    {
        for (int i = 0; i < length; i++)
        {
            final int b = buffer.getByte(offset + i) & 0xff;
            out.append(DIGITS[b >>> 4]).append(DIGITS[b & 0xf]);
        }
        return out;
    }

    /**
     * Appends an array as lowercase hex.
     *
     * @param bytes the bytes.
     * @param out   where the digits go.
     * @return {@code out}.
     */
    static StringBuilder append(final byte[] bytes, final StringBuilder out)
    {
        for (final byte value : bytes)
        {
            final int b = value & 0xff;
            out.append(DIGITS[b >>> 4]).append(DIGITS[b & 0xf]);
        }
        return out;
    }
}
