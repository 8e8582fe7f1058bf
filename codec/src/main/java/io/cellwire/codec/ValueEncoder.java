package io.cellwire.codec;

import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import static io.cellwire.codec.CellDescriptor.BLOB_CHUNK_LENGTH;
import static io.cellwire.codec.CellDescriptor.MAP_LEAF_SIZE;
import static io.cellwire.codec.CellDescriptor.RESULT_FIELD_COUNT;
import static io.cellwire.codec.CellDescriptor.SET_LEAF_SIZE;
import static io.cellwire.codec.CellDescriptor.SIGNED_DATA_HEADER_LENGTH;
import static io.cellwire.codec.CellDescriptor.TREE_FAN_OUT;
import static io.cellwire.codec.CellDescriptor.VECTOR_LEAF_SIZE;

/**
 * Encodes values of any size, byte-identical to the 0.7.9 reference, into an {@link EncodedCells}: the top cell plus
 * every non-embedded child cell, each once, children before parents.
 * <p>
 * Values are built in postfix order on a stack, so no element needs a heap object: push the parts, then an operation
 * pops them and pushes the composite. A QUERY payload {@code [id form address]}:
 * <pre>
 *   encoder.reset();
 *   encoder.pushLong(id);
 *   encoder.pushCell(formBuffer, formOffset, formLength);   // an already-encoded cell
 *   encoder.pushAddress(11);
 *   encoder.pushVector(3);
 *   encoder.finish();                                       // encoder.cells() now holds the top and the children
 * </pre>
 * Layouts follow docs/wire-format.md §5: Blob and String trees of 4096-byte chunks, Vector leaves with a prefix and
 * Vector trees, Lists reversed over Vector nodes, Map (8) and Set (16) leaves sorted by value ID and hash trees by hex
 * digit of the value ID, SignedData, Result and transactions. A part that is at most 140 bytes and not a SignedData
 * goes inline in its ref slot, anything else goes as {@code 20} and its value ID and is listed as a child.
 * <p>
 * Every push returns the length of the cell it pushed, or a negative {@link EncodeError} code; after an error the
 * stack is unspecified and the caller should {@link #reset()}. Storage grows while the encoder warms up and is reused
 * afterwards: steady-state encoding allocates nothing.
 * <p>
 * Owned by one thread (it holds a digest and scratch storage); give each encoding thread its own.
 */
public final class ValueEncoder
{
    /** Arena bytes a default encoder starts with. */
    public static final int DEFAULT_BUFFER_CAPACITY = 64 * 1024;
    /** Cells a default encoder starts with room for. */
    public static final int DEFAULT_CELL_CAPACITY = 1024;

    private static final int NO_CELL = -1;
    /** Stack slots per Map entry: key, value. */
    private static final int MAP_ENTRY_WIDTH = 2;
    /** Stack slots per Set element. */
    private static final int SET_ELEMENT_WIDTH = 1;
    /** Bits per tree level of Vector and Blob trees: one hex digit of fan-out. */
    private static final int LEVEL_BITS = 4;
    /** Bytes between the count and the child slots of a Map or Set tree: shift byte and 2-byte mask. */
    private static final int HASH_TREE_HEADER_LENGTH = 3;
    /** Values a Call pops: target, function, args. */
    private static final int CALL_PART_COUNT = 3;

    private final EncodedCells cells;
    private int[] stack;
    private int depth;
    private int[] scratch;

    /**
     * An encoder with the default starting capacities.
     */
    public ValueEncoder()
    {
        this(DEFAULT_BUFFER_CAPACITY, DEFAULT_CELL_CAPACITY);
    }

    /**
     * An encoder sized for its expected values, so that it need not grow while warming up.
     *
     * @param bufferCapacity arena bytes to start with.
     * @param cellCapacity   cells (including intermediate ones and elements) to start with.
     */
    public ValueEncoder(final int bufferCapacity, final int cellCapacity)
    {
        cells = new EncodedCells(bufferCapacity, cellCapacity);
        stack = new int[cellCapacity];
        scratch = new int[cellCapacity];
    }

