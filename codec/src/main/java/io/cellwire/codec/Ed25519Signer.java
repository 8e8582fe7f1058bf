package io.cellwire.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.util.Arrays;

import static io.cellwire.codec.CellDescriptor.PUBLIC_KEY_LENGTH;
import static io.cellwire.codec.CellDescriptor.REF_LENGTH;
import static io.cellwire.codec.CellDescriptor.SIGNATURE_LENGTH;
import static io.cellwire.codec.CellDescriptor.SIGNED_DATA_HEADER_LENGTH;
import static io.cellwire.codec.CellDescriptor.TAG_REF;
import static io.cellwire.codec.CellDescriptor.TAG_SIGNED_DATA;
import static io.cellwire.codec.CellDescriptor.VALUE_ID_LENGTH;

/**
 * Ed25519 (RFC 8032, pure) keys, signatures and SignedData checks as 0.7.9 uses them (docs/wire-format.md §5.9, §7):
 * the signed message is the 32 raw bytes of the value ID, the SHA3-256 of the <em>value's</em> encoding, never the
 * SignedData encoding nor the ref bytes.
 * <pre>
 *  SignedData := 0x90 public-key[32] signature[64] value-slot
 *  value-slot := inline value cell            (value ID = SHA3-256 of these bytes)
 *              | 0x20 value-id[32]            (value ID = these 32 bytes)
 * </pre>
 * Built on BouncyCastle's low-level {@link Ed25519}. Inputs are copied into preallocated scratch arrays and bad input
 * (out-of-range offsets, an undecodable key, a wrong tag) returns {@code false}, never throws. Signatures are byte for
 * byte those of 0.7.9 (libsodium); on crafted edge cases (small-order or mixed-order points) acceptance is
 * BouncyCastle's, which has not been compared with libsodium's.
 * <p>
 * <b>Not allocation free: BouncyCastle allocates inside every call</b> (a SHA-512 digest, point and table arrays).
 * Measured on JDK 17 C2 with bcprov-jdk18on 1.87 after warm-up, by {@code ThreadMXBean#getCurrentThreadAllocatedBytes}
 * ({@code Ed25519SignerAllocationTest} prints the figures and fails above 8 KiB per verify):
 * <ul>
 *     <li>allocates ~6.5 KB (6,552 B) per {@link #verify} and per {@link #verifySignedData} by a key seen before,
 *     whether the value is inline or by ref: the value-ID hashing itself allocates nothing; a new key also
 *     allocates its decoded point;</li>
 *     <li>~2.3 KB per {@link #sign} / {@link #signValue}; ~1.8 KB per {@link #derivePublicKey} / {@link #loadKey};</li>
 *     <li>{@link #precompute()} does not change these steady-state figures. It allocates ~200 KB once, BouncyCastle's
 *     shared base-point tables, which are otherwise built inside the first sign or verify of the JVM (first verify:
 *     ~380 KB without a prior precompute, ~184 KB with it, the rest being class initialisation). Call it at start-up
 *     to keep that cost and its latency off the first message.</li>
 * </ul>
 * A verify also costs 46–110 µs of CPU on the 2-core development machine (by the day), so 10k verifies a second
 * mean ~65 MB/s of garbage and half a core or more. The decoded points of the last keys seen are kept
 * ({@link PublicPointCache}), so a key seen before is not decoded again. Run it off the poller: on a verifier lane
 * that owns its own instance, never on the thread that drives the sockets.
 * <p>
 * Holds scratch arrays, a {@link ValueIdDigest} and optionally one signing key, so an instance belongs to one thread.
 * The static {@link #precompute()} is safe from any thread.
 */
public final class Ed25519Signer
{
    /** Length of the private seed from which a key pair is derived ({@code crypto_sign_seed_keypair}). */
    public static final int SEED_LENGTH = Ed25519.SECRET_KEY_SIZE;
    /** Length of the signed message: the raw value ID. */
    public static final int MESSAGE_LENGTH = VALUE_ID_LENGTH;
    /** Offset of the public key from the start of a SignedData cell. */
    public static final int SIGNED_DATA_KEY_OFFSET = 1;
    /** Offset of the signature from the start of a SignedData cell. */
    public static final int SIGNED_DATA_SIGNATURE_OFFSET = SIGNED_DATA_KEY_OFFSET + PUBLIC_KEY_LENGTH;
    /** Offset of the value slot from the start of a SignedData cell. */
    public static final int SIGNED_DATA_VALUE_OFFSET = SIGNED_DATA_HEADER_LENGTH;

