package io.cellwire.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.cellwire.codec.CellDescriptor.PUBLIC_KEY_LENGTH;
import static io.cellwire.codec.CellDescriptor.SIGNATURE_LENGTH;
import static io.cellwire.codec.CellDescriptor.VALUE_ID_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PublicPointCache} and the verify that goes through it: a key seen before gives back its point, two keys of
 * one slot take turns in it and each still verifies, a key that does not decode is refused and not kept, and over
 * random keys and signatures the verdict is BouncyCastle's verify from the key's bytes, every time.
 */
class PublicPointCacheTest
{
    private static final byte[] VALUE_ID = new byte[VALUE_ID_LENGTH];

    static
    {
        Arrays.fill(VALUE_ID, (byte)0x3c);
    }

    private final PublicPointCache cache = new PublicPointCache();

    @Test
    void shouldGiveBackThePointOfAKeySeenBefore()
    {
        final byte[] key = publicKey(seed(1));

        final Ed25519.PublicPoint first = cache.pointOf(key);
        assertNotNull(first);
        assertTrue(cache.holds(key));
        assertSame(first, cache.pointOf(key));
    }

    @Test
    void shouldLetTwoKeysOfOneSlotTakeTurnsAndVerifyEachTime()
    {
        final byte[][] pair = twoKeysOfOneSlot();
        final byte[][] seeds = { seedOfKey(pair[0]), seedOfKey(pair[1]) };
        final Ed25519Signer verifier = new Ed25519Signer();
        for (int round = 0; round < 4; round++)
        {
            final int k = round & 1;
            final byte[] signature = sign(seeds[k]);
            assertTrue(verifier.verify(new UnsafeBuffer(pair[k]), 0, new UnsafeBuffer(signature), 0,
                new UnsafeBuffer(VALUE_ID), 0), "round " + round);
            assertFalse(verifier.verify(new UnsafeBuffer(pair[1 - k]), 0, new UnsafeBuffer(signature), 0,
                new UnsafeBuffer(VALUE_ID), 0), "the other key of the slot, round " + round);
        }

        cache.pointOf(pair[0]);
        cache.pointOf(pair[1]);
        assertTrue(cache.holds(pair[1]));
        assertFalse(cache.holds(pair[0]), "replaced by the other key of its slot");
    }

    @Test
    void shouldRefuseAndNotKeepAKeyThatDoesNotDecode()
    {
        final byte[] key = new byte[PUBLIC_KEY_LENGTH];
        Arrays.fill(key, (byte)0xff);

        assertNull(cache.pointOf(key));
        assertFalse(cache.holds(key));
    }

    @Property(tries = 300)
    void shouldVerifyAsBouncyCastleDoesFromTheKeysBytes(
        @ForAll @Size(PUBLIC_KEY_LENGTH) final byte[] randomKey,
        @ForAll @Size(SIGNATURE_LENGTH) final byte[] randomSignature,
        @ForAll final boolean signedByTheKey)
    {
        final byte[] key;
        final byte[] signature;
        if (signedByTheKey)
        {
            // a real key pair from the random bytes as seed, its signature with one bit flipped when the seed says so
            key = publicKey(randomKey);
            signature = sign(randomKey);
            if ((randomSignature[0] & 1) == 1)
            {
                signature[randomSignature[1] & 0x3f] ^= (byte)(1 << (randomSignature[2] & 7));
            }
        }
        else
        {
            key = randomKey;
            signature = randomSignature;
        }
        final boolean expected = Ed25519.verify(signature, 0, key, 0, VALUE_ID, 0, VALUE_ID_LENGTH);
        final Ed25519Signer verifier = new Ed25519Signer();
        for (int twice = 0; twice < 2; twice++)
        {
            assertEquals(expected, verifier.verify(new UnsafeBuffer(key), 0, new UnsafeBuffer(signature), 0,
                new UnsafeBuffer(VALUE_ID), 0), twice == 0 ? "the key new" : "the key cached");
        }
        assertEquals(Ed25519.validatePublicKeyPartial(key, 0), cache.pointOf(key) != null);
    }

    /** Two public keys of seeds 1, 2, … that map to one slot. */
    private static byte[][] twoKeysOfOneSlot()
    {
        final byte[][] bySlot = new byte[PublicPointCache.SLOTS][];
        for (int i = 1; ; i++)
        {
            final byte[] key = publicKey(seed(i));
            final int slot = PublicPointCache.slotOf(key);
            if (bySlot[slot] != null)
            {
                assertNotEquals(Arrays.toString(bySlot[slot]), Arrays.toString(key));
                return new byte[][]{ bySlot[slot], key };
            }
            bySlot[slot] = key;
        }
    }

    private static byte[] seedOfKey(final byte[] key)
    {
        for (int i = 1; ; i++)
        {
            if (Arrays.equals(key, publicKey(seed(i))))
            {
                return seed(i);
            }
        }
    }

    private static byte[] seed(final int value)
    {
        final byte[] seed = new byte[Ed25519Signer.SEED_LENGTH];
        seed[0] = (byte)value;
        seed[1] = (byte)(value >> 8);
        return seed;
    }

    private static byte[] publicKey(final byte[] seed)
    {
        final byte[] key = new byte[PUBLIC_KEY_LENGTH];
        Ed25519.generatePublicKey(seed, 0, key, 0);
        return key;
    }

    private static byte[] sign(final byte[] seed)
    {
        final byte[] signature = new byte[SIGNATURE_LENGTH];
        Ed25519.sign(seed, 0, VALUE_ID, 0, VALUE_ID_LENGTH, signature, 0);
        return signature;
    }
}
