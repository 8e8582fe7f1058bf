package io.cellwire.bench.loadgen;

import io.cellwire.client.Client;
import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.Vlc;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The cells a load generator sends, encoded once before the run: the query form, the value a successful query must
 * return, the transaction command and the {@code *sequence*} lookup. Immutable after construction; read by the
 * loadgen thread.
 */
final class LoadForms
{
    /** {@code (+ 1 2)}: a List of three, stored reversed, {@code +} a Symbol (cells.tsv {@code tx.invoke.seq1}). */
    static final String ONE_PLUS_TWO_HEX = "8103" + "0902" + "0901" + "32012b";
    /** The Long 3, what {@code (+ 1 2)} evaluates to. */
    static final String THREE_HEX = "0903";
    /** The Symbol {@code *sequence*}: as a query run as an account, its last used sequence number. */
    static final String SEQUENCE_SYMBOL_HEX = "320a" + "2a73657175656e63652a";
    /** Smallest padded form: the empty Blob {@code 31 00}. */
    static final int MIN_PADDED_SIZE = 2;
    /** Largest padded form: a flat Blob of one full chunk, tag and a 2-byte VLC length before 4096 bytes. */
    static final int MAX_PADDED_SIZE = 1 + 2 + CellDescriptor.BLOB_CHUNK_LENGTH;
    /** Header of a Vector of one item: tag and VLC(1); wraps a Blob for the one size no single Blob has. */
    private static final int ONE_ITEM_VECTOR_HEADER_LENGTH = 2;

    final UnsafeBuffer queryForm;
    final UnsafeBuffer expectedQueryValue;
    final UnsafeBuffer command;
    final UnsafeBuffer expectedCommandValue;
    final UnsafeBuffer sequenceSymbol;

    /**
     * @param paddedSize 0 for the query {@code (+ 1 2)}; else the encoded size of the Blob form queried instead
     *                   ({@link #MIN_PADDED_SIZE}…{@link #MAX_PADDED_SIZE}).
     */
    LoadForms(final int paddedSize)
    {
        command = hex(ONE_PLUS_TWO_HEX);
        expectedCommandValue = hex(THREE_HEX);
        sequenceSymbol = hex(SEQUENCE_SYMBOL_HEX);
        if (paddedSize == 0)
        {
            queryForm = hex(ONE_PLUS_TWO_HEX);
            expectedQueryValue = hex(THREE_HEX);
        }
        else
        {
            queryForm = paddedForm(paddedSize);
            expectedQueryValue = queryForm;
        }
    }

    /**
     * A constant form of exactly {@code size} encoded bytes, which evaluates to itself: a flat Blob {@code 31 VLC(n)}
     * and n bytes; for the one size no Blob has (66: n = 63 takes 65 bytes, n = 64 takes 67) the Vector
     * {@code [blob]} of a 64-byte Blob. Forms over 140 bytes are not embedded, so the Client sends them by ref.
     *
     * @param size {@link #MIN_PADDED_SIZE}…{@link #MAX_PADDED_SIZE}.
     * @return the form, its capacity its length.
     */
    static UnsafeBuffer paddedForm(final int size)
    {
        if (size < MIN_PADDED_SIZE || size > MAX_PADDED_SIZE)
        {
            throw new IllegalArgumentException("padded size must be " + MIN_PADDED_SIZE + ".." + MAX_PADDED_SIZE);
        }
        final UnsafeBuffer form = new UnsafeBuffer(new byte[size]);
        final int blobLength = blobLengthFor(size);
        if (blobLength >= 0)
        {
            CellEncoder.writeBlob(form, 0, padding(blobLength), 0, blobLength);
            return form;
        }
        final int header = CellEncoder.writeVectorLeafHeader(form, 0, 1);
        final int innerLength = blobLengthFor(size - ONE_ITEM_VECTOR_HEADER_LENGTH);
        CellEncoder.writeBlob(form, header, padding(innerLength), 0, innerLength);
        return form;
    }

    /** The n with {@code 1 + |VLC(n)| + n == size}, or -1 when there is none. */
    private static int blobLengthFor(final int size)
    {
        for (int n = Math.min(size - 1, CellDescriptor.BLOB_CHUNK_LENGTH); n >= 0; n--)
        {
            final int cellLength = 1 + Vlc.encodedLength(n) + n;
            if (cellLength == size)
            {
                return n;
            }
            if (cellLength < size)
            {
                return -1;
            }
        }
        return -1;
    }

    private static DirectBuffer padding(final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)i;
        }
        return new UnsafeBuffer(bytes);
    }

    static UnsafeBuffer hex(final String hex)
    {
        return new UnsafeBuffer(BitUtil.fromHex(hex));
    }
}