    /**
     * The cells of the last finished value; valid until the next {@link #reset()}.
     *
     * @return the reusable result holder.
     */
    public EncodedCells cells()
    {
        return cells;
    }

    /**
     * Forgets everything pushed and encoded so far; call before each new value.
     */
    public void reset()
    {
        depth = 0;
        cells.reset();
    }

    /**
     * How many values are on the stack.
     *
     * @return the stack depth.
     */
    public int depth()
    {
        return depth;
    }

    /**
     * Pops the one value on the stack and makes it the top cell of {@link #cells()}.
     *
     * @return the top cell's length, or {@code NOT_ONE_VALUE}.
     */
    public int finish()
    {
        if (depth != 1)
        {
            return EncodeError.NOT_ONE_VALUE.code();
        }
        depth = 0;
        final int top = stack[0];
        cells.setTop(top);
        return cells.length(top);
    }

    /**
     * Pushes nil.
     *
     * @return 1.
     */
    public int pushNil()
    {
        final int at = cells.claim(CellEncoder.TAG_ONLY_LENGTH);
        return pushWritten(at, CellEncoder.writeNil(cells.arena(), at));
    }

    /**
     * Pushes a Boolean.
     *
     * @param value the value.
     * @return 1.
     */
    public int pushBoolean(final boolean value)
    {
        final int at = cells.claim(CellEncoder.TAG_ONLY_LENGTH);
        return pushWritten(at, CellEncoder.writeBoolean(cells.arena(), at, value));
    }

    /**
     * Pushes a Byte.
     *
     * @param value the value; only its low 8 bits count.
     * @return 2.
     */
    public int pushByte(final int value)
    {
        final int at = cells.claim(CellEncoder.BYTE_CELL_LENGTH);
        return pushWritten(at, CellEncoder.writeByte(cells.arena(), at, value));
    }

    /**
     * Pushes a Long.
     *
     * @param value any long.
     * @return the cell length.
     */
    public int pushLong(final long value)
    {
        final int at = cells.claim(CellEncoder.MAX_VLC_CELL_LENGTH);
        return pushWritten(at, CellEncoder.writeLong(cells.arena(), at, value));
    }

    /**
     * Pushes a Double; NaN is written canonically.
     *
     * @param value any double.
     * @return 9.
     */
    public int pushDouble(final double value)
    {
        final int at = cells.claim(CellEncoder.DOUBLE_CELL_LENGTH);
        return pushWritten(at, CellEncoder.writeDouble(cells.arena(), at, value));
    }

    /**
     * Pushes a Char.
     *
     * @param codePoint 0…0x10FFFF.
     * @return the cell length, or {@code BAD_CODE_POINT}.
     */
    public int pushChar(final int codePoint)
    {
        final int at = cells.claim(CellEncoder.MAX_CHAR_CELL_LENGTH);
        return pushWritten(at, CellEncoder.writeChar(cells.arena(), at, codePoint));
    }

    /**
     * Pushes an Address.
     *
     * @param address the account number, ≥ 0.
     * @return the cell length, or {@code NEGATIVE_ADDRESS}.
     */
    public int pushAddress(final long address)
    {
        final int at = cells.claim(CellEncoder.MAX_VLC_CELL_LENGTH);
        return pushWritten(at, CellEncoder.writeAddress(cells.arena(), at, address));
    }

    /**
     * Pushes a Symbol.
     *
     * @param name 1…128 UTF-8 bytes.
     * @return the cell length, or {@code BAD_NAME_LENGTH}.
     */
    public int pushSymbol(final CharSequence name)
    {
        final int at = cells.claim(CellEncoder.MAX_NAME_CELL_LENGTH);
        return pushWritten(at, CellEncoder.writeSymbol(cells.arena(), at, name));
    }

    /**
     * Pushes a Keyword.
     *
     * @param name 1…128 UTF-8 bytes, without the colon.
     * @return the cell length, or {@code BAD_NAME_LENGTH}.
     */
    public int pushKeyword(final CharSequence name)
    {
        final int at = cells.claim(CellEncoder.MAX_NAME_CELL_LENGTH);
        return pushWritten(at, CellEncoder.writeKeyword(cells.arena(), at, name));
    }

