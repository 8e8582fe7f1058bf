package io.cellwire.node;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.Ed25519Signer;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.codec.message.MessageType;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The bytes of the trust handshake, as the 0.7.9 reference's {@code ChallengeRequest} and {@code ConnectionManager}
 * build them (docs/wire-format.md §8.1):
 * <pre>
 *   CHALLENGE := SignedData_challenger( [token network-id target-peer-key] )
 *   RESPONSE  := SignedData_responder ( [token network-id challenger-key value-id(CHALLENGE SignedData)] )
 * </pre>
 * Each item is a 32-byte Blob {@code 31 20 <32>}, so both vectors are embedded (104 and 138 bytes) and each
 * SignedData is one inline cell; the signature is over the vector's value ID (docs/wire-format.md §7). The token is the
 * value ID of 120 random bytes.
 * <p>
 * Owned by one thread, a handler lane's or a verifier worker's: it holds that thread's signer and scratch buffers.
 */
final class Handshake
{
    /** Items of a challenge vector. */
    static final int CHALLENGE_ITEMS = 3;
    /** Items of a response vector. */
    static final int RESPONSE_ITEMS = 4;
    /** Item index of the token. */
    static final int TOKEN = 0;
    /** Item index of the network ID. */
    static final int NETWORK = 1;
    /** Item index of the addressed key: the target of a challenge, the challenger of a response. */
    static final int KEY = 2;
    /** Item index of a response's hash of the challenge. */
    static final int CHALLENGE_HASH = 3;
    /** Bytes of the hashes a response signs: its four items, back to back. */
    static final int RESPONSE_HASHES_LENGTH = RESPONSE_ITEMS * CellDescriptor.VALUE_ID_LENGTH;

    private static final int HASH = CellDescriptor.VALUE_ID_LENGTH;
    private static final int VECTOR_HEADER_LENGTH = 2;
    private static final int BLOB_HEADER_LENGTH = 2;
    private static final int ITEM_LENGTH = BLOB_HEADER_LENGTH + HASH;
    private static final int VALUE_OFFSET = CellDescriptor.SIGNED_DATA_HEADER_LENGTH;

    private final Ed25519Signer signer;
    private final ValueIdDigest digest = new ValueIdDigest();
    private final UnsafeBuffer publicKey = new UnsafeBuffer(new byte[CellDescriptor.PUBLIC_KEY_LENGTH]);
    private final UnsafeBuffer signed = new UnsafeBuffer(new byte[VALUE_OFFSET + vectorLength(RESPONSE_ITEMS)]);
    private final UnsafeBuffer valueId = new UnsafeBuffer(new byte[HASH]);

    Handshake(final Ed25519Signer signer)
    {
        this.signer = signer;
        signer.publicKey(publicKey, 0);
    }