    private final ValueIdDigest valueIdDigest = new ValueIdDigest();
    private final byte[] seed = new byte[SEED_LENGTH];
    private final byte[] derivationSeed = new byte[SEED_LENGTH];
    private final byte[] ownPublicKey = new byte[PUBLIC_KEY_LENGTH];
    private final byte[] publicKey = new byte[PUBLIC_KEY_LENGTH];
    private final byte[] signature = new byte[SIGNATURE_LENGTH];
    private final byte[] message = new byte[MESSAGE_LENGTH];
    private final PublicPointCache publicPoints = new PublicPointCache();
    private boolean hasKey;

    /**
     * Builds BouncyCastle's shared Ed25519 tables now, so that the first sign or verify does not. Idempotent; call once
     * at start-up.
     */
    public static void precompute()
    {
        Ed25519.precompute();
    }

    /**
     * Derives the public key of a seed, without keeping the seed.
     *
     * @param seedBuffer holds the 32-byte seed.
     * @param seedOffset where it starts.
     * @param dst        where the 32-byte public key goes.
     * @param dstOffset  offset in {@code dst}.
     * @return false if either range lies outside its buffer.
     */
    public boolean derivePublicKey(
        final DirectBuffer seedBuffer, final int seedOffset, final MutableDirectBuffer dst, final int dstOffset)
    {
        if (!inBounds(seedBuffer, seedOffset, SEED_LENGTH) || !inBounds(dst, dstOffset, PUBLIC_KEY_LENGTH))
        {
            return false;
        }
        seedBuffer.getBytes(seedOffset, derivationSeed, 0, SEED_LENGTH);
        Ed25519.generatePublicKey(derivationSeed, 0, publicKey, 0);
        Arrays.fill(derivationSeed, (byte)0);
        dst.putBytes(dstOffset, publicKey, 0, PUBLIC_KEY_LENGTH);
        return true;
    }

    /**
     * Loads the key pair this instance signs with: keeps the seed and derives its public key once.
     *
     * @param seedBuffer holds the 32-byte seed.
     * @param seedOffset where it starts.
     * @return false if the range lies outside the buffer; the previous key, if any, is then cleared.
     */
    public boolean loadKey(final DirectBuffer seedBuffer, final int seedOffset)
    {
        clearKey();
        if (!inBounds(seedBuffer, seedOffset, SEED_LENGTH))
        {
            return false;
        }
        seedBuffer.getBytes(seedOffset, seed, 0, SEED_LENGTH);
        Ed25519.generatePublicKey(seed, 0, ownPublicKey, 0);
        hasKey = true;
        return true;
    }

    /**
     * Forgets the loaded key and zeroes the seed.
     */
    public void clearKey()
    {
        Arrays.fill(seed, (byte)0);
        Arrays.fill(ownPublicKey, (byte)0);
        hasKey = false;
    }

    /**
     * Whether a key is loaded.
     *
     * @return true after a successful {@link #loadKey(DirectBuffer, int)}.
     */
    public boolean hasKey()
    {
        return hasKey;
    }

    /**
     * Writes the public key of the loaded key pair.
     *
     * @param dst       where the 32-byte public key goes.
     * @param dstOffset offset in {@code dst}.
     * @return false if no key is loaded or the range lies outside {@code dst}.
     */
    public boolean publicKey(final MutableDirectBuffer dst, final int dstOffset)
    {
        if (!hasKey || !inBounds(dst, dstOffset, PUBLIC_KEY_LENGTH))
        {
            return false;
        }
        dst.putBytes(dstOffset, ownPublicKey, 0, PUBLIC_KEY_LENGTH);
        return true;
    }

    /**
     * Signs a value ID with the loaded key.
     *
     * @param valueIdBuffer holds the 32-byte value ID of the value to sign.
     * @param valueIdOffset where it starts.
     * @param dst           where the 64-byte signature goes.
     * @param dstOffset     offset in {@code dst}.
     * @return false if no key is loaded or a range lies outside its buffer.
     */
    public boolean sign(
        final DirectBuffer valueIdBuffer, final int valueIdOffset, final MutableDirectBuffer dst, final int dstOffset)
    {
        if (!hasKey || !inBounds(valueIdBuffer, valueIdOffset, MESSAGE_LENGTH))
        {
            return false;
        }
        valueIdBuffer.getBytes(valueIdOffset, message, 0, MESSAGE_LENGTH);
        return signMessage(dst, dstOffset);
    }

