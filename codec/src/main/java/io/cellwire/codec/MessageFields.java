package io.cellwire.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.cellwire.codec.CellDescriptor.*;

/**
 * The field readers and writers that the generated message flyweights are made of: each reader checks one field at
 * {@code pos} and returns where it ends, or a negative {@link DecodeError} code; each writer returns the bytes written.
 * <p>
 * Stateless; the walker and ref list a reader is given belong to the calling thread.
 */
public final class MessageFields
{
    /** Tag value meaning "any tag" for {@link #cellSlot} and {@link #wholeCell}. */
    public static final int ANY_TAG = -1;
    /** An Address cell's smallest value; decoders return {@code NULL_ADDRESS} (-1) for nil. */
    public static final long NULL_ADDRESS = -1;

    private static final int HASH_CELL_LENGTH = 2 + VALUE_ID_LENGTH;
    private static final int HASH_PREFIX_BYTES = 4;

    private MessageFields()
    {
    }

    /**
     * A Vector leaf header {@code 80 count} with exactly {@code count} (≤ 16) items.
     *
     * @return the offset of the first item, or a negative code.
     */
    public static int vectorHeader(final DirectBuffer buffer, final int pos, final int limit, final int count)
    {
        return recordHeader(buffer, pos, limit, TAG_VECTOR, count);
    }

    /**
     * A record header {@code tag count}, as Result's {@code ad 04}.
     *
     * @return the offset of the first field, or a negative code.
     */
    public static int recordHeader(
        final DirectBuffer buffer, final int pos, final int limit, final int tag, final int count)
    {
        if (limit - pos < 2)
        {
            return DecodeError.TRUNCATED.code();
        }
        if ((buffer.getByte(pos) & 0xff) != tag || buffer.getByte(pos + 1) != count)
        {
            return DecodeError.WRONG_MESSAGE_SHAPE.code();
        }
        return pos + 2;
    }

    /**
     * A Long cell {@code 09 VLC}; read its value with {@code Vlc.value(buffer, pos + 1)}.
     *
     * @return the end of the cell, or a negative code.
     */
    public static int longCell(final DirectBuffer buffer, final int pos, final int limit)
    {
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        if ((buffer.getByte(pos) & 0xff) != TAG_LONG)
        {
            return DecodeError.WRONG_MESSAGE_SHAPE.code();
        }
        final int length = Vlc.length(buffer, pos + 1, limit);
        return length < 0 ? length : pos + 1 + length;
    }

    /**
     * An Address cell {@code 21 VLC}, or nil when {@code optional}.
     *
     * @return the end of the cell, or a negative code.
     */
    public static int addressCell(final DirectBuffer buffer, final int pos, final int limit, final boolean optional)
    {
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int tag = buffer.getByte(pos) & 0xff;
        if (tag == TAG_NULL && optional)
        {
            return pos + 1;
        }
        if (tag != TAG_ADDRESS)
        {
            return DecodeError.WRONG_MESSAGE_SHAPE.code();
        }
        final int length = Vlc.length(buffer, pos + 1, limit);
        if (length < 0)
        {
            return length;
        }
        return Vlc.value(buffer, pos + 1) < 0 ? DecodeError.NEGATIVE_ADDRESS.code() : pos + 1 + length;
    }

    /**
     * Reads an Address cell that {@link #addressCell} accepted.
     *
     * @return the address number, or {@link #NULL_ADDRESS} for nil.
     */
    public static long addressValue(final DirectBuffer buffer, final int pos)
    {
        return (buffer.getByte(pos) & 0xff) == TAG_NULL ? NULL_ADDRESS : Vlc.value(buffer, pos + 1);
    }

    /**
     * A Keyword cell, or nil when {@code optional}. Never a ref: a Keyword is always embedded.
     *
     * @return the end of the cell, or a negative code.
     */
    public static int keywordCell(
        final CellWalker walker, final DirectBuffer buffer, final int pos, final int limit, final boolean optional)
    {
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int tag = buffer.getByte(pos) & 0xff;
        if (tag == TAG_NULL && optional)
        {
            return pos + 1;
        }
        if (tag != TAG_KEYWORD)
        {
            return DecodeError.WRONG_MESSAGE_SHAPE.code();
        }
        final int length = walker.walk(buffer, pos, limit, RefSink.NONE);
        return length < 0 ? length : pos + length;
    }

    /**
     * A 32-byte Blob {@code 31 20 <32>} holding a value ID.
     *
     * @return the end of the cell, or a negative code; the ID starts at {@code pos + 2}.
     */
    public static int hashCell(final DirectBuffer buffer, final int pos, final int limit)
    {
        if (limit - pos < 2)
        {
            return DecodeError.TRUNCATED.code();
        }
        if ((buffer.getByte(pos) & 0xff) != TAG_BLOB || buffer.getByte(pos + 1) != VALUE_ID_LENGTH)
        {
            return DecodeError.WRONG_MESSAGE_SHAPE.code();
        }
        return limit - pos < HASH_CELL_LENGTH ? DecodeError.TRUNCATED.code() : pos + HASH_CELL_LENGTH;
    }

