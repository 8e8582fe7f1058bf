package io.cellwire.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.cellwire.codec.CellDescriptor.BLOB_CHUNK_LENGTH;
import static io.cellwire.codec.CellDescriptor.MAX_CODE_POINT;
import static io.cellwire.codec.CellDescriptor.MAX_EMBEDDED_LENGTH;
import static io.cellwire.codec.CellDescriptor.MAX_NAME_LENGTH;
import static io.cellwire.codec.CellDescriptor.MAX_SUPPLY;
import static io.cellwire.codec.CellDescriptor.MIN_NAME_LENGTH;
import static io.cellwire.codec.CellDescriptor.PUBLIC_KEY_LENGTH;
import static io.cellwire.codec.CellDescriptor.REF_LENGTH;
import static io.cellwire.codec.CellDescriptor.RESULT_FIELD_COUNT;
import static io.cellwire.codec.CellDescriptor.SIGNATURE_LENGTH;
import static io.cellwire.codec.CellDescriptor.SIGNED_DATA_HEADER_LENGTH;
import static io.cellwire.codec.CellDescriptor.VALUE_ID_LENGTH;
import static io.cellwire.codec.CellDescriptor.VECTOR_LEAF_SIZE;

/**
 * Writes flat cells, those with no ref slots, byte-identical to the 0.7.9 reference (docs/wire-format.md §5), straight
 * into a caller's buffer; plus the headers of the small composite cells the hot path builds in place (a QUERY vector, a
 * Result, a SignedData, an Invoke) and a ref-slot writer for their parts.
 * <p>
 * Every writer takes the destination and an offset, and returns the number of bytes written, or a negative
 * {@link EncodeError} code when the argument is not encodable or the buffer has too little room from the offset (then
 * nothing is written). Nothing allocates. Values with non-embedded parts (Blobs over 4096 bytes, large collections)
 * need a {@link ValueEncoder}. Stateless; safe from any thread.
 */
public final class CellEncoder
{
    /** Length of a nil or Boolean cell: the tag alone. */
    public static final int TAG_ONLY_LENGTH = 1;
    /** Length of a Byte cell: tag and one raw byte. */
    public static final int BYTE_CELL_LENGTH = 2;
    /** Length of a Double cell: tag and 8 bytes big-endian. */
    public static final int DOUBLE_CELL_LENGTH = 1 + Long.BYTES;
    /** Most bytes a Long or Address cell takes: tag and a 10-byte VLC. */
    public static final int MAX_VLC_CELL_LENGTH = 1 + Vlc.MAX_LENGTH;
    /** Most bytes a Char cell takes: tag and 3 code-point bytes. */
    public static final int MAX_CHAR_CELL_LENGTH = 4;
    /** Most bytes a flat Blob or String cell takes: tag, VLC(4096) and a full chunk. */
    public static final int MAX_FLAT_CELL_LENGTH = 1 + Vlc.MAX_LENGTH + BLOB_CHUNK_LENGTH;
    /** Bytes of a Symbol or Keyword cell before the name: tag and length byte. */
    public static final int NAME_HEADER_LENGTH = 2;
    /** Most bytes a Symbol or Keyword cell takes: tag, length byte and a 128-byte name. */
    public static final int MAX_NAME_CELL_LENGTH = NAME_HEADER_LENGTH + MAX_NAME_LENGTH;
    /** Most bytes a Transfer transaction takes: tag and four VLCs. */
    public static final int MAX_TRANSFER_LENGTH = 1 + 4 * Vlc.MAX_LENGTH;
    /** Most bytes an Invoke header takes: tag and two VLCs; the command cell follows. */
    public static final int MAX_INVOKE_HEADER_LENGTH = 1 + 2 * Vlc.MAX_LENGTH;
    /** Length of a Result header: tag and VLC(4); four ref slots follow. */
    public static final int RESULT_HEADER_LENGTH = 2;

