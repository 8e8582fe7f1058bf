package io.cellwire.codec;

import org.agrona.DirectBuffer;

import static io.cellwire.codec.CellDescriptor.*;

/**
 * Finds where a cell ends, validates it against every rule of docs/wire-format.md §4–§6 and §9, and reports each
 * {@code 0x20 <value-id>} dependency, in one pass over the bytes with no allocation.
 * <p>
 * Invalid input yields a negative {@link DecodeError} code, never an exception. Rules that need a child's bytes (tree
 * child types and sizes, map key order and digits, count sums) are checked wherever the child is inline; a child sent
 * by ref is checked when it is walked on its own.
 * <p>
 * An instance holds scratch state (a digest, a {@link KeyHashCache} of recent key hashes, hash scratch, the current
 * buffer), so it belongs to one thread.
 */
public final class CellWalker
{
    private static final int HASH_SLOT = 2 * VALUE_ID_LENGTH;
    private static final int NIBBLE_BITS = 4;
    private static final int NIBBLE_MASK = 0xf;
    private static final int MASK_BYTES = 2;
    private static final int DOUBLE_BYTES = 8;
    private static final int TIMESTAMP_BYTES = 8;
    private static final long DOUBLE_EXPONENT_MASK = 0x7ff0000000000000L;
    private static final long DOUBLE_MANTISSA_MASK = 0x000fffffffffffffL;
    private static final int BLOB_MAP_NO_ENTRY = 0x00;
    private static final int BLOB_MAP_ENTRY = 0x80;
    private static final int ACCOUNT_VLC_FIELDS = 3;
    private static final int ACCOUNT_ENVIRONMENT_BIT = 3;
    private static final int ACCOUNT_METADATA_BIT = 4;
    private static final int ACCOUNT_HOLDINGS_BIT = 5;
    private static final int ACCOUNT_CONTROLLER_BIT = 6;
    private static final int ACCOUNT_KEY_BIT = 7;
    /** Bytes of an empty Map or BlobMap: its tag and a count of 0. */
    private static final int EMPTY_MAP_LENGTH = 2;
    private static final int NO_TAG = -1;
    /** Largest count a 1-byte VLC holds. */
    private static final int MAX_ONE_BYTE_COUNT = 0x3f;
    /** First bytes of the 2-byte counts of embedded Blobs: 64…127 and 128…137 (tag and count leave 137 bytes). */
    private static final int TWO_BYTE_COUNT_LOW = 0x80;
    private static final int TWO_BYTE_COUNT_HIGH = 0x81;
    /** The only Call offer 0.7.9 can hold (docs/wire-format.md §9.1). */
    private static final long CALL_OFFER = 0;
    /** {@link #leaf} result for a tag it does not handle; below every {@link DecodeError} code. */
    private static final int NOT_A_LEAF = Integer.MIN_VALUE;

    private final ValueIdDigest digest = new ValueIdDigest();
    private final KeyHashCache keyHashCache = new KeyHashCache(digest);
    /** Per depth: the previous key hash then the current key hash of the map or set leaf being walked there. */
    private final byte[] keyHashes = new byte[(MAX_DEPTH + 2) * HASH_SLOT];
    /**
     * Per depth: the hex digit each key hash must have, by digit position, for the chain of inline trees above that
     * depth. A row per depth, so a map nested in a key or value never overwrites the digits its enclosing tree checks.
     */
    private final byte[] treePaths = new byte[(MAX_DEPTH + 2) * HASH_DIGITS];

    private DirectBuffer buffer;
    private int limit;
    private RefSink refs;
    /** Value of the last VLC read by {@link #vlc(int)}. */
    private long vlcValue;
    /** Count of the last Map, Set, BlobMap or Vector node walked; read by parents that check sums. */
    private long nodeCount;

    /**
     * Walks the cell at {@code offset}.
     *
     * @param buffer the bytes.
     * @param offset where the cell starts.
     * @param limit  the first offset that may not be read.
     * @param refs   receives each dependency, in encoding order.
     * @return the cell's length, or a negative {@link DecodeError} code.
     */
    public int walk(final DirectBuffer buffer, final int offset, final int limit, final RefSink refs)
    {
        this.buffer = buffer;
        this.limit = limit;
        this.refs = refs;
        try
        {
            final int end = cell(offset, 0);
            return end < 0 ? end : end - offset;
        }
        finally
        {
            this.buffer = null;
            this.refs = null;
        }
    }