    /**
     * Computes the value ID of a value's encoding and signs it with the loaded key.
     *
     * @param buffer    holds the value's complete encoding.
     * @param offset    where it starts.
     * @param length    how many bytes it has.
     * @param dst       where the 64-byte signature goes.
     * @param dstOffset offset in {@code dst}.
     * @return false if no key is loaded or a range lies outside its buffer.
     */
    public boolean signValue(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final MutableDirectBuffer dst,
        final int dstOffset)
    {
        if (!hasKey || !inBounds(buffer, offset, length))
        {
            return false;
        }
        valueIdDigest.valueId(buffer, offset, length, message, 0);
        return signMessage(dst, dstOffset);
    }

    /**
     * Verifies a signature over a value ID, as {@code crypto_sign_verify_detached(sig, valueId[32], publicKey)}.
     *
     * @param keyBuffer       holds the 32-byte public key.
     * @param keyOffset       where it starts.
     * @param signatureBuffer holds the 64-byte signature.
     * @param signatureOffset where it starts.
     * @param valueIdBuffer   holds the 32-byte value ID.
     * @param valueIdOffset   where it starts.
     * @return true only if the signature is valid; false for a bad signature, a key that does not decode to a valid
     * point, or a range outside its buffer.
     */
    public boolean verify(
        final DirectBuffer keyBuffer,
        final int keyOffset,
        final DirectBuffer signatureBuffer,
        final int signatureOffset,
        final DirectBuffer valueIdBuffer,
        final int valueIdOffset)
    {
        if (!inBounds(keyBuffer, keyOffset, PUBLIC_KEY_LENGTH) ||
            !inBounds(signatureBuffer, signatureOffset, SIGNATURE_LENGTH) ||
            !inBounds(valueIdBuffer, valueIdOffset, MESSAGE_LENGTH))
        {
            return false;
        }
        keyBuffer.getBytes(keyOffset, publicKey, 0, PUBLIC_KEY_LENGTH);
        signatureBuffer.getBytes(signatureOffset, signature, 0, SIGNATURE_LENGTH);
        valueIdBuffer.getBytes(valueIdOffset, message, 0, MESSAGE_LENGTH);
        return verifyMessage();
    }

    /**
     * Verifies a SignedData cell in place: the signature at {@code offset + 33} by the key at {@code offset + 1} over
     * the value ID of the value slot at {@code offset + 97}. A slot {@code 20 <id>} gives the value ID directly; any
     * other slot is an inline value cell, hashed here.
     * <p>
     * Checks only what it needs to find the three fields (the tag, that a ref slot is exactly 33 bytes); the walker
     * validates the structure of the value.
     *
     * @param buffer holds the SignedData cell.
     * @param offset where the cell (its {@code 0x90} tag) starts.
     * @param length the complete cell length, from the tag to the end of the value slot.
     * @return true only if the cell is a SignedData with a valid signature over its value's ID.
     */
    public boolean verifySignedData(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= SIGNED_DATA_HEADER_LENGTH || !inBounds(buffer, offset, length) ||
            (buffer.getByte(offset) & 0xff) != TAG_SIGNED_DATA)
        {
            return false;
        }
        final int slotOffset = offset + SIGNED_DATA_VALUE_OFFSET;
        final int slotLength = length - SIGNED_DATA_VALUE_OFFSET;
        if ((buffer.getByte(slotOffset) & 0xff) == TAG_REF)
        {
            if (slotLength != REF_LENGTH)
            {
                return false;
            }
            buffer.getBytes(slotOffset + 1, message, 0, MESSAGE_LENGTH);
        }
        else
        {
            valueIdDigest.valueId(buffer, slotOffset, slotLength, message, 0);
        }
        buffer.getBytes(offset + SIGNED_DATA_KEY_OFFSET, publicKey, 0, PUBLIC_KEY_LENGTH);
        buffer.getBytes(offset + SIGNED_DATA_SIGNATURE_OFFSET, signature, 0, SIGNATURE_LENGTH);
        return verifyMessage();
    }

    /** The signature in {@link #signature} by {@link #publicKey} over {@link #message}, the key's point cached. */
    private boolean verifyMessage()
    {
        final Ed25519.PublicPoint point = publicPoints.pointOf(publicKey);
        return point != null && Ed25519.verify(signature, 0, point, message, 0, MESSAGE_LENGTH);
    }

    private boolean signMessage(final MutableDirectBuffer dst, final int dstOffset)
    {
        if (!inBounds(dst, dstOffset, SIGNATURE_LENGTH))
        {
            return false;
        }
        Ed25519.sign(seed, 0, ownPublicKey, 0, message, 0, MESSAGE_LENGTH, signature, 0);
        dst.putBytes(dstOffset, signature, 0, SIGNATURE_LENGTH);
        return true;
    }

    private static boolean inBounds(final DirectBuffer buffer, final int offset, final int length)
    {
        return offset >= 0 && length >= 0 && offset <= buffer.capacity() - length;
    }
}
