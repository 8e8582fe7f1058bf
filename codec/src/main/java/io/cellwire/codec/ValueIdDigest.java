package io.cellwire.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.bouncycastle.crypto.digests.SHA3Digest;

/**
 * Computes value IDs: the SHA3-256 of a cell's complete encoding (docs/wire-format.md §2), with no allocation per call.
 * Encodings of up to {@value OneBlockSha3#MAX_LENGTH} bytes (most embedded cells, so most map keys the walker hashes)
 * go through {@link OneBlockSha3}; longer ones through BouncyCastle's {@code SHA3Digest}.
 * <p>
 * Holds one digest and one scratch array, so an instance belongs to one thread: give each thread its own (the
 * walker, the store and each handler lane do).
 */
public final class ValueIdDigest
{
    private static final int DIGEST_BITS = 256;
    private static final int CHUNK = 4096;

    private final SHA3Digest digest = new SHA3Digest(DIGEST_BITS);
    private final byte[] chunk = new byte[CHUNK];
    private final byte[] out = new byte[CellDescriptor.VALUE_ID_LENGTH];

    /**
     * Hashes {@code length} bytes and writes the 32-byte value ID.
     *
     * @param buffer    the encoding.
     * @param offset    where it starts.
     * @param length    how many bytes it has.
     * @param dst       where the value ID goes.
     * @param dstOffset offset in {@code dst}.
     */
    public void valueId(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final MutableDirectBuffer dst,
        final int dstOffset)
    {
        valueId(buffer, offset, length, out, 0);
        dst.putBytes(dstOffset, out);
    }

    /**
     * Hashes {@code length} bytes and writes the 32-byte value ID into an array.
     *
     * @param buffer    the encoding.
     * @param offset    where it starts.
     * @param length    how many bytes it has.
     * @param dst       where the value ID goes.
     * @param dstOffset offset in {@code dst}.
     */
    public void valueId(
        final DirectBuffer buffer, final int offset, final int length, final byte[] dst, final int dstOffset)
    {
        if (length <= OneBlockSha3.MAX_LENGTH)
        {
            OneBlockSha3.digest(buffer, offset, length, dst, dstOffset);
            return;
        }
        update(buffer, offset, length);
        digest.doFinal(dst, dstOffset);
    }

    private void update(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            digest.update(array, buffer.wrapAdjustment() + offset, length);
            return;
        }
        int done = 0;
        while (done < length)
        {
            final int n = Math.min(CHUNK, length - done);
            buffer.getBytes(offset + done, chunk, 0, n);
            digest.update(chunk, 0, n);
            done += n;
        }
    }
}