    /**
     * Walks a cell that must fill exactly {@code length} bytes, as a frame payload or a DATA cell must.
     *
     * @param buffer the bytes.
     * @param offset where the cell starts.
     * @param length how many bytes it must take.
     * @param refs   receives each dependency.
     * @return {@code length}, or a negative {@link DecodeError} code ({@code TRAILING_BYTES} if the cell ends early).
     */
    public int walkExact(final DirectBuffer buffer, final int offset, final int length, final RefSink refs)
    {
        final int result = walk(buffer, offset, offset + length, refs);
        if (result < 0)
        {
            return result;
        }
        return result == length ? length : DecodeError.TRAILING_BYTES.code();
    }

    /**
     * Forgets every key hash this walker remembers, so the next walk hashes each inline map key and set element where
     * it first meets it, as a walker new to those keys must: the cold cost that benchmarks measure. A verdict never
     * depends on what the walker remembers. Call it on the walker's own thread.
     */
    public void forgetKeyHashes()
    {
        keyHashCache.clear();
    }

    /**
     * Whether a valid cell is embedded in its parent's ref slot rather than sent by ref (docs/wire-format.md §3): it is
     * not a SignedData and its encoding is at most 140 bytes (core defs always embed).
     *
     * @param tag    the cell's tag.
     * @param length the cell's encoding length.
     * @return true if embedded.
     */
    public static boolean isEmbedded(final int tag, final int length)
    {
        return tag != TAG_SIGNED_DATA && (length <= MAX_EMBEDDED_LENGTH || tag == TAG_CORE_DEF);
    }

    /**
     * Checks a cell that arrived to resolve a ref: a ref may only stand for a cell that is not embedded
     * (docs/wire-format.md §9 rule 5, stricter than 0.7.9, which accepts {@code 80 01 20 <h(0901)>}).
     *
     * @param tag    the resolved cell's tag.
     * @param length the resolved cell's encoding length.
     * @return 0 if a ref may stand for it, else {@code EMBEDDED_AS_REF} as a negative code.
     */
    public static int checkRefTarget(final int tag, final int length)
    {
        return isEmbedded(tag, length) ? DecodeError.EMBEDDED_AS_REF.code() : 0;
    }

    private int cell(final int pos, final int depth)
    {
        if (depth > MAX_DEPTH)
        {
            return DecodeError.TOO_DEEP.code();
        }
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int tag = buffer.getByte(pos) & 0xff;
        final int p = pos + 1;
        switch (tag)
        {
            case TAG_NULL:
            case TAG_TRUE:
            case TAG_FALSE:
                return p;
            case TAG_BYTE:
                return need(p, 1);
            case TAG_LONG:
                return vlc(p);
            case TAG_DOUBLE:
                return doubleBody(p);
            case TAG_ADDRESS:
                return address(p);
            case TAG_STRING:
            case TAG_BLOB:
                return blob(p, depth, tag);
            case TAG_SYMBOL:
            case TAG_KEYWORD:
                return name(p);
            case TAG_CHAR_1:
            case TAG_CHAR_1 + 1:
            case TAG_CHAR_1 + 2:
            case TAG_CHAR_4:
                return charBody(p, tag - TAG_CHAR_1 + 1);
            case TAG_VECTOR:
            case TAG_LIST:
                return vector(p, depth);
            case TAG_MAP:
                return hashTree(p, depth, TAG_MAP, MAP_LEAF_SIZE, 2, -1, 0, 0);
            case TAG_SET:
                return hashTree(p, depth, TAG_SET, SET_LEAF_SIZE, 1, -1, 0, 0);
            case TAG_BLOB_MAP:
                return blobMap(p, depth, -1);
            case TAG_SYNTAX:
                return syntax(p, depth);
            case TAG_SIGNED_DATA:
            {
                final int value = need(p, PUBLIC_KEY_LENGTH + SIGNATURE_LENGTH);
                return value < 0 ? value : refSlot(value, depth);
            }
            case TAG_STATE:
                return state(p, depth);
            case TAG_BELIEF:
            {
                final int q = inline(p, depth, TAG_BLOB_MAP, false);
                return q < 0 ? q : inline(q, depth, TAG_LONG, false);
            }
            case TAG_BLOCK:
            {
                final int q = need(p, TIMESTAMP_BYTES);
                return q < 0 ? q : inline(q, depth, TAG_VECTOR, false);
            }
            case TAG_ORDER:
                return order(p, depth);
            case TAG_RESULT:
                return result(p, depth);
            case TAG_BLOCK_RESULT:
            {
                final int q = inline(p, depth, TAG_STATE, false);
                return q < 0 ? q : inline(q, depth, TAG_VECTOR, false);
            }
            case TAG_ACCOUNT_STATUS:
                return accountStatus(p, depth);
            case TAG_PEER_STATUS:
                return peerStatus(p, depth);
            case TAG_MULTI_FN:
                return inline(p, depth, TAG_VECTOR, false);
            case TAG_OP:
                return op(p, depth);
            case TAG_CORE_DEF:
                return coreDef(p);
            case TAG_FN:
                return fn(p, depth);
            case TAG_INVOKE:
            {
                final int q = transactionHeader(p);
                return q < 0 ? q : cell(q, depth + 1);
            }
            case TAG_TRANSFER:
                return transfer(p);
            case TAG_CALL:
                return call(p, depth);
            case TAG_REF:
                return DecodeError.REF_OUTSIDE_SLOT.code();
            case TAG_SIGNATURE:
                return DecodeError.SIGNATURE_CELL.code();
            default:
                return DecodeError.UNKNOWN_TAG.code();
        }
    }

