package io.cellwire.codec;

import org.agrona.DirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * SHA3-256 (FIPS 202) of an input of at most {@value #MAX_LENGTH} bytes, which with its padding fills one block: the
 * block goes straight from the buffer into a Keccak-f[1600] state held in local variables, one permutation runs, and
 * the first four lanes are the digest. Written for the strict walker, which hashes every inline map key it has not
 * met before (docs/wire-format.md §9 rules 8 and 9): for such short inputs BouncyCastle's {@code SHA3Digest} spends
 * about a third of its time outside the permutation (queueing the bytes, packing and unpacking the whole state,
 * clearing it for the next use), and the JDK 17 {@code SHA3-256} is slower still. {@link ValueIdDigest} keeps
 * BouncyCastle for longer inputs.
 * <p>
 * Stateless: any thread may call it; it allocates nothing.
 */
final class OneBlockSha3
{
    /** Longest input that fits one block with its padding: the rate (136 bytes for SHA3-256) less one byte. */
    static final int MAX_LENGTH = 135;

    /** Lanes of the state that the input block fills: the rate of SHA3-256, 1088 bits. */
    private static final int RATE_LANES = 17;
    /** Lanes that make up the 256-bit digest. */
    private static final int DIGEST_LANES = 4;
    /** Rounds of Keccak-f[1600]. */
    private static final int ROUNDS = 24;
    /** SHA3's domain bits {@code 01} and the first bit of the pad10*1, in the byte after the input. */
    private static final long DOMAIN_PAD = 0x06L;
    /** The last bit of the pad10*1: the top bit of the last byte of the rate. */
    private static final long FINAL_PAD = 0x8000000000000000L;
    /** Round constants of the iota step, FIPS 202 §3.2.5. */
    private static final long[] ROUND_CONSTANTS =
    {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
        0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
        0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L
    };
    /** Writes a lane into a byte array, least significant byte first, as Keccak orders a lane's bytes. */
    private static final VarHandle LANE_BYTES =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private OneBlockSha3()
    {
    }

    /**
     * Hashes {@code length} bytes and writes the 32-byte digest.
     *
     * @param buffer    the input.
     * @param offset    where it starts.
     * @param length    how many bytes it has, at most {@value #MAX_LENGTH}.
     * @param dst       where the digest goes.
     * @param dstOffset offset in {@code dst}.
     */
    static void digest(
        final DirectBuffer buffer, final int offset, final int length, final byte[] dst, final int dstOffset)
    {
        // state lanes a[x + 5y], named aYX; lanes 17 to 24 lie past the rate and start at zero
        long a00 = lane(buffer, offset, length, 0);
        long a01 = lane(buffer, offset, length, 1);
        long a02 = lane(buffer, offset, length, 2);
        long a03 = lane(buffer, offset, length, 3);
        long a04 = lane(buffer, offset, length, 4);
        long a10 = lane(buffer, offset, length, 5);
        long a11 = lane(buffer, offset, length, 6);
        long a12 = lane(buffer, offset, length, 7);
        long a13 = lane(buffer, offset, length, 8);
        long a14 = lane(buffer, offset, length, 9);
        long a20 = lane(buffer, offset, length, 10);
        long a21 = lane(buffer, offset, length, 11);
        long a22 = lane(buffer, offset, length, 12);
        long a23 = lane(buffer, offset, length, 13);
        long a24 = lane(buffer, offset, length, 14);
        long a30 = lane(buffer, offset, length, 15);
        long a31 = lane(buffer, offset, length, RATE_LANES - 1) ^ FINAL_PAD;
        long a32 = 0;
        long a33 = 0;
        long a34 = 0;
        long a40 = 0;
        long a41 = 0;
        long a42 = 0;
        long a43 = 0;
        long a44 = 0;

        for (int round = 0; round < ROUNDS; round++)
        {
            // theta: each lane takes the parities of the two neighbouring columns
            final long c0 = a00 ^ a10 ^ a20 ^ a30 ^ a40;
            final long c1 = a01 ^ a11 ^ a21 ^ a31 ^ a41;
            final long c2 = a02 ^ a12 ^ a22 ^ a32 ^ a42;
            final long c3 = a03 ^ a13 ^ a23 ^ a33 ^ a43;
            final long c4 = a04 ^ a14 ^ a24 ^ a34 ^ a44;
            final long d0 = c4 ^ Long.rotateLeft(c1, 1);
            final long d1 = c0 ^ Long.rotateLeft(c2, 1);
            final long d2 = c1 ^ Long.rotateLeft(c3, 1);
            final long d3 = c2 ^ Long.rotateLeft(c4, 1);
            final long d4 = c3 ^ Long.rotateLeft(c0, 1);

            // rho and pi, fused: b[y, 2x + 3y] = rot(a[x, y] ^ d[x], r[x, y]) with the offsets of FIPS 202 §3.2.2,
            // walked along pi's single cycle through the 24 lanes other than a00
            final long b00 = a00 ^ d0;
            final long b01 = Long.rotateLeft(a11 ^ d1, 44);
            final long b11 = Long.rotateLeft(a14 ^ d4, 20);
            final long b14 = Long.rotateLeft(a42 ^ d2, 61);
            final long b42 = Long.rotateLeft(a24 ^ d4, 39);
            final long b24 = Long.rotateLeft(a40 ^ d0, 18);
            final long b40 = Long.rotateLeft(a02 ^ d2, 62);
            final long b02 = Long.rotateLeft(a22 ^ d2, 43);
            final long b22 = Long.rotateLeft(a23 ^ d3, 25);
            final long b23 = Long.rotateLeft(a34 ^ d4, 8);
            final long b34 = Long.rotateLeft(a43 ^ d3, 56);
            final long b43 = Long.rotateLeft(a30 ^ d0, 41);
            final long b30 = Long.rotateLeft(a04 ^ d4, 27);
            final long b04 = Long.rotateLeft(a44 ^ d4, 14);
            final long b44 = Long.rotateLeft(a41 ^ d1, 2);
            final long b41 = Long.rotateLeft(a13 ^ d3, 55);
            final long b13 = Long.rotateLeft(a31 ^ d1, 45);
            final long b31 = Long.rotateLeft(a10 ^ d0, 36);
            final long b10 = Long.rotateLeft(a03 ^ d3, 28);
            final long b03 = Long.rotateLeft(a33 ^ d3, 21);
            final long b33 = Long.rotateLeft(a32 ^ d2, 15);
            final long b32 = Long.rotateLeft(a21 ^ d1, 10);
            final long b21 = Long.rotateLeft(a12 ^ d2, 6);
            final long b12 = Long.rotateLeft(a20 ^ d0, 3);
            final long b20 = Long.rotateLeft(a01 ^ d1, 1);

            // chi along each row, then iota
            a00 = b00 ^ (~b01 & b02) ^ ROUND_CONSTANTS[round];
            a01 = b01 ^ (~b02 & b03);
            a02 = b02 ^ (~b03 & b04);
            a03 = b03 ^ (~b04 & b00);
            a04 = b04 ^ (~b00 & b01);
            a10 = b10 ^ (~b11 & b12);
            a11 = b11 ^ (~b12 & b13);
            a12 = b12 ^ (~b13 & b14);
            a13 = b13 ^ (~b14 & b10);
            a14 = b14 ^ (~b10 & b11);
            a20 = b20 ^ (~b21 & b22);
            a21 = b21 ^ (~b22 & b23);
            a22 = b22 ^ (~b23 & b24);
            a23 = b23 ^ (~b24 & b20);
            a24 = b24 ^ (~b20 & b21);
            a30 = b30 ^ (~b31 & b32);
            a31 = b31 ^ (~b32 & b33);
            a32 = b32 ^ (~b33 & b34);
            a33 = b33 ^ (~b34 & b30);
            a34 = b34 ^ (~b30 & b31);
            a40 = b40 ^ (~b41 & b42);
            a41 = b41 ^ (~b42 & b43);
            a42 = b42 ^ (~b43 & b44);
            a43 = b43 ^ (~b44 & b40);
            a44 = b44 ^ (~b40 & b41);
        }

        LANE_BYTES.set(dst, dstOffset, a00);
        LANE_BYTES.set(dst, dstOffset + Long.BYTES, a01);
        LANE_BYTES.set(dst, dstOffset + 2 * Long.BYTES, a02);
        LANE_BYTES.set(dst, dstOffset + (DIGEST_LANES - 1) * Long.BYTES, a03);
    }

    /**
     * Lane {@code index} of the padded block: eight input bytes, least significant first, with the domain and pad
     * byte after the last input byte and zeros beyond.
     */
    private static long lane(final DirectBuffer buffer, final int offset, final int length, final int index)
    {
        final int start = index * Long.BYTES;
        if (start + Long.BYTES <= length)
        {
            return buffer.getLong(offset + start, ByteOrder.LITTLE_ENDIAN);
        }
        if (start > length)
        {
            return 0;
        }
        long lane = 0;
        final int bytes = length - start;
        for (int i = 0; i < bytes; i++)
        {
            lane |= (buffer.getByte(offset + start + i) & 0xffL) << (i * Byte.SIZE);
        }
        return lane | (DOMAIN_PAD << (bytes * Byte.SIZE));
    }
}