    /**
     * Pushes a Blob of any length: flat up to 4096 bytes, else a BlobTree whose chunks become child cells.
     *
     * @param src    the bytes.
     * @param offset where they start.
     * @param length how many, ≥ 0.
     * @return the top cell length, or {@code BAD_COUNT}.
     */
    public int pushBlob(final DirectBuffer src, final int offset, final int length)
    {
        if (length < 0)
        {
            return EncodeError.BAD_COUNT.code();
        }
        return pushHandle(blobNode(CellDescriptor.TAG_BLOB, src, offset, length));
    }

    /**
     * Pushes a String of any length from its UTF-8 bytes (not validated); over 4096 bytes its tree children are Blob
     * cells.
     *
     * @param utf8   the bytes.
     * @param offset where they start.
     * @param length how many, ≥ 0.
     * @return the top cell length, or {@code BAD_COUNT}.
     */
    public int pushStringUtf8(final DirectBuffer utf8, final int offset, final int length)
    {
        if (length < 0)
        {
            return EncodeError.BAD_COUNT.code();
        }
        return pushHandle(blobNode(CellDescriptor.TAG_STRING, utf8, offset, length));
    }

    /**
     * Pushes a String of any length, UTF-8 encoded as {@code String.getBytes(UTF_8)} does.
     *
     * @param value the characters.
     * @return the top cell length.
     */
    public int pushString(final CharSequence value)
    {
        final int length = CellEncoder.utf8Length(value);
        if (length <= BLOB_CHUNK_LENGTH)
        {
            final int at = cells.claim(CellEncoder.MAX_FLAT_CELL_LENGTH);
            return pushWritten(at, CellEncoder.writeString(cells.arena(), at, value));
        }
        final ExpandableArrayBuffer arena = cells.arena();
        final int at = cells.claim(length);
        CellEncoder.putUtf8(arena, at, value);
        cells.skip(at, length);
        return pushHandle(blobNode(CellDescriptor.TAG_STRING, arena, at, length));
    }

    /**
     * Pushes a cell that is already encoded, e.g. a compiled form or a record this encoder has no writer for. The
     * bytes are trusted to be one valid cell; any {@code 20} refs inside it are the caller's to supply.
     *
     * @param src    the complete encoding.
     * @param offset where it starts.
     * @param length its length, ≥ 1.
     * @return the length, or {@code BAD_COUNT}.
     */
    public int pushCell(final DirectBuffer src, final int offset, final int length)
    {
        if (length < 1)
        {
            return EncodeError.BAD_COUNT.code();
        }
        final int at = cells.claim(length);
        cells.arena().putBytes(at, src, offset, length);
        return pushWritten(at, length);
    }

    /**
     * Pushes a Transfer transaction.
     *
     * @param origin   the sending account, ≥ 0.
     * @param sequence the origin's sequence number.
     * @param target   the receiving account, ≥ 0.
     * @param amount   0…{@link CellDescriptor#MAX_SUPPLY}.
     * @return the cell length, or {@code NEGATIVE_ADDRESS} / {@code BAD_AMOUNT}.
     */
    public int pushTransfer(final long origin, final long sequence, final long target, final long amount)
    {
        final int at = cells.claim(CellEncoder.MAX_TRANSFER_LENGTH);
        return pushWritten(at, CellEncoder.writeTransfer(cells.arena(), at, origin, sequence, target, amount));
    }

    /**
     * Pops {@code count} values (the first pushed is element 0) and pushes the Vector of them.
     *
     * @param count ≥ 0.
     * @return the top cell length, or {@code BAD_COUNT} / {@code STACK_UNDERFLOW}.
     */
    public int pushVector(final int count)
    {
        return pushSequence(CellDescriptor.TAG_VECTOR, count);
    }