    /** A ref slot: a ref (recorded as a dependency) or an inline cell that must be embedded. */
    private int refSlot(final int pos, final int depth)
    {
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int tag = buffer.getByte(pos) & 0xff;
        if (tag == TAG_REF)
        {
            final int end = need(pos + 1, VALUE_ID_LENGTH);
            if (end >= 0)
            {
                refs.onRef(buffer, pos + 1);
            }
            return end;
        }
        if (depth < MAX_DEPTH)
        {
            final int end = leaf(pos + 1, tag);
            if (end != NOT_A_LEAF)
            {
                return end;
            }
        }
        final int end = cell(pos, depth + 1);
        return end < 0 ? end : embeddedCheck(tag, end - pos, end);
    }

    /**
     * The items that vector, list and map slots mostly hold, walked without the full {@link #cell} dispatch: nil,
     * booleans, Long, Address, Symbol and Keyword, each always embedded, and small Blobs and Strings. Same checks as
     * {@link #cell}.
     *
     * @return the end of the cell, a negative code, or {@link #NOT_A_LEAF} for any other tag.
     */
    private int leaf(final int p, final int tag)
    {
        switch (tag)
        {
            case TAG_NULL:
            case TAG_TRUE:
            case TAG_FALSE:
                return p;
            case TAG_LONG:
                return vlc(p);
            case TAG_ADDRESS:
                return address(p);
            case TAG_SYMBOL:
            case TAG_KEYWORD:
                return name(p);
            case TAG_STRING:
            case TAG_BLOB:
                return embeddedBlob(p);
            default:
                return NOT_A_LEAF;
        }
    }

    /**
     * A Blob or String body that is whole in the buffer and short enough to be embedded, with the shortest 1 or 2 byte
     * count: the common case of a ref slot, read without the general VLC and tree code. Anything else, valid or not,
     * is left to {@link #blob} so every error keeps its code.
     *
     * @return the end of the cell, or {@link #NOT_A_LEAF}.
     */
    private int embeddedBlob(final int p)
    {
        if (p >= limit)
        {
            return NOT_A_LEAF;
        }
        final int first = buffer.getByte(p) & 0xff;
        final int end;
        if (first <= MAX_ONE_BYTE_COUNT)
        {
            end = p + 1 + first;
        }
        else if ((first == TWO_BYTE_COUNT_LOW || first == TWO_BYTE_COUNT_HIGH) && p + 1 < limit)
        {
            final int second = buffer.getByte(p + 1);
            final int count = ((first & 0x7f) << 7) | second;
            if (second < 0 || count <= MAX_ONE_BYTE_COUNT || count > MAX_EMBEDDED_LENGTH - 3)
            {
                return NOT_A_LEAF;
            }
            end = p + 2 + count;
        }
        else
        {
            return NOT_A_LEAF;
        }
        return end <= limit ? end : NOT_A_LEAF;
    }

    private static int embeddedCheck(final int tag, final int length, final int end)
    {
        if (tag == TAG_SIGNED_DATA)
        {
            return DecodeError.SIGNED_DATA_INLINE.code();
        }
        return isEmbedded(tag, length) ? end : DecodeError.NON_EMBEDDED_INLINE.code();
    }

    /** A ref slot whose inline child, if any, must have the given tag. */
    private int typedRefSlot(final int pos, final int depth, final int requiredTag)
    {
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int tag = buffer.getByte(pos) & 0xff;
        if (tag != TAG_REF && tag != requiredTag)
        {
            return DecodeError.BAD_CHILD_TYPE.code();
        }
        return refSlot(pos, depth);
    }

    /** An inline field of a record: a full cell of the required tag, or nil where {@code nullable}. */
    private int inline(final int pos, final int depth, final int requiredTag, final boolean nullable)
    {
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int tag = buffer.getByte(pos) & 0xff;
        if (tag == TAG_NULL)
        {
            return nullable ? pos + 1 : DecodeError.NULL_FIELD.code();
        }
        if (requiredTag != NO_TAG && tag != requiredTag)
        {
            return DecodeError.BAD_CHILD_TYPE.code();
        }
        return cell(pos, depth + 1);
    }

