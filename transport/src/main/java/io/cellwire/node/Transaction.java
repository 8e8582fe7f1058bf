package io.cellwire.node;

import io.cellwire.codec.CellDescriptor;
import org.agrona.DirectBuffer;

/**
 * A flyweight over an admitted TRANSACT: its message ID, the SignedData that carried it and the transaction cell
 * inside ({@code d0} Invoke, {@code d1} Transfer or {@code d2} Call, each starting {@code tag VLC(origin)
 * VLC(sequence)}). The bytes live in the lane's store or the frame's slot and are valid only during the handler call.
 * <p>
 * Owned by one handler lane's thread.
 */
public final class Transaction
{
    private long id;
    private long origin;
    private long sequence;
    private DirectBuffer signedBuffer;
    private int signedOffset;
    private int signedLength;
    private DirectBuffer buffer;
    private int offset;
    private int length;

    Transaction wrap(
        final long id,
        final DirectBuffer signedBuffer,
        final int signedOffset,
        final int signedLength,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long origin,
        final long sequence)
    {
        this.id = id;
        this.signedBuffer = signedBuffer;
        this.signedOffset = signedOffset;
        this.signedLength = signedLength;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.origin = origin;
        this.sequence = sequence;
        return this;
    }

    /** @return the TRANSACT's message ID, which the RESULT must carry. */
    public long id()
    {
        return id;
    }

    /** @return the origin account's address. */
    public long origin()
    {
        return origin;
    }

    /** @return the transaction's sequence number, now used for its origin. */
    public long sequence()
    {
        return sequence;
    }

    /** @return the transaction's tag: Invoke, Transfer or Call ({@link CellDescriptor#TAG_INVOKE} …). */
    public int tag()
    {
        return buffer.getByte(offset) & 0xff;
    }

    /** @return the buffer holding the transaction cell. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return where the transaction cell starts. */
    public int offset()
    {
        return offset;
    }

    /** @return the transaction cell's length. */
    public int length()
    {
        return length;
    }

    /** @return the buffer holding the SignedData cell. */
    public DirectBuffer signedBuffer()
    {
        return signedBuffer;
    }

    /** @return where the SignedData cell starts. */
    public int signedOffset()
    {
        return signedOffset;
    }

    /** @return the SignedData cell's length. */
    public int signedLength()
    {
        return signedLength;
    }

    /** @return where the signer's 32-byte public key starts in {@link #signedBuffer()}. */
    public int publicKeyOffset()
    {
        return signedOffset + 1;
    }
}