    /**
     * A ref slot: a {@code 20} ref (reported to {@code refs}) or an embedded cell of {@code requiredTag} (or any tag),
     * or nil when {@code optional}.
     *
     * @return the end of the slot, or a negative code.
     */
    public static int cellSlot(
        final CellWalker walker,
        final RefSink refs,
        final DirectBuffer buffer,
        final int pos,
        final int limit,
        final int requiredTag,
        final boolean optional)
    {
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int tag = buffer.getByte(pos) & 0xff;
        if (tag == TAG_REF)
        {
            return refSlot(refs, buffer, pos, limit, false);
        }
        if (tag == TAG_NULL && optional)
        {
            return pos + 1;
        }
        if (tag == TAG_SIGNED_DATA)
        {
            return DecodeError.SIGNED_DATA_INLINE.code();
        }
        if (requiredTag != ANY_TAG && tag != requiredTag)
        {
            return DecodeError.WRONG_MESSAGE_SHAPE.code();
        }
        final int length = walker.walk(buffer, pos, limit, refs);
        if (length < 0)
        {
            return length;
        }
        return CellWalker.isEmbedded(tag, length) ? pos + length : DecodeError.NON_EMBEDDED_INLINE.code();
    }

    /**
     * A ref slot that must hold a {@code 20} ref (reported to {@code refs}), or nil when {@code optional}.
     *
     * @return the end of the slot, or a negative code.
     */
    public static int refSlot(
        final RefSink refs, final DirectBuffer buffer, final int pos, final int limit, final boolean optional)
    {
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int tag = buffer.getByte(pos) & 0xff;
        if (tag == TAG_NULL && optional)
        {
            return pos + 1;
        }
        if (tag != TAG_REF)
        {
            return tag == TAG_SIGNED_DATA ? DecodeError.SIGNED_DATA_INLINE.code() :
                DecodeError.WRONG_MESSAGE_SHAPE.code();
        }
        if (limit - pos < REF_LENGTH)
        {
            return DecodeError.TRUNCATED.code();
        }
        refs.onRef(buffer, pos + 1);
        return pos + REF_LENGTH;
    }

    /**
     * A whole cell of any size (a DATA payload), of {@code requiredTag} or any tag.
     *
     * @return the end of the cell, or a negative code.
     */
    public static int wholeCell(
        final CellWalker walker,
        final RefSink refs,
        final DirectBuffer buffer,
        final int pos,
        final int limit,
        final int requiredTag)
    {
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        if (requiredTag != ANY_TAG && (buffer.getByte(pos) & 0xff) != requiredTag)
        {
            return DecodeError.WRONG_MESSAGE_SHAPE.code();
        }
        final int length = walker.walk(buffer, pos, limit, refs);
        return length < 0 ? length : pos + length;
    }

    /**
     * A SignedData cell whose value slot holds a ref or an embedded cell of {@code valueTag} (or any tag).
     *
     * @return the end of the cell, or a negative code; the value slot starts at {@code pos + 97}.
     */
    public static int signedCell(
        final CellWalker walker,
        final RefSink refs,
        final DirectBuffer buffer,
        final int pos,
        final int limit,
        final int valueTag)
    {
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        if ((buffer.getByte(pos) & 0xff) != TAG_SIGNED_DATA)
        {
            return DecodeError.WRONG_MESSAGE_SHAPE.code();
        }
        if (limit - pos < SIGNED_DATA_HEADER_LENGTH)
        {
            return DecodeError.TRUNCATED.code();
        }
        return cellSlot(walker, refs, buffer, pos + SIGNED_DATA_HEADER_LENGTH, limit, valueTag, false);
    }

    /**
     * Whether the slot at {@code pos} holds a {@code 20} ref.
     *
     * @return true for a ref.
     */
    public static boolean isRef(final DirectBuffer buffer, final int pos)
    {
        return (buffer.getByte(pos) & 0xff) == TAG_REF;
    }

    /**
     * Whether the slot at {@code pos} holds nil.
     *
     * @return true for nil.
     */
    public static boolean isNil(final DirectBuffer buffer, final int pos)
    {
        return (buffer.getByte(pos) & 0xff) == TAG_NULL;
    }

    /**
     * Writes a Long cell.
     *
     * @return bytes written.
     */
    public static int putLong(final MutableDirectBuffer buffer, final int pos, final long value)
    {
        buffer.putByte(pos, (byte)TAG_LONG);
        return 1 + Vlc.write(buffer, pos + 1, value);
    }