    private int need(final int pos, final int bytes)
    {
        return limit - pos >= bytes ? pos + bytes : DecodeError.TRUNCATED.code();
    }

    /** Validates a VLC, leaves its value in {@link #vlcValue} and returns its end. */
    private int vlc(final int pos)
    {
        final int length = Vlc.length(buffer, pos, limit);
        if (length < 0)
        {
            return length;
        }
        vlcValue = Vlc.value(buffer, pos);
        return pos + length;
    }

    /** A VLC count or length that must not be negative. */
    private int count(final int pos)
    {
        final int end = vlc(pos);
        return end >= 0 && vlcValue < 0 ? DecodeError.NEGATIVE_COUNT.code() : end;
    }

    private int doubleBody(final int pos)
    {
        final int end = need(pos, DOUBLE_BYTES);
        if (end < 0)
        {
            return end;
        }
        final long bits = buffer.getLong(pos, java.nio.ByteOrder.BIG_ENDIAN);
        final boolean nan = (bits & DOUBLE_EXPONENT_MASK) == DOUBLE_EXPONENT_MASK && (bits & DOUBLE_MANTISSA_MASK) != 0;
        return nan && bits != CANONICAL_NAN_BITS ? DecodeError.NON_CANONICAL_NAN.code() : end;
    }

    private int address(final int pos)
    {
        final int end = vlc(pos);
        return end >= 0 && vlcValue < 0 ? DecodeError.NEGATIVE_ADDRESS.code() : end;
    }

    private int charBody(final int pos, final int bytes)
    {
        final int end = need(pos, bytes);
        if (end < 0)
        {
            return end;
        }
        if (bytes > 1 && buffer.getByte(pos) == 0)
        {
            return DecodeError.CHAR_NOT_MINIMAL.code();
        }
        long codePoint = 0;
        for (int i = 0; i < bytes; i++)
        {
            codePoint = (codePoint << Byte.SIZE) | (buffer.getByte(pos + i) & 0xff);
        }
        return codePoint > MAX_CODE_POINT ? DecodeError.CHAR_OUT_OF_RANGE.code() : end;
    }

    /** Symbol or Keyword: a length byte of 1…128, then the name. */
    private int name(final int pos)
    {
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int length = buffer.getByte(pos) & 0xff;
        if (length < MIN_NAME_LENGTH || length > MAX_NAME_LENGTH)
        {
            return DecodeError.BAD_NAME_LENGTH.code();
        }
        return need(pos + 1, length);
    }

    private int coreDef(final int pos)
    {
        final int end = name(pos);
        if (end < 0)
        {
            return end;
        }
        return CoreDefs.isCoreDef(buffer, pos + 1, end - pos - 1) ? end : DecodeError.UNKNOWN_CORE_DEF.code();
    }

    /** Blob or String body after the tag: flat up to 4096 bytes, else a tree of Blob children (docs/wire-format.md
     * §5.3). */
    private int blob(final int pos, final int depth, final int tag)
    {
        final int body = count(pos);
        if (body < 0)
        {
            return body;
        }
        final long length = vlcValue;
        if (tag == TAG_STRING && length > Integer.MAX_VALUE)
        {
            return DecodeError.COUNT_TOO_LARGE.code();
        }
        if (length <= BLOB_CHUNK_LENGTH)
        {
            return need(body, (int)length);
        }
        // not (length + 4095) / 4096, which overflows for lengths near Long.MAX_VALUE and finds one child for eight
        final long chunks = (length - 1) / BLOB_CHUNK_LENGTH + 1;
        int shift = 0;
        while ((((long)TREE_FAN_OUT) << shift) < chunks)
        {
            shift += NIBBLE_BITS;
        }
        final int children = (int)(((chunks - 1) >> shift) + 1);
        final long childLength = ((long)BLOB_CHUNK_LENGTH) << shift;
        int p = body;
        for (int i = 0; i < children; i++)
        {
            final long expected = i < children - 1 ? childLength : length - childLength * (children - 1);
            final int start = p;
            p = typedRefSlot(p, depth, TAG_BLOB);
            if (p < 0)
            {
                return p;
            }
            if (isInline(start) && Vlc.value(buffer, start + 1) != expected)
            {
                return DecodeError.BAD_CHILD_COUNT.code();
            }
        }
        return p;
    }

    private boolean isInline(final int slot)
    {
        return (buffer.getByte(slot) & 0xff) != TAG_REF;
    }