    /** Largest code point written with one byte after the Char tag. */
    private static final int ONE_BYTE_CODE_POINT_MAX = 0xff;
    /** Largest code point written with two bytes after the Char tag. */
    private static final int TWO_BYTE_CODE_POINT_MAX = 0xffff;
    /** The byte Java's UTF-8 encoder writes for an unpaired surrogate ({@code '?'}); the reference does the same. */
    private static final byte UTF8_REPLACEMENT = (byte)'?';
    private static final int UTF8_ONE_BYTE_LIMIT = 0x80;
    private static final int UTF8_TWO_BYTE_LIMIT = 0x800;
    private static final int UTF8_TWO_BYTE_LEAD = 0xc0;
    private static final int UTF8_THREE_BYTE_LEAD = 0xe0;
    private static final int UTF8_FOUR_BYTE_LEAD = 0xf0;
    private static final int UTF8_CONTINUATION = 0x80;
    private static final int UTF8_CONTINUATION_BITS = 6;
    private static final int UTF8_CONTINUATION_MASK = 0x3f;
    private static final int BYTE_MASK = 0xff;

    private CellEncoder()
    {
    }

    /**
     * Writes nil: {@code 00}.
     *
     * @param buffer the destination.
     * @param offset where the cell starts.
     * @return 1, or {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeNil(final MutableDirectBuffer buffer, final int offset)
    {
        if (!fits(buffer, offset, TAG_ONLY_LENGTH))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        buffer.putByte(offset, (byte)CellDescriptor.TAG_NULL);
        return TAG_ONLY_LENGTH;
    }

    /**
     * Writes a Boolean: {@code b1} or {@code b0}.
     *
     * @param buffer the destination.
     * @param offset where the cell starts.
     * @param value  the value.
     * @return 1, or {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeBoolean(final MutableDirectBuffer buffer, final int offset, final boolean value)
    {
        if (!fits(buffer, offset, TAG_ONLY_LENGTH))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        buffer.putByte(offset, (byte)(value ? CellDescriptor.TAG_TRUE : CellDescriptor.TAG_FALSE));
        return TAG_ONLY_LENGTH;
    }

    /**
     * Writes a Byte: {@code 01 xx}.
     *
     * @param buffer the destination.
     * @param offset where the cell starts.
     * @param value  the value; only its low 8 bits are written.
     * @return 2, or {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeByte(final MutableDirectBuffer buffer, final int offset, final int value)
    {
        if (!fits(buffer, offset, BYTE_CELL_LENGTH))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        buffer.putByte(offset, (byte)CellDescriptor.TAG_BYTE);
        buffer.putByte(offset + 1, (byte)value);
        return BYTE_CELL_LENGTH;
    }

    /**
     * Writes a Long: {@code 09 VLC(value)}.
     *
     * @param buffer the destination.
     * @param offset where the cell starts.
     * @param value  any long.
     * @return 2…11, or {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeLong(final MutableDirectBuffer buffer, final int offset, final long value)
    {
        return writeTagVlc(buffer, offset, CellDescriptor.TAG_LONG, value);
    }

    /**
     * Writes a Double: {@code 0d} and the 8 IEEE-754 bytes big-endian; every NaN becomes the canonical
     * {@code 7ff8000000000000}.
     *
     * @param buffer the destination.
     * @param offset where the cell starts.
     * @param value  any double.
     * @return 9, or {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeDouble(final MutableDirectBuffer buffer, final int offset, final double value)
    {
        if (!fits(buffer, offset, DOUBLE_CELL_LENGTH))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        buffer.putByte(offset, (byte)CellDescriptor.TAG_DOUBLE);
        buffer.putLong(offset + 1, Double.doubleToLongBits(value), ByteOrder.BIG_ENDIAN);
        return DOUBLE_CELL_LENGTH;
    }

    /**
     * Writes a Char: tag {@code 3c}, {@code 3d} or {@code 3e} for 1, 2 or 3 bytes, then the code point big-endian in
     * the fewest bytes (not UTF-8).
     *
     * @param buffer    the destination.
     * @param offset    where the cell starts.
     * @param codePoint 0…0x10FFFF.
     * @return 2…4, or {@code BAD_CODE_POINT} / {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeChar(final MutableDirectBuffer buffer, final int offset, final int codePoint)
    {
        if (codePoint < 0 || codePoint > MAX_CODE_POINT)
        {
            return EncodeError.BAD_CODE_POINT.code();
        }
        final int bytes = codePoint <= ONE_BYTE_CODE_POINT_MAX ? 1 : codePoint <= TWO_BYTE_CODE_POINT_MAX ? 2 : 3;
        if (!fits(buffer, offset, 1 + bytes))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        buffer.putByte(offset, (byte)(CellDescriptor.TAG_CHAR_1 + bytes - 1));
        for (int i = 0; i < bytes; i++)
        {
            buffer.putByte(offset + 1 + i, (byte)(codePoint >> (Byte.SIZE * (bytes - 1 - i))));
        }
        return 1 + bytes;
    }

    /**
     * Writes an Address: {@code 21 VLC(number)}.
     *
     * @param buffer  the destination.
     * @param offset  where the cell starts.
     * @param address the account number, ≥ 0.
     * @return 2…11, or {@code NEGATIVE_ADDRESS} / {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeAddress(final MutableDirectBuffer buffer, final int offset, final long address)
    {
        if (address < 0)
        {
            return EncodeError.NEGATIVE_ADDRESS.code();
        }
        return writeTagVlc(buffer, offset, CellDescriptor.TAG_ADDRESS, address);
    }

    /**
     * Writes a flat Blob: {@code 31 VLC(n)} and the n bytes. AccountKeys, Hashes and LongBlobs are Blobs on the wire.
     *
     * @param buffer    the destination.
     * @param offset    where the cell starts.
     * @param src       the blob's bytes.
     * @param srcOffset where they start.
     * @param length    n, 0…4096.
     * @return the cell length, or {@code BAD_COUNT} / {@code TOO_LONG_FOR_FLAT} / {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeBlob(
        final MutableDirectBuffer buffer,
        final int offset,
        final DirectBuffer src,
        final int srcOffset,
        final int length)
    {
        return writeFlat(buffer, offset, CellDescriptor.TAG_BLOB, src, srcOffset, length);
    }

    /**
     * Writes a flat String from its UTF-8 bytes: {@code 30 VLC(n)} and the n bytes (not validated, as in the
     * reference).
     *
     * @param buffer     the destination.
     * @param offset     where the cell starts.
     * @param utf8       the UTF-8 bytes.
     * @param utf8Offset where they start.
     * @param length     n, 0…4096.
     * @return the cell length, or {@code BAD_COUNT} / {@code TOO_LONG_FOR_FLAT} / {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeStringUtf8(
        final MutableDirectBuffer buffer,
        final int offset,
        final DirectBuffer utf8,
        final int utf8Offset,
        final int length)
    {
        return writeFlat(buffer, offset, CellDescriptor.TAG_STRING, utf8, utf8Offset, length);
    }

    /**
     * Writes a flat String: {@code 30 VLC(n)} and the n UTF-8 bytes of the characters; an unpaired surrogate becomes
     * {@code '?'} as in {@code String.getBytes(UTF_8)}, which the reference uses.
     *
     * @param buffer the destination.
     * @param offset where the cell starts.
     * @param value  the characters; at most 4096 UTF-8 bytes.
     * @return the cell length, or {@code TOO_LONG_FOR_FLAT} / {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeString(final MutableDirectBuffer buffer, final int offset, final CharSequence value)
    {
        final int length = utf8Length(value);
        if (length > BLOB_CHUNK_LENGTH)
        {
            return EncodeError.TOO_LONG_FOR_FLAT.code();
        }
        final int vlcLength = Vlc.encodedLength(length);
        if (!fits(buffer, offset, 1 + vlcLength + length))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        buffer.putByte(offset, (byte)CellDescriptor.TAG_STRING);
        Vlc.write(buffer, offset + 1, length);
        putUtf8(buffer, offset + 1 + vlcLength, value);
        return 1 + vlcLength + length;
    }

    /**
     * Writes a Symbol: {@code 32}, the name's UTF-8 length as one byte, then the name.
     *
     * @param buffer the destination.
     * @param offset where the cell starts.
     * @param name   1…128 UTF-8 bytes.
     * @return the cell length, or {@code BAD_NAME_LENGTH} / {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeSymbol(final MutableDirectBuffer buffer, final int offset, final CharSequence name)
    {
        return writeName(buffer, offset, CellDescriptor.TAG_SYMBOL, name);
    }

    /**
     * Writes a Keyword: {@code 33}, the name's UTF-8 length as one byte, then the name (without the colon).
     *
     * @param buffer the destination.
     * @param offset where the cell starts.
     * @param name   1…128 UTF-8 bytes.
     * @return the cell length, or {@code BAD_NAME_LENGTH} / {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeKeyword(final MutableDirectBuffer buffer, final int offset, final CharSequence name)
    {
        return writeName(buffer, offset, CellDescriptor.TAG_KEYWORD, name);
    }

    /**
     * Writes a Transfer transaction: {@code d1 VLC(origin) VLC(sequence) VLC(target) VLC(amount)}; the target is a raw
     * VLC, not an Address cell.
     *
     * @param buffer   the destination.
     * @param offset   where the cell starts.
     * @param origin   the sending account, ≥ 0.
     * @param sequence the origin's sequence number.
     * @param target   the receiving account, ≥ 0.
     * @param amount   0…{@link CellDescriptor#MAX_SUPPLY}.
     * @return the cell length, or {@code NEGATIVE_ADDRESS} / {@code BAD_AMOUNT} / {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeTransfer(
        final MutableDirectBuffer buffer,
        final int offset,
        final long origin,
        final long sequence,
        final long target,
        final long amount)
    {
        if (origin < 0 || target < 0)
        {
            return EncodeError.NEGATIVE_ADDRESS.code();
        }
        if (amount < 0 || amount > MAX_SUPPLY)
        {
            return EncodeError.BAD_AMOUNT.code();
        }
        final int length = 1 + Vlc.encodedLength(origin) + Vlc.encodedLength(sequence) + Vlc.encodedLength(target) +
            Vlc.encodedLength(amount);
        if (!fits(buffer, offset, length))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        int at = offset;
        buffer.putByte(at++, (byte)CellDescriptor.TAG_TRANSFER);
        at += Vlc.write(buffer, at, origin);
        at += Vlc.write(buffer, at, sequence);
        at += Vlc.write(buffer, at, target);
        Vlc.write(buffer, at, amount);
        return length;
    }

    /**
     * Writes the header of a Vector leaf of at most 16 items: {@code 80 VLC(count)}. The caller then writes the
     * {@code count} items as ref slots, e.g. with the flat writers or {@link #writeRefSlot}.
     *
     * @param buffer the destination.
     * @param offset where the cell starts.
     * @param count  0…16; longer vectors carry a prefix or are trees, which {@link ValueEncoder} builds.
     * @return 2, or {@code BAD_COUNT} / {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeVectorLeafHeader(final MutableDirectBuffer buffer, final int offset, final int count)
    {
        if (count < 0 || count > VECTOR_LEAF_SIZE)
        {
            return EncodeError.BAD_COUNT.code();
        }
        return writeTagVlc(buffer, offset, CellDescriptor.TAG_VECTOR, count);
    }

    /**
     * Writes the header of a Result record: {@code ad 04}. The caller then writes four ref slots: id, value, error
     * code, info.
     *
     * @param buffer the destination.
     * @param offset where the cell starts.
     * @return 2, or {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeResultHeader(final MutableDirectBuffer buffer, final int offset)
    {
        return writeTagVlc(buffer, offset, CellDescriptor.TAG_RESULT, RESULT_FIELD_COUNT);
    }

    /**
     * Writes the header of a SignedData: {@code 90}, the public key and the signature, both raw. The caller then writes
     * the value's ref slot. The signature is taken as given; it must be over the value ID of the value
     * (docs/wire-format.md §7).
     *
     * @param buffer          the destination.
     * @param offset          where the cell starts.
     * @param publicKey       the 32-byte Ed25519 public key.
     * @param publicKeyOffset where it starts.
     * @param signature       the 64-byte Ed25519 signature.
     * @param signatureOffset where it starts.
     * @return 97, or {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeSignedDataHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final DirectBuffer publicKey,
        final int publicKeyOffset,
        final DirectBuffer signature,
        final int signatureOffset)
    {
        if (!fits(buffer, offset, SIGNED_DATA_HEADER_LENGTH))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        buffer.putByte(offset, (byte)CellDescriptor.TAG_SIGNED_DATA);
        buffer.putBytes(offset + 1, publicKey, publicKeyOffset, PUBLIC_KEY_LENGTH);
        buffer.putBytes(offset + 1 + PUBLIC_KEY_LENGTH, signature, signatureOffset, SIGNATURE_LENGTH);
        return SIGNED_DATA_HEADER_LENGTH;
    }

    /**
     * Writes the header of an Invoke transaction: {@code d0 VLC(origin) VLC(sequence)}. The caller then writes the
     * command as a complete cell, inline whatever its size (it is not a ref slot).
     *
     * @param buffer   the destination.
     * @param offset   where the cell starts.
     * @param origin   the account, ≥ 0.
     * @param sequence the origin's sequence number.
     * @return the header length, or {@code NEGATIVE_ADDRESS} / {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeInvokeHeader(
        final MutableDirectBuffer buffer, final int offset, final long origin, final long sequence)
    {
        if (origin < 0)
        {
            return EncodeError.NEGATIVE_ADDRESS.code();
        }
        final int length = 1 + Vlc.encodedLength(origin) + Vlc.encodedLength(sequence);
        if (!fits(buffer, offset, length))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        buffer.putByte(offset, (byte)CellDescriptor.TAG_INVOKE);
        final int originLength = Vlc.write(buffer, offset + 1, origin);
        Vlc.write(buffer, offset + 1 + originLength, sequence);
        return length;
    }

    /**
     * Writes a cell into a ref slot (docs/wire-format.md §3): the cell itself when it is embedded, else {@code 20} and
     * its value ID. The cell's own non-embedded parts are the caller's business.
     *
     * @param buffer     the destination.
     * @param offset     where the slot starts.
     * @param cell       the complete encoding of the child.
     * @param cellOffset where it starts.
     * @param cellLength its length.
     * @param digest     the calling thread's digest, used when the child goes by ref.
     * @return the slot length, or {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeRefSlot(
        final MutableDirectBuffer buffer,
        final int offset,
        final DirectBuffer cell,
        final int cellOffset,
        final int cellLength,
        final ValueIdDigest digest)
    {
        if (isEmbedded(cell, cellOffset, cellLength))
        {
            if (!fits(buffer, offset, cellLength))
            {
                return EncodeError.INSUFFICIENT_CAPACITY.code();
            }
            buffer.putBytes(offset, cell, cellOffset, cellLength);
            return cellLength;
        }
        if (!fits(buffer, offset, REF_LENGTH))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        buffer.putByte(offset, (byte)CellDescriptor.TAG_REF);
        digest.valueId(cell, cellOffset, cellLength, buffer, offset + 1);
        return REF_LENGTH;
    }

    /**
     * Writes a ref: {@code 20} and a value ID already known.
     *
     * @param buffer        the destination.
     * @param offset        where the slot starts.
     * @param valueId       the 32-byte value ID.
     * @param valueIdOffset where it starts.
     * @return 33, or {@code INSUFFICIENT_CAPACITY}.
     */
    public static int writeRef(
        final MutableDirectBuffer buffer, final int offset, final DirectBuffer valueId, final int valueIdOffset)
    {
        if (!fits(buffer, offset, REF_LENGTH))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        buffer.putByte(offset, (byte)CellDescriptor.TAG_REF);
        buffer.putBytes(offset + 1, valueId, valueIdOffset, VALUE_ID_LENGTH);
        return REF_LENGTH;
    }