    /**
     * Pops {@code count} values (the first pushed is the head) and pushes the List of them; the reference stores a
     * List's elements reversed, in Vector nodes.
     *
     * @param count ≥ 0.
     * @return the top cell length, or {@code BAD_COUNT} / {@code STACK_UNDERFLOW}.
     */
    public int pushList(final int count)
    {
        if (count < 0)
        {
            return EncodeError.BAD_COUNT.code();
        }
        if (count > depth)
        {
            return EncodeError.STACK_UNDERFLOW.code();
        }
        for (int lo = depth - count, hi = depth - 1; lo < hi; lo++, hi--)
        {
            final int swap = stack[lo];
            stack[lo] = stack[hi];
            stack[hi] = swap;
        }
        return pushSequence(CellDescriptor.TAG_LIST, count);
    }

    /**
     * Pushes a Vector of Longs.
     *
     * @param values the longs.
     * @param offset index of the first.
     * @param count  how many, ≥ 0.
     * @return the top cell length, or {@code BAD_COUNT}.
     */
    public int pushVectorOfLongs(final long[] values, final int offset, final int count)
    {
        if (count < 0 || offset < 0 || offset > values.length - count)
        {
            return EncodeError.BAD_COUNT.code();
        }
        for (int i = 0; i < count; i++)
        {
            pushLong(values[offset + i]);
        }
        return pushVector(count);
    }

    /**
     * Pops {@code entryCount} key/value pairs (pushed key first) and pushes the hash Map of them. When a key occurs
     * more than once the value pushed last wins, as with successive {@code assoc}.
     *
     * @param entryCount ≥ 0.
     * @return the top cell length, or {@code BAD_COUNT} / {@code STACK_UNDERFLOW}.
     */
    public int pushMap(final int entryCount)
    {
        return pushHashCollection(CellDescriptor.TAG_MAP, entryCount, MAP_ENTRY_WIDTH, MAP_LEAF_SIZE);
    }

    /**
     * Pops {@code count} values and pushes the hash Set of them; duplicates count once.
     *
     * @param count ≥ 0.
     * @return the top cell length, or {@code BAD_COUNT} / {@code STACK_UNDERFLOW}.
     */
    public int pushSet(final int count)
    {
        return pushHashCollection(CellDescriptor.TAG_SET, count, SET_ELEMENT_WIDTH, SET_LEAF_SIZE);
    }

    /**
     * Pops id, value, error code and info (pushed in that order) and pushes the Result record.
     *
     * @return the cell length, or {@code STACK_UNDERFLOW}.
     */
    public int pushResult()
    {
        if (depth < RESULT_FIELD_COUNT)
        {
            return EncodeError.STACK_UNDERFLOW.code();
        }
        final int from = depth - RESULT_FIELD_COUNT;
        final int cell = writeNode(CellDescriptor.TAG_RESULT, RESULT_FIELD_COUNT, from, RESULT_FIELD_COUNT, NO_CELL);
        depth = from;
        return pushHandle(cell);
    }

    /**
     * Pops a value and pushes the SignedData of it with the given key and signature, taken as given (the signature must
     * be over the value's ID). A SignedData always goes by ref in a parent.
     *
     * @param publicKey       the 32-byte Ed25519 public key.
     * @param publicKeyOffset where it starts.
     * @param signature       the 64-byte signature.
     * @param signatureOffset where it starts.
     * @return the cell length, or {@code STACK_UNDERFLOW}.
     */
    public int pushSignedData(
        final DirectBuffer publicKey,
        final int publicKeyOffset,
        final DirectBuffer signature,
        final int signatureOffset)
    {
        if (depth < 1)
        {
            return EncodeError.STACK_UNDERFLOW.code();
        }
        final int value = stack[depth - 1];
        final int length = SIGNED_DATA_HEADER_LENGTH + cells.slotLength(value);
        final int at = cells.claim(length);
        CellEncoder.writeSignedDataHeader(cells.arena(), at, publicKey, publicKeyOffset, signature, signatureOffset);
        cells.writeSlot(at + SIGNED_DATA_HEADER_LENGTH, value);
        depth--;
        return pushHandle(cells.commit(at, length));
    }

