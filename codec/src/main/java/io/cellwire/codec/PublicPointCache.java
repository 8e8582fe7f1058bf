package io.cellwire.codec;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.util.Arrays;

import static io.cellwire.codec.CellDescriptor.PUBLIC_KEY_LENGTH;

/**
 * The decoded points of the Ed25519 public keys a verifier saw last, so that a signature by a key seen before skips
 * decoding it (a field square root, about a tenth of a verify). Direct-mapped by the key's first two bytes, which are
 * uniform for real keys: a key that maps to a taken slot replaces it. A stream of new keys, whoever sends it, costs
 * what every verify cost without the cache: one decode each.
 * <p>
 * A point is made by {@link Ed25519#validatePublicKeyPartialExport}, which checks what a verify from the key's bytes
 * checks (a canonical encoding of a point on the curve) and nothing more, so the cache accepts and refuses exactly the
 * keys a verify without it does; a key that does not decode is not cached.
 * <p>
 * Owned by the one thread of its {@link Ed25519Signer}; a new key allocates its point (BouncyCastle's), a key seen
 * before nothing.
 */
final class PublicPointCache
{
    /** Slots: a power of two. */
    static final int SLOTS = 256;

    private final byte[] keys = new byte[SLOTS * PUBLIC_KEY_LENGTH];
    private final Ed25519.PublicPoint[] points = new Ed25519.PublicPoint[SLOTS];

    /**
     * The point of a key, decoded now or before.
     *
     * @param key the 32-byte public key at index 0.
     * @return its point, or null if the key does not decode to one.
     */
    Ed25519.PublicPoint pointOf(final byte[] key)
    {
        final int slot = slotOf(key);
        if (holds(slot, key))
        {
            return points[slot];
        }
        final Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(key, 0);
        if (point != null)
        {
            System.arraycopy(key, 0, keys, slot * PUBLIC_KEY_LENGTH, PUBLIC_KEY_LENGTH);
            points[slot] = point;
        }
        return point;
    }

    /**
     * @param key the 32-byte public key at index 0.
     * @return true if its point is cached.
     */
    boolean holds(final byte[] key)
    {
        return holds(slotOf(key), key);
    }

    private boolean holds(final int slot, final byte[] key)
    {
        final int at = slot * PUBLIC_KEY_LENGTH;
        return points[slot] != null && Arrays.equals(keys, at, at + PUBLIC_KEY_LENGTH, key, 0, PUBLIC_KEY_LENGTH);
    }

    static int slotOf(final byte[] key)
    {
        return ((key[0] & 0xff) | (key[1] & 0xff) << 8) & (SLOTS - 1);
    }
}