    /**
     * Whether a cell goes inline in a ref slot: at most 140 bytes and not a SignedData (docs/wire-format.md §3).
     *
     * @param cell   the complete encoding.
     * @param offset where it starts.
     * @param length its length, ≥ 1.
     * @return true when embedded.
     */
    public static boolean isEmbedded(final DirectBuffer cell, final int offset, final int length)
    {
        return length <= MAX_EMBEDDED_LENGTH && (cell.getByte(offset) & BYTE_MASK) != CellDescriptor.TAG_SIGNED_DATA;
    }

    /**
     * How many bytes the UTF-8 form of some characters takes, as {@code String.getBytes(UTF_8)} writes it (an
     * unpaired surrogate counts as the one-byte {@code '?'}).
     *
     * @param value the characters.
     * @return the UTF-8 length.
     */
    public static int utf8Length(final CharSequence value)
    {
        final int count = value.length();
        int length = 0;
        for (int i = 0; i < count; i++)
        {
            final char c = value.charAt(i);
            if (c < UTF8_ONE_BYTE_LIMIT)
            {
                length += 1;
            }
            else if (c < UTF8_TWO_BYTE_LIMIT)
            {
                length += 2;
            }
            else if (Character.isSurrogate(c))
            {
                if (Character.isHighSurrogate(c) && i + 1 < count && Character.isLowSurrogate(value.charAt(i + 1)))
                {
                    length += 4;
                    i++;
                }
                else
                {
                    length += 1;
                }
            }
            else
            {
                length += 3;
            }
        }
        return length;
    }