    /**
     * Pops a command and pushes the Invoke transaction; the command is written inline whatever its size.
     *
     * @param origin   the account, ≥ 0.
     * @param sequence the origin's sequence number.
     * @return the cell length, or {@code STACK_UNDERFLOW} / {@code NEGATIVE_ADDRESS}.
     */
    public int pushInvoke(final long origin, final long sequence)
    {
        if (depth < 1)
        {
            return EncodeError.STACK_UNDERFLOW.code();
        }
        if (origin < 0)
        {
            return EncodeError.NEGATIVE_ADDRESS.code();
        }
        final int command = stack[depth - 1];
        final int at = cells.claim(CellEncoder.MAX_INVOKE_HEADER_LENGTH + cells.length(command));
        final int headerLength = CellEncoder.writeInvokeHeader(cells.arena(), at, origin, sequence);
        final int length = headerLength + cells.writeInline(at + headerLength, command);
        depth--;
        return pushHandle(cells.commit(at, length));
    }

    /**
     * Pops a target Address, a function Symbol and an args Vector (pushed in that order) and pushes the Call
     * transaction; the three are written inline.
     *
     * @param origin   the account, ≥ 0.
     * @param sequence the origin's sequence number.
     * @param offer    coins offered to the callee: 0, the only offer that survives a 0.7.9 peer (its
     *                 {@code Call.create} drops the field, so a Call read with another offer encodes with 0 and gets
     *                 another value ID; {@link CellWalker} rejects any other, docs/wire-format.md §9.1).
     * @return the cell length, or {@code STACK_UNDERFLOW} / {@code NEGATIVE_ADDRESS} / {@code BAD_AMOUNT} /
     * {@code WRONG_TYPE}.
     */
    public int pushCall(final long origin, final long sequence, final long offer)
    {
        if (depth < CALL_PART_COUNT)
        {
            return EncodeError.STACK_UNDERFLOW.code();
        }
        if (origin < 0)
        {
            return EncodeError.NEGATIVE_ADDRESS.code();
        }
        if (offer != 0)
        {
            return EncodeError.BAD_AMOUNT.code();
        }
        final int base = depth - CALL_PART_COUNT;
        final int target = stack[base];
        final int function = stack[base + 1];
        final int args = stack[base + 2];
        if (cells.tag(target) != CellDescriptor.TAG_ADDRESS || cells.tag(function) != CellDescriptor.TAG_SYMBOL ||
            cells.tag(args) != CellDescriptor.TAG_VECTOR)
        {
            return EncodeError.WRONG_TYPE.code();
        }
        final int length = 1 + Vlc.encodedLength(origin) + Vlc.encodedLength(sequence) + cells.length(target) +
            Vlc.encodedLength(offer) + cells.length(function) + cells.length(args);
        final ExpandableArrayBuffer arena = cells.arena();
        final int at = cells.claim(length);
        int p = at;
        arena.putByte(p++, (byte)CellDescriptor.TAG_CALL);
        p += Vlc.write(arena, p, origin);
        p += Vlc.write(arena, p, sequence);
        p += cells.writeInline(p, target);
        p += Vlc.write(arena, p, offer);
        p += cells.writeInline(p, function);
        cells.writeInline(p, args);
        depth -= CALL_PART_COUNT;
        return pushHandle(cells.commit(at, length));
    }

    private int pushWritten(final int at, final int length)
    {
        if (length < 0)
        {
            return length;
        }
        return pushHandle(cells.commit(at, length));
    }

    private int pushHandle(final int cell)
    {
        pushStack(cell);
        return cells.length(cell);
    }

