package io.cellwire.codec;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The signed VLC against docs/wire-format.md §1: round trips over all longs and the executed examples. */
class VlcProperties
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Vlc.MAX_LENGTH]);

    @Property(tries = 20_000)
    void shouldRoundTripEveryLongInItsShortestForm(@ForAll final long value)
    {
        final int written = Vlc.write(buffer, 0, value);
        assertEquals(Vlc.encodedLength(value), written);
        assertEquals(written, Vlc.length(buffer, 0, written));
        assertEquals(value, Vlc.value(buffer, 0));
        assertEquals(DecodeError.TRUNCATED, DecodeError.of(Vlc.length(buffer, 0, written - 1)));
    }

    @Property(tries = 2_000)
    void shouldUseOneMoreByteOnlyWhenTheRangeRequiresIt(@ForAll final long value)
    {
        final int length = Vlc.encodedLength(value);
        final long bound = 1L << Math.min(63, 7 * length - 1);
        if (length < Vlc.MAX_LENGTH)
        {
            assertEquals(true, value >= -bound && value < bound);
        }
        if (length > 1)
        {
            final long smaller = 1L << (7 * (length - 1) - 1);
            assertEquals(true, value < -smaller || value >= smaller);
        }
    }

    @Example
    void shouldEncodeTheExecutedExamples()
    {
        final long[] values = { 0, 63, -64, 64, -65, 127, 128, 8191, -8192, 8192, -8193, 1 << 20, Long.MAX_VALUE,
            Long.MIN_VALUE };
        final String[] hex = { "00", "3f", "40", "8040", "ff3f", "807f", "8100", "bf7f", "c000", "80c000", "ffbf7f",
            "80c08000", "80ffffffffffffffff7f", "ff808080808080808000" };
        for (int i = 0; i < values.length; i++)
        {
            final int written = Vlc.write(buffer, 0, values[i]);
            assertEquals(hex[i], HexFormat.of().formatHex(buffer.byteArray(), 0, written), Long.toString(values[i]));
        }
    }

    @Example
    void shouldRejectNonMinimalAndOverlongForms()
    {
        assertEquals(DecodeError.VLC_NOT_MINIMAL, reason("8005"));
        assertEquals(DecodeError.VLC_NOT_MINIMAL, reason("ff7f"));
        assertEquals(DecodeError.VLC_NOT_MINIMAL, reason("808040"));
        assertEquals(DecodeError.VLC_OVERFLOW, reason("81ffffffffffffffff7f"));
        assertEquals(DecodeError.VLC_TOO_LONG, reason("8180808080808080808000"));
    }

    private static DecodeError reason(final String hex)
    {
        final byte[] bytes = HexFormat.of().parseHex(hex);
        return DecodeError.of(Vlc.length(new UnsafeBuffer(bytes), 0, bytes.length));
    }
}
