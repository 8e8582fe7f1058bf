package io.cellwire.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

import static io.cellwire.codec.CellDescriptor.*;

/**
 * Renders a valid cell as short, single-line, Convex-style text for logs and tools, in the manner of SBE's
 * {@code appendTo(StringBuilder)}. Not for the hot path: it allocates small strings and walks children repeatedly.
 * <p>
 * The input must already have been accepted by {@link CellWalker}; the printer trusts the layout and throws
 * {@link IllegalArgumentException} if a child does not walk. Renderings:
 * <pre>
 *  nil  true  false  3  -2.5  ##NaN  ##Inf  ##-Inf  255 (a Byte, unsigned, as the reference prints it)
 *  \a  \newline  \u0007             Char
 *  "hi\n"                           String; over 64 chars: "first 64…"(n bytes); tree: "…"(n bytes)
 *  0x1234                           Blob; over 32 bytes: 0x&lt;32 bytes&gt;…(n bytes); tree: 0x…(n bytes)
 *  foo  :SEQUENCE  #11  #core/count Symbol, Keyword, Address, core def
 *  [1 2]  (+ 1 2)  {1 10, 2 20}  #{1}   Vector, List, Map and BlobMap, Set; tree nodes are flattened in order
 *  #ref:ab12cd34                    a 0x20 ref (first 4 bytes of the value ID); also stands for a by-ref part
 *                                   (prefix, tree child) of a collection, in its place
 *  #signed{key:4cb5abf6 value:…}    SignedData
 *  #result{id 1 value 3 error :SEQUENCE info {…}}   Result; nil error and info are left out
 *  #invoke{origin #11 seq 1 command (+ 1 2)}  #transfer{…}  #call{…}
 *  #state{…} #belief{…} #block{…} #order{…} #blockresult{…}
 *  #account{…} #peer{…} #syntax{…} #fn{…} #multifn{…}
 *  #op/const{1} #op/invoke{…} #op/lookup{+} #op/local{0} *sequence*    Ops; specials print as their symbol
 * </pre>
 * Output longer than the limit is cut and ends with {@code …}. Control characters are always escaped, so the text
 * never holds a tab or a line break.
 * <p>
 * Holds a walker and scratch state: one instance per thread.
 */
public final class CellPrinter
{
    /** Default most characters of one rendering before it is cut with {@code …}. */
    public static final int DEFAULT_MAX_LENGTH = 200;
    /** Most bytes of a Blob shown before it is cut. */
    public static final int MAX_BLOB_BYTES_SHOWN = 32;
    /** Most chars of a String shown before it is cut. */
    public static final int MAX_STRING_CHARS_SHOWN = 64;
    /** Value-ID bytes shown for a ref or a key. */
    public static final int ID_BYTES_SHOWN = 4;
    /** The mark that ends cut text. */
    public static final char ELLIPSIS = '\u2026';

    private static final int BLOB_MAP_ENTRY = 0x80;
    private static final int TREE_MASK_LENGTH = 2;
    private static final int TIMESTAMP_LENGTH = 8;
    private static final int ACCOUNT_SEQUENCE = 0x01;
    private static final int ACCOUNT_BALANCE = 0x02;
    private static final int ACCOUNT_ALLOWANCE = 0x04;
    private static final int ACCOUNT_ENVIRONMENT = 0x08;
    private static final int ACCOUNT_METADATA = 0x10;
    private static final int ACCOUNT_HOLDINGS = 0x20;
    private static final int ACCOUNT_CONTROLLER = 0x40;
    private static final int ACCOUNT_KEY = 0x80;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String[] SPECIAL_NAMES = {
        "*juice*", "*caller*", "*address*", "*memory*", "*balance*", "*origin*", "*result*", "*timestamp*", "*depth*",
        "*offer*", "*state*", "*holdings*", "*sequence*", "*key*", "*juice-price*" };

    private final CellWalker walker = new CellWalker();
    private int[] parts = new int[64];
    private int partCount;
    private final int maxLength;
    private DirectBuffer buffer;
    private int limit;
    private StringBuilder out;
    private int start;