    /**
     * Writes the UTF-8 form of some characters with no bounds check beyond the buffer's own.
     *
     * @param buffer the destination, with room for {@link #utf8Length(CharSequence)} bytes.
     * @param offset where to write.
     * @param value  the characters.
     * @return the number of bytes written.
     */
    static int putUtf8(final MutableDirectBuffer buffer, final int offset, final CharSequence value)
    {
        final int count = value.length();
        int at = offset;
        for (int i = 0; i < count; i++)
        {
            final char c = value.charAt(i);
            if (c < UTF8_ONE_BYTE_LIMIT)
            {
                buffer.putByte(at++, (byte)c);
            }
            else if (c < UTF8_TWO_BYTE_LIMIT)
            {
                buffer.putByte(at++, (byte)(UTF8_TWO_BYTE_LEAD | (c >> UTF8_CONTINUATION_BITS)));
                buffer.putByte(at++, continuation(c));
            }
            else if (Character.isSurrogate(c))
            {
                if (Character.isHighSurrogate(c) && i + 1 < count && Character.isLowSurrogate(value.charAt(i + 1)))
                {
                    final int codePoint = Character.toCodePoint(c, value.charAt(++i));
                    buffer.putByte(at++, (byte)(UTF8_FOUR_BYTE_LEAD | (codePoint >> (3 * UTF8_CONTINUATION_BITS))));
                    buffer.putByte(at++, continuation(codePoint >> (2 * UTF8_CONTINUATION_BITS)));
                    buffer.putByte(at++, continuation(codePoint >> UTF8_CONTINUATION_BITS));
                    buffer.putByte(at++, continuation(codePoint));
                }
                else
                {
                    buffer.putByte(at++, UTF8_REPLACEMENT);
                }
            }
            else
            {
                buffer.putByte(at++, (byte)(UTF8_THREE_BYTE_LEAD | (c >> (2 * UTF8_CONTINUATION_BITS))));
                buffer.putByte(at++, continuation(c >> UTF8_CONTINUATION_BITS));
                buffer.putByte(at++, continuation(c));
            }
        }
        return at - offset;
    }