    /**
     * Whether a SignedData's value is an inline vector of exactly {@code items} 32-byte Blobs.
     *
     * @param buffer      holds the value.
     * @param valueOffset where the value cell starts.
     * @param valueLength its length.
     * @param isRef       whether the slot was a ref instead.
     * @param items       the expected count.
     * @return true if so.
     */
    static boolean isHashVector(
        final DirectBuffer buffer, final int valueOffset, final int valueLength, final boolean isRef, final int items)
    {
        if (isRef || valueLength != vectorLength(items) ||
            (buffer.getByte(valueOffset) & 0xff) != CellDescriptor.TAG_VECTOR ||
            buffer.getByte(valueOffset + 1) != items)
        {
            return false;
        }
        for (int i = 0; i < items; i++)
        {
            final int item = valueOffset + VECTOR_HEADER_LENGTH + i * ITEM_LENGTH;
            if ((buffer.getByte(item) & 0xff) != CellDescriptor.TAG_BLOB || buffer.getByte(item + 1) != HASH)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Where item {@code index} of a hash vector starts its 32 bytes.
     *
     * @param valueOffset where the vector cell starts.
     * @param index       the item.
     * @return the offset of its hash bytes.
     */
    static int itemOffset(final int valueOffset, final int index)
    {
        return valueOffset + VECTOR_HEADER_LENGTH + index * ITEM_LENGTH + BLOB_HEADER_LENGTH;
    }

    /**
     * Whether 32 bytes in two buffers are equal.
     *
     * @return true if equal.
     */
    static boolean equal32(final DirectBuffer a, final int aOffset, final DirectBuffer b, final int bOffset)
    {
        for (int i = 0; i < HASH; i += Long.BYTES)
        {
            if (a.getLong(aOffset + i) != b.getLong(bOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes a CHALLENGE frame signed by this lane's key.
     *
     * @param frame         where the frame goes.
     * @param hashes        holds token, network ID and target key, 32 bytes each, back to back.
     * @param challengeHash receives the value ID of the SignedData, which the RESPONSE must carry.
     * @return the frame length.
     */
    int writeChallenge(final MutableDirectBuffer frame, final DirectBuffer hashes, final MutableDirectBuffer challengeHash)
    {
        return writeSigned(frame, MessageType.CHALLENGE, hashes, CHALLENGE_ITEMS, challengeHash);
    }

    /**
     * Writes a RESPONSE frame signed by this lane's key.
     *
     * @param frame  where the frame goes.
     * @param hashes holds token, network ID, challenger key and challenge hash, 32 bytes each, back to back.
     * @return the frame length.
     */
    int writeResponse(final MutableDirectBuffer frame, final DirectBuffer hashes)
    {
        return writeSigned(frame, MessageType.RESPONSE, hashes, RESPONSE_ITEMS, valueId);
    }

    /**
     * The value ID of a cell, e.g. of a received CHALLENGE's SignedData.
     *
     * @param buffer holds the cell.
     * @param offset where it starts.
     * @param length its length.
     * @param dst    where the 32 bytes go.
     * @param dstOffset where in {@code dst}.
     */
    void valueId(
        final DirectBuffer buffer, final int offset, final int length, final MutableDirectBuffer dst, final int dstOffset)
    {
        digest.valueId(buffer, offset, length, dst, dstOffset);
    }

    /**
     * Whether a SignedData cell's signature is valid.
     *
     * @return true if valid.
     */
    boolean verify(final DirectBuffer buffer, final int offset, final int length)
    {
        return signer.verifySignedData(buffer, offset, length);
    }

    /** @return this node's 32-byte public key. */
    DirectBuffer publicKey()
    {
        return publicKey;
    }

    private int writeSigned(
        final MutableDirectBuffer frame,
        final int type,
        final DirectBuffer hashes,
        final int items,
        final MutableDirectBuffer signedHash)
    {
        final int vectorLength = vectorLength(items);
        int at = VALUE_OFFSET + CellEncoder.writeVectorLeafHeader(signed, VALUE_OFFSET, items);
        for (int i = 0; i < items; i++)
        {
            at += CellEncoder.writeBlob(signed, at, hashes, i * HASH, HASH);
        }
        digest.valueId(signed, VALUE_OFFSET, vectorLength, valueId, 0);
        signer.sign(valueId, 0, signed, 1 + CellDescriptor.PUBLIC_KEY_LENGTH);
        signed.putByte(0, (byte)CellDescriptor.TAG_SIGNED_DATA);
        signed.putBytes(1, publicKey, 0, CellDescriptor.PUBLIC_KEY_LENGTH);
        final int cellLength = VALUE_OFFSET + vectorLength;
        digest.valueId(signed, 0, cellLength, signedHash, 0);
        final int header = FrameHeader.write(frame, 0, cellLength + 1, type);
        frame.putBytes(header, signed, 0, cellLength);
        return header + cellLength;
    }

    private static int vectorLength(final int items)
    {
        return VECTOR_HEADER_LENGTH + items * ITEM_LENGTH;
    }
}