    /** Vector or List body after the tag (docs/wire-format.md §5.4). */
    private int vector(final int pos, final int depth)
    {
        int p = count(pos);
        if (p < 0)
        {
            return p;
        }
        final long count = vlcValue;
        if (count == 0)
        {
            return p;
        }
        if (count <= VECTOR_LEAF_SIZE || (count & (VECTOR_LEAF_SIZE - 1)) != 0)
        {
            final int items = count == VECTOR_LEAF_SIZE ? VECTOR_LEAF_SIZE : (int)(count & (VECTOR_LEAF_SIZE - 1));
            for (int i = 0; i < items; i++)
            {
                p = refSlot(p, depth);
                if (p < 0)
                {
                    return p;
                }
            }
            if (count > VECTOR_LEAF_SIZE)
            {
                p = vectorChild(p, depth, count - items);
            }
            return p;
        }
        int shift = NIBBLE_BITS;
        while (shift < Long.SIZE - NIBBLE_BITS && (1L << (shift + NIBBLE_BITS)) < count)
        {
            shift += NIBBLE_BITS;
        }
        final long childSize = 1L << shift;
        final int children = (int)(((count - 1) >> shift) + 1);
        for (int i = 0; i < children; i++)
        {
            p = vectorChild(p, depth, i < children - 1 ? childSize : count - childSize * (children - 1));
            if (p < 0)
            {
                return p;
            }
        }
        return p;
    }

    /** A prefix or tree child of a vector: by ref, or an inline Vector ({@code 0x80}) of exactly the expected count. */
    private int vectorChild(final int pos, final int depth, final long expectedCount)
    {
        final int end = typedRefSlot(pos, depth, TAG_VECTOR);
        if (end >= 0 && isInline(pos) && Vlc.value(buffer, pos + 1) != expectedCount)
        {
            return DecodeError.BAD_CHILD_COUNT.code();
        }
        return end;
    }

    /**
     * Map or Set body after the tag (docs/wire-format.md §5.5, §5.6): a leaf of entries sorted by key value ID, or a
     * tree of children by hex digit. Key digits at positions {@code [pathFrom, pathTo)} must equal this depth's row of
     * {@link #treePaths}.
     *
     * @param slotsPerEntry 2 for a map (key, value), 1 for a set.
     * @param parentShift   the shift of the inline parent tree, or -1 if there is none.
     */
    private int hashTree(
        final int pos,
        final int depth,
        final int tag,
        final int leafSize,
        final int slotsPerEntry,
        final int parentShift,
        final int pathFrom,
        final int pathTo)
    {
        int p = count(pos);
        if (p < 0)
        {
            return p;
        }
        final long count = vlcValue;
        if (parentShift >= 0 && count == 0)
        {
            return DecodeError.BAD_CHILD_COUNT.code();
        }
        if (count <= leafSize)
        {
            p = hashLeaf(p, depth, (int)count, slotsPerEntry, pathFrom, pathTo);
            nodeCount = count;
            return p;
        }
        p = need(p, 1 + MASK_BYTES);
        if (p < 0)
        {
            return p;
        }
        final int shift = buffer.getByte(p - 1 - MASK_BYTES) & 0xff;
        if (shift >= HASH_DIGITS || (parentShift >= 0 && shift != parentShift + 1))
        {
            return DecodeError.BAD_TREE_SHIFT.code();
        }
        final int mask = buffer.getShort(p - MASK_BYTES, java.nio.ByteOrder.BIG_ENDIAN) & 0xffff;
        if (mask == 0)
        {
            return DecodeError.BAD_TREE_MASK.code();
        }
        final int childFrom = parentShift >= 0 ? pathFrom : shift;
        long inlineSum = 0;
        int refChildren = 0;
        for (int digit = 0; digit < TREE_FAN_OUT; digit++)
        {
            if ((mask & (1 << digit)) == 0)
            {
                continue;
            }
            if (p >= limit)
            {
                return DecodeError.TRUNCATED.code();
            }
            final int childTag = buffer.getByte(p) & 0xff;
            if (childTag == TAG_REF)
            {
                p = refSlot(p, depth);
                refChildren++;
            }
            else if (childTag != tag)
            {
                return DecodeError.BAD_CHILD_TYPE.code();
            }
            else
            {
                if (depth + 1 > MAX_DEPTH)
                {
                    return DecodeError.TOO_DEEP.code();
                }
                final int parentRow = depth * HASH_DIGITS;
                final int childRow = parentRow + HASH_DIGITS;
                System.arraycopy(treePaths, parentRow + childFrom, treePaths, childRow + childFrom, shift - childFrom);
                treePaths[childRow + shift] = (byte)digit;
                final int start = p;
                p = hashTree(p + 1, depth + 1, tag, leafSize, slotsPerEntry, shift, childFrom, shift + 1);
                if (p >= 0)
                {
                    p = embeddedCheck(tag, p - start, p);
                    inlineSum += nodeCount;
                }
            }
            if (p < 0)
            {
                return p;
            }
        }
        if (refChildren == 0 ? inlineSum != count : inlineSum + refChildren > count)
        {
            return DecodeError.BAD_CHILD_COUNT.code();
        }
        nodeCount = count;
        return p;
    }