    /**
     * Writes an Address cell.
     *
     * @return bytes written.
     */
    public static int putAddress(final MutableDirectBuffer buffer, final int pos, final long address)
    {
        buffer.putByte(pos, (byte)TAG_ADDRESS);
        return 1 + Vlc.write(buffer, pos + 1, address);
    }

    /**
     * Writes nil.
     *
     * @return bytes written.
     */
    public static int putNil(final MutableDirectBuffer buffer, final int pos)
    {
        buffer.putByte(pos, (byte)TAG_NULL);
        return 1;
    }

    /**
     * Writes a 32-byte Blob {@code 31 20 <id>}.
     *
     * @return bytes written.
     */
    public static int putHash(
        final MutableDirectBuffer buffer, final int pos, final DirectBuffer valueId, final int valueIdOffset)
    {
        buffer.putByte(pos, (byte)TAG_BLOB);
        buffer.putByte(pos + 1, (byte)VALUE_ID_LENGTH);
        buffer.putBytes(pos + 2, valueId, valueIdOffset, VALUE_ID_LENGTH);
        return HASH_CELL_LENGTH;
    }

    /**
     * Writes a {@code 20} ref.
     *
     * @return bytes written.
     */
    public static int putRef(
        final MutableDirectBuffer buffer, final int pos, final DirectBuffer valueId, final int valueIdOffset)
    {
        buffer.putByte(pos, (byte)TAG_REF);
        buffer.putBytes(pos + 1, valueId, valueIdOffset, VALUE_ID_LENGTH);
        return REF_LENGTH;
    }

    /**
     * Writes an encoded cell into a ref slot: inline when it is embedded, else as a {@code 20} ref to its value ID
     * (the cell itself must then travel as DATA).
     *
     * @return bytes written.
     */
    public static int putCellSlot(
        final MutableDirectBuffer buffer,
        final int pos,
        final DirectBuffer cell,
        final int cellOffset,
        final int cellLength,
        final ValueIdDigest digest)
    {
        if (CellWalker.isEmbedded(cell.getByte(cellOffset) & 0xff, cellLength))
        {
            buffer.putBytes(pos, cell, cellOffset, cellLength);
            return cellLength;
        }
        buffer.putByte(pos, (byte)TAG_REF);
        digest.valueId(cell, cellOffset, cellLength, buffer, pos + 1);
        return REF_LENGTH;
    }

    /**
     * Writes an encoded cell as it is, with no slot rules (a whole payload, e.g. DATA or a SignedData).
     *
     * @return bytes written.
     */
    public static int putCell(
        final MutableDirectBuffer buffer,
        final int pos,
        final DirectBuffer cell,
        final int cellOffset,
        final int length)
    {
        buffer.putBytes(pos, cell, cellOffset, length);
        return length;
    }

    /**
     * Moves a payload down to a lower offset in the same buffer, front to back, so overlapping ranges are safe: it
     * copies a long at a time, each read whole before it is written, and a write below {@code from + i} can only reach
     * source bytes already read.
     *
     * @param buffer the buffer.
     * @param from   where the bytes are.
     * @param to     where they go, at most {@code from}.
     * @param length how many bytes.
     */
    public static void moveDown(final MutableDirectBuffer buffer, final int from, final int to, final int length)
    {
        if (from == to)
        {
            return;
        }
        int i = 0;
        for (final int lastWord = length - Long.BYTES; i <= lastWord; i += Long.BYTES)
        {
            buffer.putLong(to + i, buffer.getLong(from + i));
        }
        for (; i < length; i++)
        {
            buffer.putByte(to + i, buffer.getByte(from + i));
        }
    }

    /**
     * Renders the first bytes of a value ID, {@code 0x66e4c6f3…}.
     *
     * @param builder where to append.
     * @param buffer  the bytes.
     * @param offset  where the 32-byte ID starts.
     */
    public static void appendHash(final StringBuilder builder, final DirectBuffer buffer, final int offset)
    {
        builder.append("0x");
        appendHex(builder, buffer, offset, HASH_PREFIX_BYTES);
        builder.append('…');
    }

    /**
     * Renders a slot: a ref as {@code #ref:66e4c6f3}, else the inline cell as {@link CellPrinter} shows it.
     *
     * @param printer the caller's printer.
     * @param builder where to append.
     * @param buffer  the bytes.
     * @param offset  where the cell, or the ref's value ID, starts.
     * @param length  the cell's length, or 32 for a ref.
     * @param isRef   whether the slot holds a ref.
     */
    public static void appendSlot(
        final CellPrinter printer,
        final StringBuilder builder,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final boolean isRef)
    {
        if (isRef)
        {
            builder.append("#ref:");
            appendHex(builder, buffer, offset, HASH_PREFIX_BYTES);
        }
        else
        {
            printer.print(buffer, offset, length, builder);
        }
    }

    private static void appendHex(final StringBuilder builder, final DirectBuffer buffer, final int offset, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int b = buffer.getByte(offset + i) & 0xff;
            builder.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
        }
    }
}
