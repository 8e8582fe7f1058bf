package io.cellwire.codec;

import convex.core.Result;
import convex.core.data.ABlob;
import convex.core.data.ACell;
import convex.core.data.AHashMap;
import convex.core.data.AList;
import convex.core.data.ASet;
import convex.core.data.AString;
import convex.core.data.AVector;
import convex.core.data.Address;
import convex.core.data.Blob;
import convex.core.data.Format;
import convex.core.data.Hash;
import convex.core.data.Keyword;
import convex.core.data.MapEntry;
import convex.core.data.SignedData;
import convex.core.data.Symbol;
import convex.core.data.prim.CVMBool;
import convex.core.data.prim.CVMByte;
import convex.core.data.prim.CVMChar;
import convex.core.data.prim.CVMDouble;
import convex.core.data.prim.CVMLong;
import convex.core.exceptions.BadFormatException;
import convex.core.store.AStore;
import convex.core.store.Stores;
import convex.core.transactions.Call;
import convex.core.transactions.Invoke;
import convex.core.transactions.Transfer;
import io.cellwire.fuzz.ReadOnlyStore;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bridges the reference implementation (convex-core 0.7.9) and our encoders in tests: decodes golden rows (with a
 * read-only store of the child rows so refs resolve), feeds a reference value into a {@link ValueEncoder} part by part,
 * lists the non-embedded cells under a reference value, and checks what an encoder emitted. Test support; used from
 * the test thread only.
 */
final class Reference
{
    static final String KIND_CHILD = "child";

    private static boolean initialised;
    private static ChildStore store;

    private Reference()
    {
    }

    /**
     * Forces the reference's {@code Hash} initialisation before any reference hash is taken (docs/wire-format.md §2:
     * the first {@code getHash()} in a fresh JVM can return SHA3 of the empty input).
     */
    static synchronized void initialise()
    {
        if (!initialised)
        {
            assertTrue(Hash.NULL_HASH.toHexString().startsWith("5d53469f"));
            CVMLong.create(1).getHash();
            initialised = true;
        }
    }

    /**
     * Decodes bytes with the reference; refs resolve against the child rows while {@link #installStore()} is in
     * effect.
     */
    static ACell decode(final String hex)
    {
        initialise();
        try
        {
            return Format.read(Blob.fromHex(hex));
        }
        catch (final BadFormatException ex)
        {
            throw new IllegalStateException("reference rejects " + hex, ex);
        }
    }

    /**
     * Makes a store of every decoded {@code child} row the reference's current store.
     *
     * @return the previous store, to restore afterwards.
     */
    static synchronized AStore installStore()
    {
        final AStore previous = Stores.current();
        if (store == null)
        {
            store = new ChildStore();
            Stores.setCurrent(store);
            store.load();
        }
        Stores.setCurrent(store);
        return previous;
    }

    /**
     * The hex encodings of the rows named {@code name + "/…"} at any depth: the non-embedded cells under a row.
     */
    static TreeSet<String> childHexes(final String name)
    {
        final TreeSet<String> hexes = new TreeSet<>();
        final String prefix = name + "/";
        for (final Vectors.Cell row : Vectors.cells())
        {
            if (row.name().startsWith(prefix))
            {
                hexes.add(row.hex());
            }
        }
        return hexes;
    }

    /**
     * Adds a cell to the store that {@link #installStore()} made current, for values whose parts the vectors omit.
     *
     * @return the cell's reference value ID, hex.
     */
    static synchronized String addToStore(final String hex)
    {
        installStore();
        final ACell cell = decode(hex);
        store.put(cell);
        return cell.getHash().toHexString();
    }

    /** Where the payload of a reference frame starts: after its 1- or 2-byte header and the type byte. */
    static int framePayloadOffset(final byte[] frame)
    {
        return (frame[0] & 0x80) == 0 ? 2 : 3;
    }

    static String hex(final ACell cell)
    {
        return cell == null ? "00" : cell.getEncoding().toHexString();
    }

    static String valueIdHex(final ACell cell)
    {
        return cell.getHash().toHexString();
    }

    /**
     * Pushes a reference value onto an encoder: its parts first (each through the matching push), then the operation
     * that builds it. Types we have no encoder for (records, ops) are pushed as their reference encoding via
     * {@link ValueEncoder#pushCell}; the cells they refer to are then not emitted.
     *
     * @return true if no part had to be pushed as an opaque reference encoding.
     */
    static boolean feed(final ValueEncoder encoder, final ACell cell)
    {
        final boolean[] complete = { true };
        feed(encoder, cell, complete);
        return complete[0];
    }

    private static void feed(final ValueEncoder encoder, final ACell cell, final boolean[] complete)
    {
        final int result = feedPart(encoder, cell, complete);
        assertTrue(result > 0, () -> "push of " + cell + " failed: " + EncodeError.of(result));
    }

