package io.cellwire.codec;

/**
 * Named reasons why bytes are not a valid cell or frame.
 * <p>
 * Decoders return {@link #code()} (always negative) instead of throwing, so that bad input costs a return value and a
 * counter, not an exception; {@link #of(int)} turns a code back into its reason for logs and tools. Stateless; safe
 * from any thread.
 */
public enum DecodeError
{
    /** The input ends before the cell, field or frame does. */
    TRUNCATED,
    /** Bytes remain after a complete cell where none may. */
    TRAILING_BYTES,
    /** The tag is not one the 0.7.9 reader decodes. */
    UNKNOWN_TAG,
    /** A ref ({@code 0x20}) appears outside a ref slot, e.g. at the top level. */
    REF_OUTSIDE_SLOT,
    /** A Signature cell ({@code 0x22}) appears as a decoded cell; signatures are only raw inside SignedData. */
    SIGNATURE_CELL,
    /** A VLC has an excess leading sign byte. */
    VLC_NOT_MINIMAL,
    /** A VLC continues past its tenth byte. */
    VLC_TOO_LONG,
    /** A ten-byte VLC carries information beyond 63 bits. */
    VLC_OVERFLOW,
    /** A count, a length or a Local op's position is negative. */
    NEGATIVE_COUNT,
    /** A count or length is larger than any valid encoding could hold. */
    COUNT_TOO_LARGE,
    /** A ref slot holds inline a cell that is not embedded (longer than 140 bytes). */
    NON_EMBEDDED_INLINE,
    /** A ref slot holds a SignedData inline; SignedData always travels by ref. */
    SIGNED_DATA_INLINE,
    /** A ref slot holds a ref to a cell that would have been embedded (detected on resolution). */
    EMBEDDED_AS_REF,
    /** A Symbol, Keyword or core def name is empty or longer than 128 bytes. */
    BAD_NAME_LENGTH,
    /** A Double is a NaN other than {@code 0x7ff8000000000000}. */
    NON_CANONICAL_NAN,
    /** A Char has a leading zero byte. */
    CHAR_NOT_MINIMAL,
    /** A Char is above U+10FFFF. */
    CHAR_OUT_OF_RANGE,
    /** An Address is negative. */
    NEGATIVE_ADDRESS,
    /** Map or Set leaf entries are not in strictly increasing value-ID order (unsorted or duplicate). */
    UNSORTED_ENTRIES,
    /** A child of a tree, a prefix or a record field has the wrong type. */
    BAD_CHILD_TYPE,
    /** Child sizes or counts do not add up to the parent's count, or a child has the wrong size. */
    BAD_CHILD_COUNT,
    /** A Map or Set tree child holds a key whose hash digit does not match its position. */
    BAD_TREE_DIGIT,
    /** A tree mask is empty where children are required. */
    BAD_TREE_MASK,
    /** A Map or Set tree shift is beyond the 64 hex digits of a hash, or not its parent's shift plus one. */
    BAD_TREE_SHIFT,
    /** Syntax metadata is an empty map (must be nil) or not a map. */
    BAD_SYNTAX_META,
    /** A BlobMap entry byte is neither {@code 00} nor {@code 80}. */
    BAD_BLOB_MAP_ENTRY,
    /** A Result record does not have exactly four fields. */
    BAD_RESULT_FIELD_COUNT,
    /** An Order's consensus or proposal point is out of range. */
    BAD_ORDER_POINTS,
    /** A Transfer amount is outside 0…total supply, or a Call offer is not 0 (0.7.9's Call keeps none). */
    BAD_AMOUNT,
    /** A transaction origin is negative. */
    NEGATIVE_ORIGIN,
    /** A record field that may not be nil is nil, or an AccountStatus number marked present is 0. */
    NULL_FIELD,
    /** An Op has an opcode the reader does not know (including 12, set!). */
    UNKNOWN_OPCODE,
    /** A core def names no entry of the core environment. */
    UNKNOWN_CORE_DEF,
    /** The cell nests deeper than {@link CellDescriptor#MAX_DEPTH}. */
    TOO_DEEP,
    /** A frame header's first byte is zero. */
    FRAME_ZERO_LENGTH,
    /** A frame header encodes a negative length. */
    FRAME_NEGATIVE_LENGTH,
    /** A frame header is longer than two bytes. */
    FRAME_HEADER_TOO_LONG,
    /** A frame header is not in its shortest form. */
    FRAME_HEADER_NOT_MINIMAL,
    /** A frame length exceeds 8191. */
    FRAME_TOO_LONG,
    /** A frame's type byte is not a known message type. */
    UNKNOWN_MESSAGE_TYPE,
    /** A frame has a type byte but no payload cell. */
    EMPTY_PAYLOAD,
    /** The payload is a valid cell but not the shape its message type requires (wrong tag, field count or kind). */
    WRONG_MESSAGE_SHAPE,
    /** An AccountStatus environment or holdings map is present but empty: 0.7.9 keeps an empty one as absent. */
    EMPTY_ACCOUNT_MAP;

    private static final DecodeError[] VALUES = values();

    /**
     * The negative code decoders return for this reason.
     *
     * @return {@code -(ordinal + 1)}.
     */
    public int code()
    {
        return -(ordinal() + 1);
    }

    /**
     * The reason behind a negative code.
     *
     * @param code a value returned by a decoder; must be negative and known.
     * @return the reason.
     * @throws IllegalArgumentException if the code is not a decode error.
     */
    public static DecodeError of(final int code)
    {
        final int index = -code - 1;
        if (index < 0 || index >= VALUES.length)
        {
            throw new IllegalArgumentException("not a decode error code: " + code);
        }
        return VALUES[index];
    }
}
