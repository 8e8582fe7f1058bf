package io.cellwire.bench.convex;

import io.cellwire.codec.CellDescriptor;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Layout of a record in a lane's ring to the CVM thread ({@link CvmLaneHandler} writes, {@link CvmAgent} reads). The
 * record's type is the wire message type ({@code MessageType.QUERY}, {@code TRANSACT}, {@code BELIEF}, {@code DATA},
 * {@code MISSING_DATA}); every record has the same header, then its bytes:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Connection ID (64)                       |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            Message ID (64): QUERY and TRANSACT, else 0        |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |     Address (64): a QUERY's account, or NULL_ADDRESS (-1)      |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          Flags (32)                           |
 *  +---------------------------------------------------------------+
 *  |                      First Length (32)                        |
 *  +---------------------------------------------------------------+
 *  |  First: QUERY form (a cell, or a 32-byte value ID with        ...
 *  |  FLAG_FORM_IS_REF), TRANSACT SignedData, BELIEF SignedData,   ...
 *  |  DATA cell, MISSING_DATA 32-byte value ID                     ...
 *  +---------------------------------------------------------------+
 *  |  Second (TRANSACT only): the transaction cell when the        ...
 *  |  SignedData holds it by ref; empty when embedded              ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Constants only.
 */
public final class CvmRingDescriptor
{
    /** Offset of the connection the message came from. */
    public static final int CONNECTION_ID_OFFSET = 0;
    /** Offset of the request's message ID, which its RESULT carries. */
    public static final int MESSAGE_ID_OFFSET = 8;
    /** Offset of a QUERY's account number. */
    public static final int ADDRESS_OFFSET = 16;
    /** Offset of the flags. */
    public static final int FLAGS_OFFSET = 24;
    /** Offset of the first byte string's length. */
    public static final int FIRST_LENGTH_OFFSET = 28;
    /** Length of the header: where the first byte string starts. */
    public static final int HEADER_LENGTH = 32;

    /** Flag: the connection is a peer link this node opened and verified (CHALLENGE/RESPONSE). */
    public static final int FLAG_TRUSTED = 1;
    /** Flag: a QUERY's form is a ref; the first byte string is its value ID. */
    public static final int FLAG_FORM_IS_REF = 2;

    /** The longest record: a TRANSACT carrying a SignedData and its transaction cell, each of a whole frame. */
    public static final int MAX_RECORD_LENGTH = HEADER_LENGTH + 2 * CellDescriptor.MAX_FRAMED_CELL_LENGTH;
    /** The smallest ring whose records may be as long as {@link #MAX_RECORD_LENGTH} (Agrona allows an eighth). */
    public static final int MIN_CAPACITY = 256 * 1024;
    /** The ring's data capacity unless configured: a few hundred frames of the largest size. */
    public static final int DEFAULT_CAPACITY = 1024 * 1024;

    private CvmRingDescriptor()
    {
    }

    /**
     * The bytes to allocate for a ring of a given capacity: the capacity and Agrona's trailer.
     *
     * @param capacity the data capacity, a power of two.
     * @return the buffer length.
     */
    public static int bufferLength(final int capacity)
    {
        return capacity + RingBufferDescriptor.TRAILER_LENGTH;
    }
}
