package io.cellwire.codec;

/**
 * Tags and limits of the Convex cell encoding as the reference peer 0.7.9 writes it (docs/wire-format.md §3–§5).
 * <p>
 * Every cell starts with a one-byte tag; the body that follows depends on the tag:
 * <pre>
 *   0                   1
 *   0 1 2 3 4 5 6 7 8 9 0 ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  tag  |  body (per tag, self-delimiting)  ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  ref slot := inline embedded cell | 0x20 value-id[32]
 * </pre>
 * Stateless constants; safe from any thread.
 */
public final class CellDescriptor
{
    /** nil. */
    public static final int TAG_NULL = 0x00;
    /** Byte: one raw byte follows. */
    public static final int TAG_BYTE = 0x01;
    /** Long: one signed VLC follows. */
    public static final int TAG_LONG = 0x09;
    /** Double: 8 bytes big-endian IEEE-754 follow. */
    public static final int TAG_DOUBLE = 0x0d;
    /** Ref: a 32-byte value ID follows; valid only in a ref slot. */
    public static final int TAG_REF = 0x20;
    /** Address: a non-negative signed VLC follows. */
    public static final int TAG_ADDRESS = 0x21;
    /** Signature: 64 raw bytes; encodable but never valid as a decoded cell. */
    public static final int TAG_SIGNATURE = 0x22;
    /** String: VLC byte length, then raw UTF-8 (≤ 4096) or a Blob tree. */
    public static final int TAG_STRING = 0x30;
    /** Blob: VLC length, then raw bytes (≤ 4096) or a Blob tree. */
    public static final int TAG_BLOB = 0x31;
    /** Symbol: one unsigned length byte (1…128), then UTF-8. */
    public static final int TAG_SYMBOL = 0x32;
    /** Keyword: one unsigned length byte (1…128), then UTF-8. */
    public static final int TAG_KEYWORD = 0x33;
    /** Char of one code-point byte; {@code 0x3c + k - 1} carries k bytes. */
    public static final int TAG_CHAR_1 = 0x3c;
    /** Char of four code-point bytes; never valid since code points stop at 0x10FFFF. */
    public static final int TAG_CHAR_4 = 0x3f;
    /** Vector: VLC count, then leaf or tree layout. */
    public static final int TAG_VECTOR = 0x80;
    /** List: the Vector layout with elements in reverse order. */
    public static final int TAG_LIST = 0x81;
    /** Map: VLC count, then leaf (≤ 8 entries) or tree. */
    public static final int TAG_MAP = 0x82;
    /** Set: VLC count, then leaf (≤ 16 elements) or tree. */
    public static final int TAG_SET = 0x83;
    /** BlobMap: a radix-tree node keyed by hex digits. */
    public static final int TAG_BLOB_MAP = 0x84;
    /** Syntax: datum ref slot, then nil or an inline non-empty map of metadata. */
    public static final int TAG_SYNTAX = 0x88;
    /** SignedData: public key[32], signature[64], value ref slot; never embedded. */
    public static final int TAG_SIGNED_DATA = 0x90;
    /** State record: four inline cells. */
    public static final int TAG_STATE = 0xa0;
    /** Belief record: inline orders BlobMap, inline timestamp Long. */
    public static final int TAG_BELIEF = 0xaa;
    /** Block record: 8-byte timestamp, inline transactions Vector. */
    public static final int TAG_BLOCK = 0xab;
    /** Order record: inline blocks Vector, VLC proposal point, VLC consensus point. */
    public static final int TAG_ORDER = 0xac;
    /** Result record: VLC field count (4), then four ref slots {@code [id value error info]}. */
    public static final int TAG_RESULT = 0xad;
    /** BlockResult record: inline State, inline results Vector. */
    public static final int TAG_BLOCK_RESULT = 0xae;
    /** Boolean false. */
    public static final int TAG_FALSE = 0xb0;
    /** Boolean true. */
    public static final int TAG_TRUE = 0xb1;
    /** COMMAND: a defined constant with no decoder in 0.7.9; always rejected. */
    public static final int TAG_COMMAND = 0xc0;
    /** AccountStatus record: inclusion byte, then the included fields. */
    public static final int TAG_ACCOUNT_STATUS = 0xc1;
    /** PeerStatus record. */
    public static final int TAG_PEER_STATUS = 0xc2;
    /** MultiFn: an inline Vector of Fn cells. */
    public static final int TAG_MULTI_FN = 0xcb;
    /** Op: opcode byte, then the op body. */
    public static final int TAG_OP = 0xcc;
    /** Core definition: one length byte, then the UTF-8 name of a core environment entry. */
    public static final int TAG_CORE_DEF = 0xcd;
    /** Fn: inline params Vector, inline body op, inline lexical environment Vector. */
    public static final int TAG_FN = 0xcf;
    /** Invoke transaction: VLC origin, VLC sequence, inline command cell. */
    public static final int TAG_INVOKE = 0xd0;
    /** Transfer transaction: VLC origin, sequence, target, amount. */
    public static final int TAG_TRANSFER = 0xd1;
    /** Call transaction: VLC origin, sequence, inline target, VLC offer, inline Symbol, inline args Vector. */
    public static final int TAG_CALL = 0xd2;

