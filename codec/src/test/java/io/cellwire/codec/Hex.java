package io.cellwire.codec;

import java.util.HexFormat;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Hex text to bytes and back, for tests. Stateless.
 */
final class Hex
{
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex()
    {
    }

    static String of(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return FORMAT.formatHex(bytes);
    }

    static UnsafeBuffer buffer(final String hex)
    {
        return new UnsafeBuffer(FORMAT.parseHex(hex));
    }
}