    static boolean fits(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        return offset >= 0 && length <= buffer.capacity() - offset;
    }

    static int writeFlat(
        final MutableDirectBuffer buffer,
        final int offset,
        final int tag,
        final DirectBuffer src,
        final int srcOffset,
        final int length)
    {
        if (length < 0)
        {
            return EncodeError.BAD_COUNT.code();
        }
        if (length > BLOB_CHUNK_LENGTH)
        {
            return EncodeError.TOO_LONG_FOR_FLAT.code();
        }
        final int vlcLength = Vlc.encodedLength(length);
        if (!fits(buffer, offset, 1 + vlcLength + length))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        buffer.putByte(offset, (byte)tag);
        Vlc.write(buffer, offset + 1, length);
        buffer.putBytes(offset + 1 + vlcLength, src, srcOffset, length);
        return 1 + vlcLength + length;
    }

    private static int writeTagVlc(final MutableDirectBuffer buffer, final int offset, final int tag, final long value)
    {
        final int length = 1 + Vlc.encodedLength(value);
        if (!fits(buffer, offset, length))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        buffer.putByte(offset, (byte)tag);
        Vlc.write(buffer, offset + 1, value);
        return length;
    }

    private static int writeName(
        final MutableDirectBuffer buffer, final int offset, final int tag, final CharSequence name)
    {
        final int length = utf8Length(name);
        if (length < MIN_NAME_LENGTH || length > MAX_NAME_LENGTH)
        {
            return EncodeError.BAD_NAME_LENGTH.code();
        }
        if (!fits(buffer, offset, NAME_HEADER_LENGTH + length))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        buffer.putByte(offset, (byte)tag);
        buffer.putByte(offset + 1, (byte)length);
        putUtf8(buffer, offset + NAME_HEADER_LENGTH, name);
        return NAME_HEADER_LENGTH + length;
    }

    private static byte continuation(final int bits)
    {
        return (byte)(UTF8_CONTINUATION | (bits & UTF8_CONTINUATION_MASK));
    }
}