    /** A printer that cuts at {@link #DEFAULT_MAX_LENGTH}. */
    public CellPrinter()
    {
        this(DEFAULT_MAX_LENGTH);
    }

    /**
     * A printer that cuts at {@code maxLength} characters.
     *
     * @param maxLength most characters before {@code …}; at least 1.
     */
    public CellPrinter(final int maxLength)
    {
        if (maxLength < 1)
        {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /**
     * The lowercase name of the cell type a tag starts, as the {@code cellwire decode} tool reports it.
     *
     * @param tag a tag byte, unsigned.
     * @return nil, boolean, byte, long, double, char, string, blob, symbol, keyword, address, vector, list, map, set,
     * blobmap, syntax, signeddata, state, belief, block, order, result, blockresult, accountstatus, peerstatus, op,
     * coredef, fn, multifn, invoke, transfer or call; null for a tag that starts no decodable cell (including
     * {@code 20} ref, {@code 22} signature and {@code c0} command).
     */
    public static String typeName(final int tag)
    {
        switch (tag)
        {
            case TAG_NULL: return "nil";
            case TAG_BYTE: return "byte";
            case TAG_LONG: return "long";
            case TAG_DOUBLE: return "double";
            case TAG_ADDRESS: return "address";
            case TAG_STRING: return "string";
            case TAG_BLOB: return "blob";
            case TAG_SYMBOL: return "symbol";
            case TAG_KEYWORD: return "keyword";
            case TAG_CHAR_1:
            case TAG_CHAR_1 + 1:
            case TAG_CHAR_1 + 2:
            case TAG_CHAR_4: return "char";
            case TAG_VECTOR: return "vector";
            case TAG_LIST: return "list";
            case TAG_MAP: return "map";
            case TAG_SET: return "set";
            case TAG_BLOB_MAP: return "blobmap";
            case TAG_SYNTAX: return "syntax";
            case TAG_SIGNED_DATA: return "signeddata";
            case TAG_STATE: return "state";
            case TAG_BELIEF: return "belief";
            case TAG_BLOCK: return "block";
            case TAG_ORDER: return "order";
            case TAG_RESULT: return "result";
            case TAG_BLOCK_RESULT: return "blockresult";
            case TAG_FALSE:
            case TAG_TRUE: return "boolean";
            case TAG_ACCOUNT_STATUS: return "accountstatus";
            case TAG_PEER_STATUS: return "peerstatus";
            case TAG_MULTI_FN: return "multifn";
            case TAG_OP: return "op";
            case TAG_CORE_DEF: return "coredef";
            case TAG_FN: return "fn";
            case TAG_INVOKE: return "invoke";
            case TAG_TRANSFER: return "transfer";
            case TAG_CALL: return "call";
            default: return null;
        }
    }

    /**
     * Appends the rendering of a valid cell.
     *
     * @param buffer the bytes.
     * @param offset where the cell starts.
     * @param length its length, as the walker returned it.
     * @param out    where the text goes; at most the limit plus one character is appended.
     * @return {@code out}.
     * @throws IllegalArgumentException if the bytes are not a valid cell.
     */
    public StringBuilder print(final DirectBuffer buffer, final int offset, final int length, final StringBuilder out)
    {
        this.buffer = buffer;
        this.limit = offset + length;
        this.out = out;
        this.start = out.length();
        partCount = 0;
        try
        {
            cell(offset);
        }
        finally
        {
            this.buffer = null;
            this.out = null;
        }
        if (out.length() - start > maxLength)
        {
            int cut = start + maxLength;
            if (Character.isHighSurrogate(out.charAt(cut - 1)))
            {
                cut--;
            }
            out.setLength(cut);
            out.append(ELLIPSIS);
        }
        return out;
    }

    private boolean full()
    {
        return out.length() - start > maxLength;
    }

    private int u8(final int index)
    {
        return buffer.getByte(index) & 0xff;
    }

    private int vlcEnd(final int offset)
    {
        final int n = Vlc.length(buffer, offset, limit);
        if (n < 0)
        {
            throw invalid(offset, n);
        }
        return offset + n;
    }

    private int cellEnd(final int offset)
    {
        final int n = walker.walk(buffer, offset, limit, RefSink.NONE);
        if (n < 0)
        {
            throw invalid(offset, n);
        }
        return offset + n;
    }

    private int slotEnd(final int offset)
    {
        return u8(offset) == TAG_REF ? offset + REF_LENGTH : cellEnd(offset);
    }

    private static IllegalArgumentException invalid(final int offset, final int code)
    {
        return new IllegalArgumentException("not a valid cell at offset " + offset + ": " + DecodeError.of(code));
    }

    private void slot(final int offset)
    {
        if (u8(offset) == TAG_REF)
        {
            out.append("#ref:");
            hex(offset + 1, ID_BYTES_SHOWN);
        }
        else
        {
            cell(offset);
        }
    }

    private void cell(final int offset)
    {
        if (full())
        {
            return;
        }
        final int tag = u8(offset);
        final int body = offset + 1;
        switch (tag)
        {
            case TAG_NULL: out.append("nil"); break;
            case TAG_TRUE: out.append("true"); break;
            case TAG_FALSE: out.append("false"); break;
            case TAG_BYTE: out.append(u8(body)); break;
            case TAG_LONG: out.append(Vlc.value(buffer, body)); break;
            case TAG_DOUBLE: appendDouble(Double.longBitsToDouble(buffer.getLong(body, ByteOrder.BIG_ENDIAN)));
                break;
            case TAG_ADDRESS: out.append('#').append(Vlc.value(buffer, body)); break;
            case TAG_CHAR_1:
            case TAG_CHAR_1 + 1:
            case TAG_CHAR_1 + 2:
            case TAG_CHAR_4: appendChar(body, tag - TAG_CHAR_1 + 1); break;
            case TAG_STRING: string(body); break;
            case TAG_BLOB: blob(body); break;
            case TAG_SYMBOL: name(body); break;
            case TAG_KEYWORD: out.append(':'); name(body); break;
            case TAG_CORE_DEF: out.append("#core/"); name(body); break;
            case TAG_VECTOR: sequence(offset, '[', ']', false); break;
            case TAG_LIST: sequence(offset, '(', ')', true); break;
            case TAG_MAP: out.append('{'); mapEntries(offset, true); out.append('}'); break;
            case TAG_SET: out.append("#{"); setElements(offset, true); out.append('}'); break;
            case TAG_BLOB_MAP: out.append('{'); blobMapEntries(offset, true); out.append('}'); break;
            case TAG_SYNTAX: syntax(body); break;
            case TAG_SIGNED_DATA: signed(body); break;
            case TAG_RESULT: result(body); break;
            case TAG_STATE: fields("#state{", body, "accounts", "peers", "globals", "schedule"); break;
            case TAG_BELIEF: fields("#belief{", body, "orders", "timestamp", null, null); break;
            case TAG_BLOCK_RESULT: fields("#blockresult{", body, "state", "results", null, null); break;
            case TAG_BLOCK: block(body); break;
            case TAG_ORDER: order(body); break;
            case TAG_ACCOUNT_STATUS: account(body); break;
            case TAG_PEER_STATUS: peer(body); break;
            case TAG_INVOKE: invoke(body); break;
            case TAG_TRANSFER: transfer(body); break;
            case TAG_CALL: call(body); break;
            case TAG_OP: op(body); break;
            case TAG_FN: fn(body); break;
            case TAG_MULTI_FN: out.append("#multifn{"); vectorItems(body); out.append('}'); break;
            default: throw new IllegalArgumentException("not a valid cell at offset " + offset + ": tag " + tag);
        }
    }

    private void appendDouble(final double value)
    {
        if (Double.isNaN(value))
        {
            out.append("##NaN");
        }
        else if (Double.isInfinite(value))
        {
            out.append(value > 0 ? "##Inf" : "##-Inf");
        }
        else
        {
            out.append(value);
        }
    }

    private void appendChar(final int offset, final int length)
    {
        int codePoint = 0;
        for (int i = 0; i < length; i++)
        {
            codePoint = (codePoint << 8) | u8(offset + i);
        }
        out.append('\\');
        switch (codePoint)
        {
            case '\n': out.append("newline"); break;
            case ' ': out.append("space"); break;
            case '\t': out.append("tab"); break;
            case '\r': out.append("return"); break;
            case '\b': out.append("backspace"); break;
            case '\f': out.append("formfeed"); break;
            default:
                if (isPrintable(codePoint))
                {
                    out.appendCodePoint(codePoint);
                }
                else
                {
                    unicodeEscape(codePoint);
                }
        }
    }

    private static boolean isPrintable(final int codePoint)
    {
        if (Character.isISOControl(codePoint) || Character.isSurrogate((char)codePoint) && codePoint <= 0xffff)
        {
            return false;
        }
        final int type = Character.getType(codePoint);
        return type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR &&
            type != Character.UNASSIGNED && type != Character.FORMAT;
    }

    private void unicodeEscape(final int codePoint)
    {
        out.append(codePoint > 0xffff ? "U" : "u");
        final int digits = codePoint > 0xffff ? 6 : 4;
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        {
            out.append(HEX[(codePoint >> shift) & 0xf]);
        }
    }

    private void string(final int offset)
    {
        final long length = Vlc.value(buffer, offset);
        final int data = vlcEnd(offset);
        if (length > BLOB_CHUNK_LENGTH)
        {
            out.append('"').append(ELLIPSIS).append("\"(").append(length).append(" bytes)");
            return;
        }
        final String text = buffer.getStringWithoutLengthUtf8(data, (int)length);
        out.append('"');
        int shown = 0;
        for (int i = 0; i < text.length(); )
        {
            if (shown == MAX_STRING_CHARS_SHOWN || full())
            {
                out.append(ELLIPSIS).append("\"(").append(length).append(" bytes)");
                return;
            }
            final int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            shown++;
            escaped(codePoint);
        }
        out.append('"');
    }

    private void escaped(final int codePoint)
    {
        switch (codePoint)
        {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\n': out.append("\\n"); break;
            case '\t': out.append("\\t"); break;
            case '\r': out.append("\\r"); break;
            case '\b': out.append("\\b"); break;
            case '\f': out.append("\\f"); break;
            default:
                if (isPrintable(codePoint))
                {
                    out.appendCodePoint(codePoint);
                }
                else
                {
                    out.append('\\');
                    unicodeEscape(codePoint);
                }
        }
    }

    private void blob(final int offset)
    {
        final long length = Vlc.value(buffer, offset);
        final int data = vlcEnd(offset);
        out.append("0x");
        if (length > BLOB_CHUNK_LENGTH)
        {
            out.append(ELLIPSIS).append('(').append(length).append(" bytes)");
            return;
        }
        if (length > MAX_BLOB_BYTES_SHOWN)
        {
            hex(data, MAX_BLOB_BYTES_SHOWN);
            out.append(ELLIPSIS).append('(').append(length).append(" bytes)");
            return;
        }
        hex(data, (int)length);
    }

    private void hex(final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            final int b = u8(offset + i);
            out.append(HEX[b >>> 4]).append(HEX[b & 0xf]);
        }
    }

    private int name(final int offset)
    {
        final int length = u8(offset);
        final String text = buffer.getStringWithoutLengthUtf8(offset + 1, length);
        for (int i = 0; i < text.length(); )
        {
            final int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (isPrintable(codePoint) && codePoint != '\\')
            {
                out.appendCodePoint(codePoint);
            }
            else
            {
                escaped(codePoint);
            }
        }
        return offset + 1 + length;
    }

    /**
     * Collects, in element order, the slots of a Vector or List node: each is an element, or a ref that stands for a
     * by-ref part (prefix or tree child). Leaves write their items first and their prefix last (docs/wire-format.md
     * §5.4).
     */
    private void collectVector(final int offset)
    {
        final long count = Vlc.value(buffer, offset + 1);
        int slot = vlcEnd(offset + 1);
        if (count == 0)
        {
            return;
        }
        final boolean leaf = count <= VECTOR_LEAF_SIZE || count % VECTOR_LEAF_SIZE != 0;
        if (!leaf)
        {
            final int end = cellEnd(offset);
            while (slot < end)
            {
                collectPart(slot);
                slot = slotEnd(slot);
            }
            return;
        }
        final int items = count <= VECTOR_LEAF_SIZE ? (int)count : (int)(count % VECTOR_LEAF_SIZE);
        final int first = slot;
        for (int i = 0; i < items; i++)
        {
            slot = slotEnd(slot);
        }
        if (count > VECTOR_LEAF_SIZE)
        {
            collectPart(slot);
        }
        slot = first;
        for (int i = 0; i < items; i++)
        {
            addPart(slot);
            slot = slotEnd(slot);
        }
    }

    private void collectPart(final int slot)
    {
        if (u8(slot) == TAG_REF)
        {
            addPart(slot);
        }
        else
        {
            collectVector(slot);
        }
    }

    private void addPart(final int slot)
    {
        if (partCount == parts.length)
        {
            parts = Arrays.copyOf(parts, partCount * 2);
        }
        parts[partCount++] = slot;
    }

    private void sequence(final int offset, final char open, final char close, final boolean reversed)
    {
        out.append(open);
        elements(offset, reversed);
        out.append(close);
    }

    /** Prints the elements of the Vector (or List) cell at {@code offset}, space separated. */
    private void elements(final int offset, final boolean reversed)
    {
        final int base = partCount;
        collectVector(offset);
        final int end = partCount;
        for (int i = base; i < end && !full(); i++)
        {
            if (i > base)
            {
                out.append(' ');
            }
            slot(parts[reversed ? end - 1 - (i - base) : i]);
        }
        partCount = base;
    }

    /** Prints the items of the inline Vector cell at {@code offset} without brackets; returns its end. */
    private int vectorItems(final int offset)
    {
        elements(offset, false);
        return cellEnd(offset);
    }

    private boolean mapEntries(final int offset, final boolean first)
    {
        final long count = Vlc.value(buffer, offset + 1);
        int slot = vlcEnd(offset + 1);
        boolean isFirst = first;
        if (count <= MAP_LEAF_SIZE)
        {
            for (long i = 0; i < count && !full(); i++)
            {
                if (!isFirst)
                {
                    out.append(", ");
                }
                isFirst = false;
                slot(slot);
                slot = slotEnd(slot);
                out.append(' ');
                slot(slot);
                slot = slotEnd(slot);
            }
            return isFirst;
        }
        return treeChildren(offset, slot + 1 + TREE_MASK_LENGTH, isFirst, ", ");
    }

    private boolean setElements(final int offset, final boolean first)
    {
        final long count = Vlc.value(buffer, offset + 1);
        int slot = vlcEnd(offset + 1);
        boolean isFirst = first;
        if (count <= SET_LEAF_SIZE)
        {
            for (long i = 0; i < count && !full(); i++)
            {
                if (!isFirst)
                {
                    out.append(' ');
                }
                isFirst = false;
                slot(slot);
                slot = slotEnd(slot);
            }
            return isFirst;
        }
        return treeChildren(offset, slot + 1 + TREE_MASK_LENGTH, isFirst, " ");
    }

    /** Flattens the child slots of a Map, Set or BlobMap tree node, from {@code slot} to the node's end. */
    private boolean treeChildren(final int node, final int firstSlot, final boolean first, final String separator)
    {
        final int tag = u8(node);
        final int end = cellEnd(node);
        boolean isFirst = first;
        for (int slot = firstSlot; slot < end && !full(); slot = slotEnd(slot))
        {
            if (u8(slot) == TAG_REF)
            {
                if (!isFirst)
                {
                    out.append(separator);
                }
                isFirst = false;
                slot(slot);
            }
            else if (tag == TAG_MAP)
            {
                isFirst = mapEntries(slot, isFirst);
            }
            else if (tag == TAG_SET)
            {
                isFirst = setElements(slot, isFirst);
            }
            else
            {
                isFirst = blobMapEntries(slot, isFirst);
            }
        }
        return isFirst;
    }

    private boolean blobMapEntries(final int offset, final boolean first)
    {
        final long count = Vlc.value(buffer, offset + 1);
        int p = vlcEnd(offset + 1);
        if (count == 0)
        {
            return first;
        }
        p = vlcEnd(vlcEnd(p));
        boolean isFirst = first;
        if (u8(p) == BLOB_MAP_ENTRY)
        {
            if (!isFirst)
            {
                out.append(", ");
            }
            isFirst = false;
            slot(p + 1);
            final int value = slotEnd(p + 1);
            out.append(' ');
            slot(value);
            p = slotEnd(value);
        }
        else
        {
            p++;
        }
        if (count == 1)
        {
            return isFirst;
        }
        return treeChildren(offset, p + TREE_MASK_LENGTH, isFirst, ", ");
    }

    private void syntax(final int offset)
    {
        out.append("#syntax{");
        slot(offset);
        final int meta = slotEnd(offset);
        if (u8(meta) != TAG_NULL)
        {
            out.append(" meta ");
            cell(meta);
        }
        out.append('}');
    }

    private void signed(final int offset)
    {
        out.append("#signed{key:");
        hex(offset, ID_BYTES_SHOWN);
        out.append(" value:");
        slot(offset + PUBLIC_KEY_LENGTH + SIGNATURE_LENGTH);
        out.append('}');
    }

    private void result(final int offset)
    {
        final int id = vlcEnd(offset);
        final int value = slotEnd(id);
        final int error = slotEnd(value);
        final int info = slotEnd(error);
        out.append("#result{id ");
        slot(id);
        out.append(" value ");
        slot(value);
        if (u8(error) != TAG_NULL)
        {
            out.append(" error ");
            slot(error);
        }
        if (u8(info) != TAG_NULL)
        {
            out.append(" info ");
            slot(info);
        }
        out.append('}');
    }

    /** A record of up to four inline cells, printed as {@code #name{k v …}}. */
    private void fields(final String open, final int offset, final String a, final String b, final String c,
        final String d)
    {
        out.append(open);
        int p = field(a, offset, true);
        p = field(b, p, false);
        p = field(c, p, false);
        field(d, p, false);
        out.append('}');
    }

    private int field(final String name, final int offset, final boolean first)
    {
        if (name == null)
        {
            return offset;
        }
        if (!first)
        {
            out.append(' ');
        }
        out.append(name).append(' ');
        cell(offset);
        return cellEnd(offset);
    }

    private void block(final int offset)
    {
        out.append("#block{timestamp ").append(buffer.getLong(offset, ByteOrder.BIG_ENDIAN));
        field("txs", offset + TIMESTAMP_LENGTH, false);
        out.append('}');
    }

    private void order(final int offset)
    {
        out.append("#order{");
        final int proposal = field("blocks", offset, true);
        final int consensus = vlcEnd(proposal);
        out.append(" proposal ").append(Vlc.value(buffer, proposal));
        out.append(" consensus ").append(Vlc.value(buffer, consensus));
        out.append('}');
    }

    private void account(final int offset)
    {
        final int include = u8(offset);
        int p = offset + 1;
        boolean first = true;
        out.append("#account{");
        if ((include & ACCOUNT_SEQUENCE) != 0)
        {
            p = number("sequence", p, first);
            first = false;
        }
        if ((include & ACCOUNT_BALANCE) != 0)
        {
            p = number("balance", p, first);
            first = false;
        }
        if ((include & ACCOUNT_ALLOWANCE) != 0)
        {
            p = number("allowance", p, first);
            first = false;
        }
        if ((include & ACCOUNT_ENVIRONMENT) != 0)
        {
            p = field("env", p, first);
            first = false;
        }
        if ((include & ACCOUNT_METADATA) != 0)
        {
            p = field("meta", p, first);
            first = false;
        }
        if ((include & ACCOUNT_HOLDINGS) != 0)
        {
            p = field("holdings", p, first);
            first = false;
        }
        if ((include & ACCOUNT_CONTROLLER) != 0)
        {
            p = field("controller", p, first);
            first = false;
        }
        if ((include & ACCOUNT_KEY) != 0)
        {
            out.append(first ? "key:" : " key:");
            hex(p, ID_BYTES_SHOWN);
        }
        out.append('}');
    }

    private int number(final String name, final int offset, final boolean first)
    {
        if (!first)
        {
            out.append(' ');
        }
        out.append(name).append(' ').append(Vlc.value(buffer, offset));
        return vlcEnd(offset);
    }

    /** A raw VLC that holds an account number, printed as an Address. */
    private int address(final String name, final int offset, final boolean first)
    {
        if (!first)
        {
            out.append(' ');
        }
        out.append(name).append(" #").append(Vlc.value(buffer, offset));
        return vlcEnd(offset);
    }

    private void peer(final int offset)
    {
        out.append("#peer{");
        int p = field("controller", offset, true);
        p = number("stake", p, false);
        p = u8(p) == TAG_NULL ? p + 1 : field("stakes", p, false);
        p = number("delegated", p, false);
        if (u8(p) != TAG_NULL)
        {
            field("meta", p, false);
        }
        out.append('}');
    }

    private void invoke(final int offset)
    {
        out.append("#invoke{");
        int p = address("origin", offset, true);
        p = number("seq", p, false);
        field("command", p, false);
        out.append('}');
    }

    private void transfer(final int offset)
    {
        out.append("#transfer{");
        int p = address("origin", offset, true);
        p = number("seq", p, false);
        p = address("to", p, false);
        number("amount", p, false);
        out.append('}');
    }

    private void call(final int offset)
    {
        out.append("#call{");
        int p = address("origin", offset, true);
        p = number("seq", p, false);
        p = field("target", p, false);
        p = number("offer", p, false);
        p = field("fn", p, false);
        field("args", p, false);
        out.append('}');
    }

    private void fn(final int offset)
    {
        out.append("#fn{");
        cell(offset);
        final int body = cellEnd(offset);
        out.append(' ');
        cell(body);
        final int env = cellEnd(body);
        if (u8(env) != TAG_NULL && Vlc.value(buffer, env + 1) != 0)
        {
            out.append(" env ");
            cell(env);
        }
        out.append('}');
    }

    private void op(final int offset)
    {
        final int opcode = u8(offset);
        final int body = offset + 1;
        if (opcode >= OP_SPECIAL_FIRST && opcode <= OP_SPECIAL_LAST)
        {
            final int index = opcode - OP_SPECIAL_FIRST;
            if (index < SPECIAL_NAMES.length)
            {
                out.append(SPECIAL_NAMES[index]);
            }
            else
            {
                out.append("#op/special{").append(index).append('}');
            }
            return;
        }
        switch (opcode)
        {
            case OP_CONSTANT:
                out.append("#op/const{");
                slot(body);
                break;
            case OP_INVOKE:
                out.append("#op/invoke{");
                vectorItems(body);
                break;
            case OP_DO:
                out.append("#op/do{");
                vectorItems(body);
                break;
            case OP_COND:
                out.append("#op/cond{");
                vectorItems(body);
                break;
            case OP_QUERY:
                out.append("#op/query{");
                vectorItems(body);
                break;
            case OP_LOOKUP:
                out.append("#op/lookup{");
                final int address = name(body + 1);
                if (u8(address) != TAG_NULL)
                {
                    out.append(' ');
                    cell(address);
                }
                break;
            case OP_DEF:
                out.append("#op/def{");
                cell(body);
                out.append(' ');
                slot(cellEnd(body));
                break;
            case OP_LAMBDA:
                out.append("#op/lambda{");
                slot(body);
                break;
            case OP_LET:
            case OP_LOOP:
                out.append(opcode == OP_LET ? "#op/let{" : "#op/loop{");
                cell(body);
                out.append(' ');
                vectorItems(cellEnd(body));
                break;
            case OP_LOCAL:
                out.append("#op/local{").append(Vlc.value(buffer, body));
                break;
            default:
                out.append("#op/").append(opcode).append('{');
        }
        out.append('}');
    }
}
