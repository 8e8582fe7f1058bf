package io.cellwire.fuzz;

import io.cellwire.transport.FrameScanner;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link FrameScanner} against an exact oracle: capture frames joined into one stream and delivered in chunks cut
 * anywhere come out as exactly those frames, in order, and the whole stream is consumed. The fuzz targets compare the
 * scanner with itself; this property compares it with the frames that went in, and jqwik shrinks a failure to the
 * fewest frames and cuts.
 */
class FuzzFrameScannerProperties
{
    private static final int MAX_FRAMES = 8;

    @Property(tries = 1_000)
    void shouldFindExactlyTheJoinedFramesWhereverTheStreamIsCut(
        @ForAll("frameIndexes") final List<Integer> frames,
        @ForAll @Size(max = 12) final List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> cutPoints)
    {
        int length = 0;
        for (final int index : frames)
        {
            length += FuzzSuite.CORPUS.frame(index).length;
        }
        final byte[] stream = new byte[length];
        final List<Integer> expected = new ArrayList<>();
        int at = 0;
        for (final int index : frames)
        {
            final byte[] frame = FuzzSuite.CORPUS.frame(index);
            System.arraycopy(frame, 0, stream, at, frame.length);
            expected.add(at);
            expected.add(frame.length);
            at += frame.length;
        }
        final List<Integer> cuts = new ArrayList<>();
        for (final int point : cutPoints)
        {
            cuts.add(point % (length + 1));
        }
        cuts.add(length);
        cuts.sort(null);

        final List<Integer> seen = new ArrayList<>();
        final UnsafeBuffer received = new UnsafeBuffer(stream);
        int consumed = 0;
        for (final int cut : cuts)
        {
            received.wrap(stream, 0, cut);
            consumed = FrameScanner.scan(received, consumed, cut,
                (buffer, offset, frameLength, headerLength, type) -> seen.add(offset) && seen.add(frameLength));
        }
        assertEquals(expected, seen);
        assertEquals(length, consumed);
    }

    @Provide
    Arbitrary<List<Integer>> frameIndexes()
    {
        return Arbitraries.integers().between(0, FuzzSuite.CORPUS.size() - 1).list().ofMinSize(1).ofMaxSize(MAX_FRAMES);
    }
}