    private void pushStack(final int cell)
    {
        if (depth == stack.length)
        {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = cell;
    }

    private int pushSequence(final int tag, final int count)
    {
        if (count < 0)
        {
            return EncodeError.BAD_COUNT.code();
        }
        if (count > depth)
        {
            return EncodeError.STACK_UNDERFLOW.code();
        }
        final int from = depth - count;
        final int cell = vectorNode(tag, from, count);
        depth = from;
        return pushHandle(cell);
    }

    /**
     * Encodes the {@code count} elements at {@code stack[from…]} as a Vector node (docs/wire-format.md §5.4): a leaf of
     * up to 16 items, a leaf of the last {@code count % 16} items followed by a prefix Vector, or a tree of full
     * children.
     */
    private int vectorNode(final int tag, final int from, final int count)
    {
        if (count <= VECTOR_LEAF_SIZE)
        {
            return writeNode(tag, count, from, count, NO_CELL);
        }
        final int tail = count & (VECTOR_LEAF_SIZE - 1);
        if (tail != 0)
        {
            final int prefix = vectorNode(CellDescriptor.TAG_VECTOR, from, count - tail);
            return writeNode(tag, count, from + count - tail, tail, prefix);
        }
        int shift = LEVEL_BITS;
        while ((1L << (shift + LEVEL_BITS)) < count)
        {
            shift += LEVEL_BITS;
        }
        final int childSize = 1 << shift;
        final int base = depth;
        for (int start = 0; start < count; start += childSize)
        {
            pushStack(vectorNode(CellDescriptor.TAG_VECTOR, from + start, Math.min(childSize, count - start)));
        }
        final int cell = writeNode(tag, count, base, depth - base, NO_CELL);
        depth = base;
        return cell;
    }

    /**
     * Encodes {@code length} bytes as a flat Blob/String (≤ 4096) or a tree node (docs/wire-format.md §5.3) whose
     * children, each covering {@code 4096 << shift} bytes, are Blob cells.
     */
    private int blobNode(final int tag, final DirectBuffer src, final int offset, final int length)
    {
        if (length <= BLOB_CHUNK_LENGTH)
        {
            final int at = cells.claim(CellEncoder.MAX_FLAT_CELL_LENGTH);
            return cells.commit(at, CellEncoder.writeFlat(cells.arena(), at, tag, src, offset, length));
        }
        final long chunks = (length + (long)BLOB_CHUNK_LENGTH - 1) / BLOB_CHUNK_LENGTH;
        int shift = 0;
        while (((long)TREE_FAN_OUT << shift) < chunks)
        {
            shift += LEVEL_BITS;
        }
        final long childLength = (long)BLOB_CHUNK_LENGTH << shift;
        final int base = depth;
        for (long start = 0; start < length; start += childLength)
        {
            final int part = (int)Math.min(childLength, length - start);
            pushStack(blobNode(CellDescriptor.TAG_BLOB, src, offset + (int)start, part));
        }
        final int cell = writeNode(tag, length, base, depth - base, NO_CELL);
        depth = base;
        return cell;
    }

    private int pushHashCollection(final int tag, final int count, final int width, final int leafSize)
    {
        if (count < 0)
        {
            return EncodeError.BAD_COUNT.code();
        }
        if ((long)count * width > depth)
        {
            return EncodeError.STACK_UNDERFLOW.code();
        }
        final int from = depth - count * width;
        for (int i = 0; i < count; i++)
        {
            cells.valueIdOffset(stack[from + i * width]);
        }
        sortByKeyValueId(from, count, width);
        final int distinct = dropEqualKeys(from, count, width);
        final int cell = hashNode(tag, from, distinct, width, leafSize, 0);
        depth = from;
        return pushHandle(cell);
    }

    /**
     * Encodes {@code n} records (key first, sorted by key value ID) at {@code stack[from…]} as a leaf, or as a tree
     * node at hex digit {@code shift} whose children are the runs of records sharing that digit (docs/wire-format.md
     * §5.5, §5.6).
     */
    private int hashNode(
        final int tag, final int from, final int n, final int width, final int leafSize, final int shift)
    {
        if (n <= leafSize)
        {
            return writeNode(tag, n, from, n * width, NO_CELL);
        }
        final int base = depth;
        int mask = 0;
        int i = 0;
        while (i < n)
        {
            final int digit = cells.hexDigit(stack[from + i * width], shift);
            int j = i + 1;
            while (j < n && cells.hexDigit(stack[from + j * width], shift) == digit)
            {
                j++;
            }
            pushStack(hashNode(tag, from + i * width, j - i, width, leafSize, shift + 1));
            mask |= 1 << digit;
            i = j;
        }
        final int cell = writeHashTree(tag, n, shift, mask, base, depth - base);
        depth = base;
        return cell;
    }

    /**
     * Writes {@code tag VLC(count)}, then the cells at {@code stack[from … from+n)} as ref slots, then {@code extra}
     * as one more slot unless it is {@code NO_CELL}.
     */
    private int writeNode(final int tag, final long count, final int from, final int n, final int extra)
    {
        int length = 1 + Vlc.encodedLength(count);
        for (int i = 0; i < n; i++)
        {
            length += cells.slotLength(stack[from + i]);
        }
        if (extra != NO_CELL)
        {
            length += cells.slotLength(extra);
        }
        final ExpandableArrayBuffer arena = cells.arena();
        final int at = cells.claim(length);
        arena.putByte(at, (byte)tag);
        int p = at + 1 + Vlc.write(arena, at + 1, count);
        for (int i = 0; i < n; i++)
        {
            p += cells.writeSlot(p, stack[from + i]);
        }
        if (extra != NO_CELL)
        {
            cells.writeSlot(p, extra);
        }
        return cells.commit(at, length);
    }

    private int writeHashTree(
        final int tag, final int count, final int shift, final int mask, final int from, final int n)
    {
        int length = 1 + Vlc.encodedLength(count) + HASH_TREE_HEADER_LENGTH;
        for (int i = 0; i < n; i++)
        {
            length += cells.slotLength(stack[from + i]);
        }
        final ExpandableArrayBuffer arena = cells.arena();
        final int at = cells.claim(length);
        arena.putByte(at, (byte)tag);
        int p = at + 1 + Vlc.write(arena, at + 1, count);
        arena.putByte(p++, (byte)shift);
        arena.putShort(p, (short)mask, ByteOrder.BIG_ENDIAN);
        p += Short.BYTES;
        for (int i = 0; i < n; i++)
        {
            p += cells.writeSlot(p, stack[from + i]);
        }
        return cells.commit(at, length);
    }

    /**
     * Stable bottom-up merge sort of {@code n} records of {@code width} ints at {@code stack[from…]}, by the unsigned
     * value ID of each record's first cell.
     */
    private void sortByKeyValueId(final int from, final int n, final int width)
    {
        final int total = n * width;
        if (scratch.length < total)
        {
            scratch = new int[Math.max(total, scratch.length * 2)];
        }
        int[] src = stack;
        int srcFrom = from;
        int[] dst = scratch;
        int dstFrom = 0;
        for (int run = 1; run < n; run <<= 1)
        {
            for (int lo = 0; lo < n; lo += run << 1)
            {
                merge(src, srcFrom, dst, dstFrom, lo, Math.min(lo + run, n), Math.min(lo + (run << 1), n), width);
            }
            final int[] swap = src;
            src = dst;
            dst = swap;
            final int swapFrom = srcFrom;
            srcFrom = dstFrom;
            dstFrom = swapFrom;
        }
        if (src != stack)
        {
            System.arraycopy(src, srcFrom, stack, from, total);
        }
    }

    private void merge(
        final int[] src,
        final int srcFrom,
        final int[] dst,
        final int dstFrom,
        final int lo,
        final int mid,
        final int hi,
        final int width)
    {
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid || j < hi)
        {
            final boolean takeRight = i == mid ||
                (j < hi && cells.compareValueIds(src[srcFrom + j * width], src[srcFrom + i * width]) < 0);
            final int record = takeRight ? j++ : i++;
            System.arraycopy(src, srcFrom + record * width, dst, dstFrom + k * width, width);
            k++;
        }
    }

    /**
     * Compacts sorted records so that each key value ID occurs once, keeping the record pushed last.
     *
     * @return the number of records left.
     */
    private int dropEqualKeys(final int from, final int n, final int width)
    {
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            if (i + 1 < n && cells.compareValueIds(stack[from + i * width], stack[from + (i + 1) * width]) == 0)
            {
                continue;
            }
            if (kept != i)
            {
                System.arraycopy(stack, from + i * width, stack, from + kept * width, width);
            }
            kept++;
        }
        return kept;
    }
}