    private int hashLeaf(
        final int pos,
        final int depth,
        final int entries,
        final int slotsPerEntry,
        final int pathFrom,
        final int pathTo)
    {
        final int previous = depth * HASH_SLOT;
        final int current = previous + VALUE_ID_LENGTH;
        // the one key of a leaf that no inline tree holds has no key to follow and no digit to match, so no rule needs
        // its hash: skipping it spares the SHA3 of most small maps, such as the {:doc ...} of each metadata entry
        final boolean keysChecked = entries > 1 || pathFrom < pathTo;
        int p = pos;
        for (int i = 0; i < entries; i++)
        {
            final int keyStart = p;
            p = refSlot(p, depth);
            if (p < 0)
            {
                return p;
            }
            if (keysChecked)
            {
                keyHash(keyStart, p, current);
                if (i > 0 && compareHashes(previous, current) >= 0)
                {
                    return DecodeError.UNSORTED_ENTRIES.code();
                }
                for (int digitPos = pathFrom; digitPos < pathTo; digitPos++)
                {
                    if (digit(current, digitPos) != treePaths[depth * HASH_DIGITS + digitPos])
                    {
                        return DecodeError.BAD_TREE_DIGIT.code();
                    }
                }
                System.arraycopy(keyHashes, current, keyHashes, previous, VALUE_ID_LENGTH);
            }
            for (int s = 1; s < slotsPerEntry; s++)
            {
                p = refSlot(p, depth);
                if (p < 0)
                {
                    return p;
                }
            }
        }
        return p;
    }

    /** The value ID of the key in the slot {@code [start, end)}: carried by a ref, or hashed from the inline cell. */
    private void keyHash(final int start, final int end, final int hashOffset)
    {
        if (!isInline(start))
        {
            buffer.getBytes(start + 1, keyHashes, hashOffset, VALUE_ID_LENGTH);
        }
        else
        {
            keyHashCache.valueId(buffer, start, end - start, keyHashes, hashOffset);
        }
    }

    private int compareHashes(final int a, final int b)
    {
        for (int i = 0; i < VALUE_ID_LENGTH; i++)
        {
            final int diff = (keyHashes[a + i] & 0xff) - (keyHashes[b + i] & 0xff);
            if (diff != 0)
            {
                return diff;
            }
        }
        return 0;
    }

    private int digit(final int hashOffset, final int digitPos)
    {
        final int b = keyHashes[hashOffset + (digitPos >> 1)] & 0xff;
        return (digitPos & 1) == 0 ? b >>> NIBBLE_BITS : b & NIBBLE_MASK;
    }

