package io.cellwire.codec;

import io.cellwire.codec.message.MessageType;
import org.agrona.MutableDirectBuffer;

/**
 * Splits an encoded value into frames, as a message larger than the frame buffer must be (docs/wire-format.md §8): one
 * DATA frame per non-embedded cell, children before parents, then the message frame that carries the top cell (§8.1,
 * pre-sending).
 * <p>
 * Unlike 0.7.9, a cell that occurs twice in the value is sent once ({@link EncodedCells} keeps each cell once), and
 * the top SignedData of a CHALLENGE, RESPONSE or BELIEF is not sent a second time as DATA. There is deliberately no
 * per-connection "already sent" filter: a receiver may evict any cell at any time (its store is bounded), and a
 * sender cannot see that, so skipping a cell because it went out earlier would leave the receiver asking with
 * MISSING_DATA and waiting a round trip; sending each message's cells costs only bandwidth, and MISSING_DATA remains
 * the recovery path for anything a receiver no longer holds.
 * <p>
 * Stateless; runs on the thread that owns the {@code EncodedCells}.
 */
public final class MessageSplitter
{
    private MessageSplitter()
    {
    }

    /**
     * How many bytes {@link #writeFrames} will write.
     *
     * @param cells the encoded value, finished.
     * @return the total length of every frame.
     */
    public static int framedLength(final EncodedCells cells)
    {
        int total = frameSize(cells.topLength());
        for (int i = 0; i < cells.childCount(); i++)
        {
            total += frameSize(cells.childLength(i));
        }
        return total;
    }

    /**
     * Writes the DATA frames of every non-embedded cell, then the message frame of the top cell.
     *
     * @param cells  the encoded value, finished.
     * @param type   the message type of the last frame.
     * @param out    the destination, with room for {@link #framedLength} bytes.
     * @param offset where the first frame starts.
     * @return the bytes written, or {@code FRAME_TOO_LONG} as a negative code (nothing written) if some cell exceeds
     * 8190 bytes.
     */
    public static int writeFrames(
        final EncodedCells cells, final int type, final MutableDirectBuffer out, final int offset)
    {
        if (cells.topLength() > CellDescriptor.MAX_FRAMED_CELL_LENGTH)
        {
            return DecodeError.FRAME_TOO_LONG.code();
        }
        for (int i = 0; i < cells.childCount(); i++)
        {
            if (cells.childLength(i) > CellDescriptor.MAX_FRAMED_CELL_LENGTH)
            {
                return DecodeError.FRAME_TOO_LONG.code();
            }
        }
        int at = offset;
        for (int i = 0; i < cells.childCount(); i++)
        {
            at += writeFrame(out, at, MessageType.DATA, cells, cells.childOffset(i), cells.childLength(i));
        }
        at += writeFrame(out, at, type, cells, cells.topOffset(), cells.topLength());
        return at - offset;
    }

    private static int writeFrame(
        final MutableDirectBuffer out,
        final int at,
        final int type,
        final EncodedCells cells,
        final int cellOffset,
        final int cellLength)
    {
        final int header = FrameHeader.write(out, at, cellLength + 1, type);
        out.putBytes(at + header, cells.buffer(), cellOffset, cellLength);
        return header + cellLength;
    }

    private static int frameSize(final int cellLength)
    {
        return FrameHeader.headerLengthFor(cellLength + 1) + 1 + cellLength;
    }
}
