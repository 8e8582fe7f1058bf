package io.cellwire.fuzz;

import convex.core.data.ABlobMap;
import convex.core.data.ACell;
import convex.core.data.AHashMap;
import convex.core.data.AHashSet;
import convex.core.data.Blob;
import convex.core.data.Format;
import convex.core.data.Hash;
import convex.core.data.MapEntry;
import convex.core.data.Ref;
import convex.core.exceptions.BadFormatException;
import convex.core.exceptions.MissingDataException;
import io.cellwire.codec.CellDescriptor;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What convex-core 0.7.9, the reference, makes of one cell: {@code Format.read} of the bytes, a fresh encoding of the
 * value it read ({@code ACell.encode}, not {@code getEncoding()}, which hands back the bytes read), the value ID it
 * gives the value ({@code getHash()}), and on request its own validation of the value.
 * <p>
 * <b>Refs to missing cells.</b> {@code Format.read} never resolves a {@code 20 <value-id>} ref: it keeps the ID in an
 * unresolved ref, which encodes back to the same 33 bytes, so a cell reads and re-encodes the same whether or not the
 * cells it refers to are known. This is what the walker does too (a ref is a dependency, checked when its cell is
 * walked on its own), so a read is compared as it is. Only the validation resolves refs, against the
 * {@link ReferenceStore} of the corpus; where it needs a cell the store lacks, it is {@link Validation#INCONCLUSIVE}.
 * <p>
 * Owned by one thread: each read makes the {@link ReferenceStore} that thread's reference store.
 */
public final class ReferenceOracle
{
    /** What the reference's reader did with the bytes. */
    public enum Verdict
    {
        /** Read, and the value encodes back to exactly the bytes read. */
        READ,
        /** Read, but the value encodes to other bytes: the reader dropped or changed something. */
        READ_LOSSY,
        /** Read, but encoding the value throws: the reader built a value its writer cannot write. */
        READ_UNENCODABLE,
        /** {@code Format.read} threw {@code BadFormatException}: a rejection the reference means. */
        REJECTED,
        /** {@code Format.read} threw something else (a NullPointerException, a BufferUnderflowException, …). */
        CRASHED
    }

    /** What the reference's own validation says of a value it read. */
    public enum Validation
    {
        /** {@code validate()} passed on the value and on every inline part of it, with no cell missing. */
        VALID,
        /** {@code validate()} or {@code validateCell()} threw on the value or an inline part of it. */
        INVALID,
        /** Nothing threw but a cell was missing, or the value was too large to validate within the bound. */
        INCONCLUSIVE
    }

    /** Room for any re-encoding: a lossless one is as long as its input, and a longer one is lossy. */
    private static final int ENCODING_CAPACITY = 2 * FrameMutator.MAX_INPUT_LENGTH;
    /** Most parts of one value the validation visits. */
    private static final int MAX_VALIDATED_PARTS = 100_000;
    /** Most characters of a reference message kept in a report. */
    private static final int MAX_MESSAGE = 300;

    private static final Map<Class<?>, Field[]> FIELDS = new ConcurrentHashMap<>();

    private final ReferenceStore store;
    private final byte[] encoding = new byte[ENCODING_CAPACITY];
    private final byte[] valueId = new byte[Hash.LENGTH];
    private Verdict verdict;
    private ACell value;
    private Throwable thrown;
    private int encodingLength;
    private String validationMessage;
    private int validatedParts;
    private boolean missing;

    /**
     * An oracle over the corpus store.
     *
     * @param store where refs resolve when the reference validates.
     */
    public ReferenceOracle(final ReferenceStore store)
    {
        this.store = store;
    }

    /**
     * Reads a cell with the reference and encodes the value again.
     *
     * @param data   the bytes; the reference reads a copy.
     * @param length how many, from 0.
     * @return what the reference did.
     */
    public Verdict read(final byte[] data, final int length)
    {
        store.makeCurrent();
        value = null;
        thrown = null;
        encodingLength = -1;
        validationMessage = null;
        try
        {
            value = readTopLevel(Arrays.copyOf(data, length));
        }
        catch (final BadFormatException ex)
        {
            thrown = ex;
            return verdict = Verdict.REJECTED;
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            thrown = ex;
            return verdict = Verdict.CRASHED;
        }
        try
        {
            encodingLength = Format.write(encoding, 0, value);
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            thrown = ex;
            return verdict = Verdict.READ_UNENCODABLE;
        }
        final boolean same = encodingLength == length && Arrays.equals(encoding, 0, length, data, 0, length);
        return verdict = same ? Verdict.READ : Verdict.READ_LOSSY;
    }

    /**
     * {@code Format.read} of a Blob, but for a core def ({@code cd}), which goes through {@code Format.read} of a
     * buffer: the same reading and the same check for excess bytes, less {@code attachEncoding}. For a {@code cd}
     * cell the value read is the environment's own shared value, and attaching the bytes to it would change its
     * encoding and value ID for the rest of the JVM: after {@code cd 03 646566} the interned Symbol {@code def} would
     * encode as {@code cd 03 646566} in every later test.
     */
    static ACell readTopLevel(final byte[] bytes) throws BadFormatException
    {
        if (bytes.length == 0 || (bytes[0] & 0xff) != CellDescriptor.TAG_CORE_DEF)
        {
            return Format.read(Blob.wrap(bytes));
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final ACell cell = Format.read(buffer);
        if (buffer.hasRemaining())
        {
            throw new BadFormatException("core def with excess bytes: " + buffer.remaining());
        }
        return cell;
    }

    /**
     * The value ID the reference gives the value read: {@code getHash()}, {@code Hash.NULL_HASH} for nil. Valid after
     * a read.
     *
     * @return 32 bytes, reused by the next call.
     */
    public byte[] valueId()
    {
        final Hash hash = value == null ? Hash.NULL_HASH : value.getHash();
        hash.getBytes(valueId, 0);
        return valueId;
    }

    /**
     * Validates the value read with the reference's own checks: {@code validate()} on the value and on each value
     * it holds inline, including the inline fields of records, which 0.7.9's records do not validate themselves.
     * Refs resolve against the store. Inner nodes of Map, Set and BlobMap trees are not validated apart from their
     * parent (out of context they fail on their prefix), nor are map entries (their {@code validate} refuses the
     * non-CVM values that Beliefs and Blocks hold). Valid after a read whose verdict was {@link Verdict#READ}.
     *
     * @return the reference's judgement.
     */
    public Validation validate()
    {
        store.makeCurrent();
        validationMessage = null;
        validatedParts = 0;
        missing = false;
        try
        {
            if (!validateParts(value, false, new IdentityHashMap<>()))
            {
                return Validation.INVALID;
            }
        }
        catch (final StackOverflowError ex)
        {
            validationMessage = "validation overflowed the stack";
            return Validation.INCONCLUSIVE;
        }
        return missing || validatedParts > MAX_VALIDATED_PARTS ? Validation.INCONCLUSIVE : Validation.VALID;
    }

    /**
     * The verdict of the last read, its value's type and, for a rejection or a lossy read, the reason or the bytes
     * the value encodes to; for a failure report.
     *
     * @return one line.
     */
    public String describe()
    {
        final StringBuilder builder = new StringBuilder().append(verdict);
        if (verdict == Verdict.REJECTED || verdict == Verdict.CRASHED || verdict == Verdict.READ_UNENCODABLE)
        {
            builder.append(": ").append(shorten(String.valueOf(thrown)));
        }
        if (verdict == Verdict.READ || verdict == Verdict.READ_LOSSY || verdict == Verdict.READ_UNENCODABLE)
        {
            builder.append(" as ").append(value == null ? "nil" : value.getClass().getSimpleName());
        }
        if (verdict == Verdict.READ_LOSSY)
        {
            builder.append(", encodes back to ").append(HexFormat.of().formatHex(encoding, 0, encodingLength));
        }
        if (validationMessage != null)
        {
            builder.append("; its validation: ").append(validationMessage);
        }
        return builder.toString();
    }

    /**
     * What the reference threw on the last read, if anything.
     *
     * @return the exception, or null.
     */
    public Throwable thrown()
    {
        return thrown;
    }

    /**
     * The first complaint of the last validation.
     *
     * @return the message, or null if it found none.
     */
    public String validationMessage()
    {
        return validationMessage;
    }

    /** Validates {@code cell} unless it is {@code structural}, then its inline parts; false once one is invalid. */
    private boolean validateParts(
        final ACell cell, final boolean structural, final IdentityHashMap<Object, Object> seen)
    {
        if (cell == null || seen.put(cell, cell) != null || ++validatedParts > MAX_VALIDATED_PARTS)
        {
            return true;
        }
        if (!structural && !(cell instanceof MapEntry) && !validateOne(cell))
        {
            return false;
        }
        final List<ACell> parts = new ArrayList<>();
        for (final Field field : fields(cell.getClass()))
        {
            try
            {
                addInline(field.get(cell), parts);
            }
            catch (final IllegalAccessException ex)
            {
                throw new IllegalStateException("cannot read " + field, ex);
            }
        }
        for (final ACell part : parts)
        {
            if (!validateParts(part, isTreeNode(cell, part), seen))
            {
                return false;
            }
        }
        return true;
    }

    private boolean validateOne(final ACell cell)
    {
        try
        {
            cell.validateCell();
            cell.validate();
            return true;
        }
        catch (final MissingDataException ex)
        {
            missing = true;
            return true;
        }
        catch (final Exception ex)
        {
            validationMessage = cell.getClass().getSimpleName() + ": " + shorten(String.valueOf(ex));
            return false;
        }
    }

    /** A node of the same Map, Set or BlobMap tree as its parent: validated by the parent, with its prefix. */
    private static boolean isTreeNode(final ACell parent, final ACell part)
    {
        return parent instanceof AHashMap && part instanceof AHashMap ||
            parent instanceof AHashSet && part instanceof AHashSet ||
            parent instanceof ABlobMap && part instanceof ABlobMap;
    }

    /** Adds the cells a field holds inline: a cell, a ref to an inline (direct) cell, or arrays of either. */
    private static void addInline(final Object held, final List<ACell> parts)
    {
        if (held instanceof ACell)
        {
            parts.add((ACell)held);
        }
        else if (held instanceof Ref)
        {
            final Ref<?> ref = (Ref<?>)held;
            if (ref.isDirect())
            {
                final ACell cell = ref.getValue();
                if (cell != null)
                {
                    parts.add(cell);
                }
            }
        }
        else if (held instanceof Object[])
        {
            for (final Object element : (Object[])held)
            {
                addInline(element, parts);
            }
        }
    }

    /** The instance fields of a reference class and its superclasses, but the caches of {@code ACell} itself. */
    private static Field[] fields(final Class<?> type)
    {
        return FIELDS.computeIfAbsent(type, ReferenceOracle::findFields);
    }

    private static Field[] findFields(final Class<?> type)
    {
        final List<Field> found = new ArrayList<>();
        for (Class<?> c = type; c != null && c != ACell.class && c != Object.class; c = c.getSuperclass())
        {
            for (final Field field : c.getDeclaredFields())
            {
                if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive())
                {
                    field.setAccessible(true);
                    found.add(field);
                }
            }
        }
        return found.toArray(new Field[0]);
    }

    private static String shorten(final String message)
    {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
    }
}
