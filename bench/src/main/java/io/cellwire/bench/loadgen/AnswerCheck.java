package io.cellwire.bench.loadgen;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.Vlc;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Locale;

/**
 * The value a RESULT without an error code must carry for the target to have answered its request correctly, byte for
 * byte, per request type and target:
 * <ul>
 *     <li>QUERY: a CVM peer (the 0.7.9 reference peer) gives the computed value, the Long 3 for {@code (+ 1 2)}, a
 *     padded Blob form itself; an echo peer ({@code --echo-peer}: the demo node, the floor responder) gives the form
 *     back;</li>
 *     <li>TRANSACT: a CVM peer gives the value of the command, the Long 3; an echo peer the Long of the transaction's
 *     own sequence number;</li>
 *     <li>STATUS: either gives the Vector {@code [belief-hash states-hash genesis-hash peer-key consensus-hash]}, five
 *     32-byte Blobs, {@code 80 05} then five times {@code 31 20} and 32 bytes.</li>
 * </ul>
 * Owned by the loadgen thread: {@link #isCorrect} allocates nothing; {@link #describe} builds a String, for the first
 * wrong value of a run only.
 */
final class AnswerCheck
{
    /** Items of a STATUS answer. */
    static final int STATUS_ITEMS = 5;
    /** Bytes of each item of a STATUS answer: a hash or a public key. */
    static final int STATUS_ITEM_LENGTH = CellDescriptor.VALUE_ID_LENGTH;
    /** Most bytes of a wrong value that {@link #describe} shows. */
    static final int DESCRIBED_BYTES = 32;
    /** Header of a STATUS item: the Blob tag and VLC(32). */
    private static final int ITEM_HEADER_LENGTH = 1 + Vlc.encodedLength(STATUS_ITEM_LENGTH);
    /** Header of the STATUS Vector: its tag and VLC(5). */
    private static final int STATUS_HEADER_LENGTH = 1 + Vlc.encodedLength(STATUS_ITEMS);
    /** Encoded length of a whole STATUS answer: 172 bytes. */
    static final int STATUS_LENGTH = STATUS_HEADER_LENGTH + STATUS_ITEMS * (ITEM_HEADER_LENGTH + STATUS_ITEM_LENGTH);
    /** Room for one Long cell: the tag and the longest VLC. */
    private static final int LONG_CELL_CAPACITY = 1 + Vlc.MAX_LENGTH;

    private final boolean echoPeer;
    private final DirectBuffer queryValue;
    private final DirectBuffer commandValue;
    private final UnsafeBuffer statusHeader = new UnsafeBuffer(new byte[STATUS_HEADER_LENGTH]);
    private final UnsafeBuffer itemHeader = new UnsafeBuffer(new byte[ITEM_HEADER_LENGTH]);
    private final UnsafeBuffer sequenceValue = new UnsafeBuffer(new byte[LONG_CELL_CAPACITY]);

    /**
     * @param forms    what the load generator sends.
     * @param echoPeer true when the target echoes (the demo node, the floor responder) instead of computing.
     */
    AnswerCheck(final LoadForms forms, final boolean echoPeer)
    {
        this.echoPeer = echoPeer;
        queryValue = echoPeer ? forms.queryForm : forms.expectedQueryValue;
        commandValue = forms.expectedCommandValue;
        CellEncoder.writeVectorLeafHeader(statusHeader, 0, STATUS_ITEMS);
        itemHeader.putByte(0, (byte)CellDescriptor.TAG_BLOB);
        Vlc.write(itemHeader, 1, STATUS_ITEM_LENGTH);
    }

    /**
     * Whether a RESULT's value is the one the target must give.
     *
     * @param type     {@link LoadSettings#QUERY}, {@link LoadSettings#STATUS} or {@link LoadSettings#TRANSACT}.
     * @param value    the RESULT's value cell, its capacity its length.
     * @param sequence the transaction's sequence number; ignored for other types.
     * @return true when it is exactly that value.
     */
    boolean isCorrect(final int type, final DirectBuffer value, final long sequence)
    {
        switch (type)
        {
            case LoadSettings.STATUS:
                return isStatusVector(value);
            case LoadSettings.TRANSACT:
                return echoPeer ? sameBytes(sequenceValue, sequenceCell(sequence), value) :
                    sameBytes(commandValue, commandValue.capacity(), value);
            default:
                return sameBytes(queryValue, queryValue.capacity(), value);
        }
    }

    /**
     * A wrong value and the one expected, for the run's failure message.
     *
     * @param type     as for {@link #isCorrect}.
     * @param value    the wrong value.
     * @param sequence as for {@link #isCorrect}.
     * @return e.g. {@code QUERY answered 0904 (2 bytes), expected 0903}.
     */
    String describe(final int type, final DirectBuffer value, final long sequence)
    {
        final String expected;
        switch (type)
        {
            case LoadSettings.STATUS:
                expected = "a Vector of " + STATUS_ITEMS + " " + STATUS_ITEM_LENGTH + "-byte Blobs (" + STATUS_LENGTH +
                    " bytes)";
                break;
            case LoadSettings.TRANSACT:
                expected = echoPeer ? hex(sequenceValue, sequenceCell(sequence)) + " (its sequence number " +
                    sequence + ")" : hex(commandValue, commandValue.capacity());
                break;
            default:
                expected = hex(queryValue, queryValue.capacity());
                break;
        }
        return String.format(Locale.ROOT, "%s answered %s (%d bytes), expected %s",
            LoadSettings.TYPE_NAMES[type].toUpperCase(Locale.ROOT), hex(value, value.capacity()), value.capacity(),
            expected);
    }

    private boolean isStatusVector(final DirectBuffer value)
    {
        if (value.capacity() != STATUS_LENGTH || !sameRange(statusHeader, value, 0, STATUS_HEADER_LENGTH))
        {
            return false;
        }
        for (int i = 0; i < STATUS_ITEMS; i++)
        {
            if (!sameRange(itemHeader, value, STATUS_HEADER_LENGTH + i * (ITEM_HEADER_LENGTH + STATUS_ITEM_LENGTH),
                ITEM_HEADER_LENGTH))
            {
                return false;
            }
        }
        return true;
    }

    /** Writes the Long cell of a sequence number into {@link #sequenceValue} and returns its length. */
    private int sequenceCell(final long sequence)
    {
        return CellEncoder.writeLong(sequenceValue, 0, sequence);
    }

    private static boolean sameBytes(final DirectBuffer expected, final int length, final DirectBuffer actual)
    {
        return actual.capacity() == length && sameRange(expected, actual, 0, length);
    }

    /** Whether {@code actual} holds the first {@code length} bytes of {@code expected} at {@code offset}. */
    private static boolean sameRange(
        final DirectBuffer expected, final DirectBuffer actual, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (expected.getByte(i) != actual.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    private static String hex(final DirectBuffer buffer, final int length)
    {
        final StringBuilder b = new StringBuilder(2 * DESCRIBED_BYTES + 1);
        for (int i = 0; i < Math.min(length, DESCRIBED_BYTES); i++)
        {
            b.append(String.format(Locale.ROOT, "%02x", buffer.getByte(i) & 0xff));
        }
        return length > DESCRIBED_BYTES ? b.append('…').toString() : b.toString();
    }
}