    /**
     * BlobMap node after the tag (docs/wire-format.md §5.8).
     *
     * @param expectedDepth the depth an inline child must have, or -1 at the top.
     */
    private int blobMap(final int pos, final int depth, final long expectedDepth)
    {
        int p = count(pos);
        if (p < 0)
        {
            return p;
        }
        final long count = vlcValue;
        if (count == 0)
        {
            if (expectedDepth >= 0)
            {
                return DecodeError.BAD_CHILD_COUNT.code();
            }
            nodeCount = 0;
            return p;
        }
        p = count(p);
        if (p < 0)
        {
            return p;
        }
        final long nodeDepth = vlcValue;
        if (expectedDepth >= 0 && nodeDepth != expectedDepth)
        {
            return DecodeError.BAD_CHILD_COUNT.code();
        }
        p = count(p);
        if (p < 0)
        {
            return p;
        }
        final long childDepth = nodeDepth + vlcValue + 1;
        if (p >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int entry = buffer.getByte(p++) & 0xff;
        if (entry != BLOB_MAP_NO_ENTRY && entry != BLOB_MAP_ENTRY)
        {
            return DecodeError.BAD_BLOB_MAP_ENTRY.code();
        }
        final int entries = entry == BLOB_MAP_ENTRY ? 1 : 0;
        for (int i = 0; i < 2 * entries; i++)
        {
            p = refSlot(p, depth);
            if (p < 0)
            {
                return p;
            }
        }
        if (count == 1)
        {
            nodeCount = 1;
            return entries == 1 ? p : DecodeError.BAD_CHILD_COUNT.code();
        }
        p = need(p, MASK_BYTES);
        if (p < 0)
        {
            return p;
        }
        final int mask = buffer.getShort(p - MASK_BYTES, java.nio.ByteOrder.BIG_ENDIAN) & 0xffff;
        final int children = Integer.bitCount(mask);
        long inlineSum = entries;
        int refChildren = 0;
        for (int i = 0; i < children; i++)
        {
            if (p >= limit)
            {
                return DecodeError.TRUNCATED.code();
            }
            final int childTag = buffer.getByte(p) & 0xff;
            if (childTag == TAG_REF)
            {
                p = refSlot(p, depth);
                refChildren++;
            }
            else if (childTag != TAG_BLOB_MAP)
            {
                return DecodeError.BAD_CHILD_TYPE.code();
            }
            else
            {
                if (depth + 1 > MAX_DEPTH)
                {
                    return DecodeError.TOO_DEEP.code();
                }
                final int start = p;
                p = blobMap(p + 1, depth + 1, childDepth);
                if (p >= 0)
                {
                    p = embeddedCheck(TAG_BLOB_MAP, p - start, p);
                    inlineSum += nodeCount;
                }
            }
            if (p < 0)
            {
                return p;
            }
        }
        if (refChildren == 0 ? inlineSum != count : inlineSum + refChildren > count)
        {
            return DecodeError.BAD_CHILD_COUNT.code();
        }
        nodeCount = count;
        return p;
    }

    private int syntax(final int pos, final int depth)
    {
        final int p = refSlot(pos, depth);
        if (p < 0)
        {
            return p;
        }
        if (p >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int metaTag = buffer.getByte(p) & 0xff;
        if (metaTag == TAG_NULL)
        {
            return p + 1;
        }
        if (metaTag != TAG_MAP)
        {
            return DecodeError.BAD_SYNTAX_META.code();
        }
        final int countEnd = count(p + 1);
        if (countEnd >= 0 && vlcValue == 0)
        {
            return DecodeError.BAD_SYNTAX_META.code();
        }
        return cell(p, depth + 1);
    }

    private int state(final int pos, final int depth)
    {
        int p = inline(pos, depth, TAG_VECTOR, false);
        p = p < 0 ? p : inline(p, depth, TAG_BLOB_MAP, false);
        p = p < 0 ? p : inline(p, depth, TAG_VECTOR, false);
        return p < 0 ? p : inline(p, depth, TAG_BLOB_MAP, false);
    }

    private int order(final int pos, final int depth)
    {
        int p = inline(pos, depth, TAG_VECTOR, false);
        if (p < 0)
        {
            return p;
        }
        final long blocks = Vlc.value(buffer, pos + 1);
        p = vlc(p);
        if (p < 0)
        {
            return p;
        }
        final long proposalPoint = vlcValue;
        p = vlc(p);
        if (p < 0)
        {
            return p;
        }
        final long consensusPoint = vlcValue;
        final boolean valid = consensusPoint >= 0 && consensusPoint <= blocks &&
            proposalPoint >= consensusPoint && proposalPoint <= blocks;
        return valid ? p : DecodeError.BAD_ORDER_POINTS.code();
    }

    private int result(final int pos, final int depth)
    {
        int p = vlc(pos);
        if (p < 0)
        {
            return p;
        }
        if (vlcValue != RESULT_FIELD_COUNT)
        {
            return DecodeError.BAD_RESULT_FIELD_COUNT.code();
        }
        for (int i = 0; i < RESULT_FIELD_COUNT && p >= 0; i++)
        {
            p = refSlot(p, depth);
        }
        return p;
    }

    private int accountStatus(final int pos, final int depth)
    {
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int included = buffer.getByte(pos) & 0xff;
        int p = pos + 1;
        for (int bit = 0; bit < ACCOUNT_VLC_FIELDS && p >= 0; bit++)
        {
            if ((included & (1 << bit)) != 0)
            {
                p = vlc(p);
                // 0.7.9 sets a field's bit only when the field is not 0, and reads c1 01 00 as c1 00
                p = p >= 0 && vlcValue == 0 ? DecodeError.NULL_FIELD.code() : p;
            }
        }
        p = nonEmptyAccountMap(p, accountField(p, depth, included, ACCOUNT_ENVIRONMENT_BIT, TAG_MAP));
        p = accountField(p, depth, included, ACCOUNT_METADATA_BIT, TAG_MAP);
        p = nonEmptyAccountMap(p, accountField(p, depth, included, ACCOUNT_HOLDINGS_BIT, TAG_BLOB_MAP));
        p = accountField(p, depth, included, ACCOUNT_CONTROLLER_BIT, TAG_ADDRESS);
        if (p >= 0 && (included & (1 << ACCOUNT_KEY_BIT)) != 0)
        {
            p = need(p, PUBLIC_KEY_LENGTH);
        }
        return p;
    }

    /**
     * An environment or holdings field that is an empty map ({@code tag 00}, two bytes) is refused: 0.7.9's writer
     * keeps an empty one as absent and its {@code validateCell} refuses it ("Account should not have empty map").
     */
    private int nonEmptyAccountMap(final int start, final int end)
    {
        if (start < 0 || end < 0 || end - start != EMPTY_MAP_LENGTH || buffer.getByte(start + 1) != 0)
        {
            return end;
        }
        return DecodeError.EMPTY_ACCOUNT_MAP.code();
    }

    private int accountField(final int pos, final int depth, final int included, final int bit, final int tag)
    {
        if (pos < 0 || (included & (1 << bit)) == 0)
        {
            return pos;
        }
        return inline(pos, depth, tag, false);
    }

    private int peerStatus(final int pos, final int depth)
    {
        int p = inline(pos, depth, TAG_ADDRESS, true);
        p = p < 0 ? p : vlc(p);
        p = p < 0 ? p : inline(p, depth, TAG_BLOB_MAP, true);
        p = p < 0 ? p : vlc(p);
        return p < 0 ? p : inline(p, depth, TAG_MAP, true);
    }

    /** Op body after the tag: opcode byte, then per docs/wire-format.md §5.12. */
    private int op(final int pos, final int depth)
    {
        if (pos >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int opcode = buffer.getByte(pos) & 0xff;
        final int p = pos + 1;
        switch (opcode)
        {
            case OP_CONSTANT:
            case OP_LAMBDA:
                return refSlot(p, depth);
            case OP_INVOKE:
            case OP_DO:
            case OP_COND:
            case OP_QUERY:
                return inline(p, depth, TAG_VECTOR, false);
            case OP_LOOKUP:
            {
                final int q = inline(p, depth, TAG_SYMBOL, false);
                return q < 0 ? q : inline(q, depth, TAG_OP, true);
            }
            case OP_DEF:
            {
                if (p >= limit)
                {
                    return DecodeError.TRUNCATED.code();
                }
                final int keyTag = buffer.getByte(p) & 0xff;
                if (keyTag != TAG_SYMBOL && keyTag != TAG_SYNTAX)
                {
                    return DecodeError.BAD_CHILD_TYPE.code();
                }
                final int q = cell(p, depth + 1);
                return q < 0 ? q : refSlot(q, depth);
            }
            case OP_LET:
            case OP_LOOP:
            {
                final int q = inline(p, depth, TAG_VECTOR, false);
                return q < 0 ? q : inline(q, depth, TAG_VECTOR, false);
            }
            case OP_LOCAL:
                // 0.7.9's Local.create returns null for a negative position: the reader makes nil of the op
                return count(p);
            default:
                return opcode >= OP_SPECIAL_FIRST && opcode <= OP_SPECIAL_LAST ? p : DecodeError.UNKNOWN_OPCODE.code();
        }
    }

    /** Params, body and lexical environment, none nil: 0.7.9 reads a nil environment but cannot encode it. */
    private int fn(final int pos, final int depth)
    {
        int p = inline(pos, depth, TAG_VECTOR, false);
        p = p < 0 ? p : inline(p, depth, TAG_OP, false);
        return p < 0 ? p : inline(p, depth, TAG_VECTOR, false);
    }

    /** Origin (a non-negative address number) and sequence of a transaction. */
    private int transactionHeader(final int pos)
    {
        int p = vlc(pos);
        if (p < 0)
        {
            return p;
        }
        if (vlcValue < 0)
        {
            return DecodeError.NEGATIVE_ORIGIN.code();
        }
        return vlc(p);
    }

    private int transfer(final int pos)
    {
        int p = transactionHeader(pos);
        p = p < 0 ? p : address(p);
        p = p < 0 ? p : vlc(p);
        if (p >= 0 && (vlcValue < 0 || vlcValue > MAX_SUPPLY))
        {
            return DecodeError.BAD_AMOUNT.code();
        }
        return p;
    }

    /** A Call whose offer is 0: 0.7.9's {@code Call.create} drops the offer, so the reader makes 0 of any other. */
    private int call(final int pos, final int depth)
    {
        int p = transactionHeader(pos);
        p = p < 0 ? p : inline(p, depth, TAG_ADDRESS, false);
        p = p < 0 ? p : vlc(p);
        if (p >= 0 && vlcValue != CALL_OFFER)
        {
            return DecodeError.BAD_AMOUNT.code();
        }
        p = p < 0 ? p : inline(p, depth, TAG_SYMBOL, false);
        return p < 0 ? p : inline(p, depth, TAG_VECTOR, false);
    }
}