    /** Op code: constant (value ref slot). */
    public static final int OP_CONSTANT = 1;
    /** Op code: invoke (inline Vector of ops). */
    public static final int OP_INVOKE = 2;
    /** Op code: do (inline Vector of ops). */
    public static final int OP_DO = 3;
    /** Op code: cond (inline Vector of ops). */
    public static final int OP_COND = 4;
    /** Op code: lookup (inline Symbol, then inline address op or nil). */
    public static final int OP_LOOKUP = 5;
    /** Op code: def (inline Symbol or Syntax key, then op ref slot). */
    public static final int OP_DEF = 6;
    /** Op code: lambda (closure ref slot). */
    public static final int OP_LAMBDA = 7;
    /** Op code: let (inline bindings Vector, inline ops Vector). */
    public static final int OP_LET = 8;
    /** Op code: query (inline Vector of ops). */
    public static final int OP_QUERY = 9;
    /** Op code: loop (as let). */
    public static final int OP_LOOP = 10;
    /** Op code: local (VLC position). */
    public static final int OP_LOCAL = 11;
    /** Op code: set!; written without its operand by 0.7.9 and never readable. */
    public static final int OP_SET = 12;
    /** First special op code ({@code *address*} and friends); special ops carry no body. */
    public static final int OP_SPECIAL_FIRST = 0x40;
    /** Last special op code the 0.7.9 reader resolves ({@code *juice-price*}); 0x4f and above are rejected. */
    public static final int OP_SPECIAL_LAST = 0x4e;

    /** Largest encoding of a cell that is embedded in its parent's ref slot. */
    public static final int MAX_EMBEDDED_LENGTH = 140;
    /** Largest UTF-8 length of an embedded String (tag + 2-byte VLC + 137 = 140). */
    public static final int MAX_EMBEDDED_STRING_LENGTH = 137;
    /** Length of a ref written in a slot: tag 0x20 and a 32-byte value ID. */
    public static final int REF_LENGTH = 33;
    /** Length of a value ID (SHA3-256). */
    public static final int VALUE_ID_LENGTH = 32;
    /** Length of an Ed25519 public key. */
    public static final int PUBLIC_KEY_LENGTH = 32;
    /** Length of an Ed25519 signature. */
    public static final int SIGNATURE_LENGTH = 64;
    /** Length of a SignedData cell before its value slot: tag, key, signature. */
    public static final int SIGNED_DATA_HEADER_LENGTH = 1 + PUBLIC_KEY_LENGTH + SIGNATURE_LENGTH;
    /** Largest flat Blob or String chunk; longer ones are trees of chunks. */
    public static final int BLOB_CHUNK_LENGTH = 4096;
    /** Most items in one Vector leaf; also the tree fan-out. */
    public static final int VECTOR_LEAF_SIZE = 16;
    /** Most entries in one Map leaf (0.7.9). */
    public static final int MAP_LEAF_SIZE = 8;
    /** Most elements in one Set leaf. */
    public static final int SET_LEAF_SIZE = 16;
    /** Most children of a Map, Set, BlobMap or Blob tree node (hex digits). */
    public static final int TREE_FAN_OUT = 16;
    /** Shortest Symbol or Keyword name in bytes. */
    public static final int MIN_NAME_LENGTH = 1;
    /** Longest Symbol or Keyword name in bytes. */
    public static final int MAX_NAME_LENGTH = 128;
    /** Largest Unicode code point a Char may hold. */
    public static final int MAX_CODE_POINT = 0x10ffff;
    /** The only NaN bit pattern a Double may carry. */
    public static final long CANONICAL_NAN_BITS = 0x7ff8000000000000L;
    /** Number of fields of a Result record. */
    public static final int RESULT_FIELD_COUNT = 4;
    /** Total supply of Convex coins; a Transfer amount may not exceed it ({@code Constants.MAX_SUPPLY}). */
    public static final long MAX_SUPPLY = 1_000_000_000_000_000_000L;
    /** Largest cell encoding that fits a frame: the frame length 8191 less the type byte. */
    public static final int MAX_FRAMED_CELL_LENGTH = 8190;
    /** Hex digits in a value ID: the deepest a Map or Set tree can go. */
    public static final int HASH_DIGITS = 2 * VALUE_ID_LENGTH;
    /** Most nesting of cells inside one encoding that a walker follows before it gives up. */
    public static final int MAX_DEPTH = 128;

    private CellDescriptor()
    {
    }
}