    private static int feedPart(final ValueEncoder encoder, final ACell cell, final boolean[] complete)
    {
        if (cell == null)
        {
            return encoder.pushNil();
        }
        if (cell instanceof CVMBool)
        {
            return encoder.pushBoolean(((CVMBool)cell).booleanValue());
        }
        if (cell instanceof CVMByte)
        {
            return encoder.pushByte(((CVMByte)cell).byteValue());
        }
        if (cell instanceof CVMLong)
        {
            return encoder.pushLong(((CVMLong)cell).longValue());
        }
        if (cell instanceof CVMDouble)
        {
            return encoder.pushDouble(((CVMDouble)cell).doubleValue());
        }
        if (cell instanceof CVMChar)
        {
            return encoder.pushChar(((CVMChar)cell).getCodePoint());
        }
        if (cell instanceof Address)
        {
            return encoder.pushAddress(((Address)cell).longValue());
        }
        if (cell instanceof AString)
        {
            final byte[] utf8 = ((AString)cell).toBlob().getBytes();
            return encoder.pushStringUtf8(new UnsafeBuffer(utf8), 0, utf8.length);
        }
        if (cell instanceof ABlob)
        {
            final byte[] bytes = ((ABlob)cell).getBytes();
            return encoder.pushBlob(new UnsafeBuffer(bytes), 0, bytes.length);
        }
        if (cell instanceof Symbol)
        {
            return encoder.pushSymbol(((Symbol)cell).getName().toString());
        }
        if (cell instanceof Keyword)
        {
            return encoder.pushKeyword(((Keyword)cell).getName().toString());
        }
        if (cell instanceof MapEntry)
        {
            final MapEntry<?, ?> entry = (MapEntry<?, ?>)cell;
            feed(encoder, entry.getKey(), complete);
            feed(encoder, entry.getValue(), complete);
            return encoder.pushVector(2);
        }
        if (cell instanceof AVector)
        {
            final AVector<?> vector = (AVector<?>)cell;
            final int count = (int)vector.count();
            for (int i = 0; i < count; i++)
            {
                feed(encoder, vector.get(i), complete);
            }
            return encoder.pushVector(count);
        }
        if (cell instanceof AList)
        {
            final AList<?> list = (AList<?>)cell;
            final int count = (int)list.count();
            for (int i = 0; i < count; i++)
            {
                feed(encoder, list.get(i), complete);
            }
            return encoder.pushList(count);
        }
        if (cell instanceof AHashMap)
        {
            final AHashMap<?, ?> map = (AHashMap<?, ?>)cell;
            final int count = (int)map.count();
            for (int i = 0; i < count; i++)
            {
                final MapEntry<?, ?> entry = map.entryAt(i);
                feed(encoder, entry.getKey(), complete);
                feed(encoder, entry.getValue(), complete);
            }
            return encoder.pushMap(count);
        }
        if (cell instanceof ASet)
        {
            final ASet<?> set = (ASet<?>)cell;
            final int count = (int)set.count();
            for (int i = 0; i < count; i++)
            {
                feed(encoder, set.get(i), complete);
            }
            return encoder.pushSet(count);
        }
        if (cell instanceof SignedData)
        {
            final SignedData<?> signed = (SignedData<?>)cell;
            feed(encoder, signed.getValue(), complete);
            final byte[] key = signed.getAccountKey().getBytes();
            final byte[] signatureCell = signed.getSignature().getEncoding().getBytes();
            return encoder.pushSignedData(new UnsafeBuffer(key), 0, new UnsafeBuffer(signatureCell), 1);
        }
        if (cell instanceof Result)
        {
            final AVector<ACell> fields = ((Result)cell).values();
            for (int i = 0; i < CellDescriptor.RESULT_FIELD_COUNT; i++)
            {
                feed(encoder, fields.get(i), complete);
            }
            return encoder.pushResult();
        }
        if (cell instanceof Invoke)
        {
            final Invoke invoke = (Invoke)cell;
            feed(encoder, (ACell)invoke.getCommand(), complete);
            return encoder.pushInvoke(invoke.getOrigin().longValue(), invoke.getSequence());
        }
        if (cell instanceof Transfer)
        {
            final Transfer transfer = (Transfer)cell;
            return encoder.pushTransfer(
                transfer.getOrigin().longValue(),
                transfer.getSequence(),
                transfer.getTarget().longValue(),
                transfer.getAmount());
        }
        if (cell instanceof Call)
        {
            final Call call = (Call)cell;
            feed(encoder, (ACell)field(call, "target"), complete);
            feed(encoder, (ACell)field(call, "functionName"), complete);
            feed(encoder, (ACell)field(call, "args"), complete);
            return encoder.pushCall(call.getOrigin().longValue(), call.getSequence(), (Long)field(call, "offer"));
        }
        complete[0] = false;
        final byte[] encoding = cell.getEncoding().getBytes();
        return encoder.pushCell(new UnsafeBuffer(encoding), 0, encoding.length);
    }

    /**
     * The hex encodings of every non-embedded cell reachable through the refs of a reference value, each once. Valid
     * for values whose fields are all ref slots (data structures, Result, SignedData); not for inline record fields.
     */
    static TreeSet<String> nonEmbeddedCells(final ACell cell)
    {
        final TreeSet<String> hexes = new TreeSet<>();
        collect(cell, hexes);
        return hexes;
    }

    /**
     * The value IDs of the non-embedded cells a reference cell refers to directly, or through embedded parts.
     */
    static List<String> directRefIds(final ACell cell)
    {
        final List<String> ids = new ArrayList<>();
        final int count = cell.getRefCount();
        for (int i = 0; i < count; i++)
        {
            final ACell child = cell.getRef(i).getValue();
            if (child == null)
            {
                continue;
            }
            if (child.isEmbedded())
            {
                ids.addAll(directRefIds(child));
            }
            else
            {
                ids.add(valueIdHex(child));
            }
        }
        return ids;
    }

    /**
     * Asserts what an encoder holds after {@code finish()}: the top cell and the set of child cells (each once); that
     * every emitted cell passes the strict {@link CellWalker}; that every ref in an emitted cell names a child listed
     * before it (post-order); and, when {@code complete}, that every ref is to an emitted child and every child is
     * referred to.
     */
    static void assertCells(
        final EncodedCells cells, final String topHex, final Set<String> childHexes, final boolean complete)
    {
        assertEquals(topHex, Hex.of(cells.buffer(), cells.topOffset(), cells.topLength()), "top cell");
        final List<String> sent = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        final UnsafeBuffer id = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
        for (int i = 0; i < cells.childCount(); i++)
        {
            sent.add(Hex.of(cells.buffer(), cells.childOffset(i), cells.childLength(i)));
            cells.childValueId(i, id, 0);
            ids.add(Hex.of(id, 0, id.capacity()));
        }
        assertEquals(childHexes, new TreeSet<>(sent), "child cells");
        assertEquals(childHexes.size(), cells.childCount(), "each child cell once");

        final CellWalker walker = new CellWalker();
        final Set<String> referenced = new TreeSet<>();
        for (int i = 0; i <= cells.childCount(); i++)
        {
            final boolean top = i == cells.childCount();
            final int offset = top ? cells.topOffset() : cells.childOffset(i);
            final int length = top ? cells.topLength() : cells.childLength(i);
            final List<String> refs = new ArrayList<>();
            final int walked = walker.walkExact(
                cells.buffer(), offset, length, (buffer, at) -> refs.add(Hex.of(buffer, at, id.capacity())));
            assertEquals(length, walked, () -> "strict walk of cell " + walked + ": " + DecodeError.of(walked));
            for (final String ref : refs)
            {
                final int index = ids.indexOf(ref);
                if (complete || index >= 0)
                {
                    final int parent = i;
                    assertTrue(index >= 0 && index < parent, () -> "ref " + ref + " of cell " + parent + " sent first");
                }
            }
            referenced.addAll(refs);
        }
        if (complete)
        {
            assertEquals(new TreeSet<>(ids), referenced, "every child is referred to");
        }
    }

    private static void collect(final ACell cell, final Set<String> hexes)
    {
        if (cell == null)
        {
            return;
        }
        final int count = cell.getRefCount();
        for (int i = 0; i < count; i++)
        {
            final ACell child = cell.getRef(i).getValue();
            if (child != null && !child.isEmbedded())
            {
                hexes.add(hex(child));
            }
            collect(child, hexes);
        }
    }

    private static Object field(final Object target, final String name)
    {
        try
        {
            final Field field = target.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return field.get(target);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A reference store that only answers lookups, from the decoded child rows and DATA frames of the golden vectors.
     */
    private static final class ChildStore extends ReadOnlyStore
    {
        /**
         * Decodes the child rows; call with this store current, since a decoded ref remembers the current store.
         */
        void load()
        {
            for (final Vectors.Cell row : Vectors.cells())
            {
                if (KIND_CHILD.equals(row.kind()))
                {
                    final ACell cell = Reference.decode(row.hex());
                    put(cell);
                }
                else if (row.isFrame() && row.name().endsWith(".DATA"))
                {
                    final ACell cell = Reference.decode(row.hex().substring(2 * framePayloadOffset(row.bytes())));
                    put(cell);
                }
            }
        }
    }
}
