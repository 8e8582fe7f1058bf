package io.cellwire.bench.transport;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellWalker;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.Vlc;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.QueryEncoder;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.codec.message.ResultEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The frames one benchmark size sends, built once and checked with the lane's own decoders, so every contender puts
 * the same bytes on the wire. {@code payloadLength} is the payload cell after the type byte:
 * <ul>
 *   <li>up to {@link CellDescriptor.MAX_EMBEDDED_LENGTH} bytes: a QUERY {@code [id form nil]} whose form is a flat Blob
 *   sized to fill the payload exactly, answered by a RESULT {@code [id form nil nil]} (one byte longer);</li>
 *   <li>larger: a DATA frame whose cell is a flat Blob (up to {@value #MAX_FLAT_BLOB_CELL} bytes) or, above that, a
 *   Fn {@code cf V1 (cc 08 V2 V3) V4} whose four inline Vectors hold 64 embedded Blobs (as the transport's echo tests
 *   build them), echoed back unchanged. A QUERY form that large would travel by ref, with its cell as DATA.</li>
 * </ul>
 * Immutable once built; the buffers are read by the benchmark threads, never written after construction.
 */
final class BenchFrames
{
    /** Message ids start here, so every id of a run takes the same 8 VLC bytes and frames keep their size. */
    static final long ID_BASE = 1L << 49;
    /** Largest payload: the frame length 8191 less the type byte. */
    static final int MAX_PAYLOAD = FrameHeader.MAX_FRAME_LENGTH - 1;
    /** Smallest QUERY payload: vector header, 9-byte Long id, an empty Blob form, nil address. */
    static final int MIN_QUERY_PAYLOAD = 2 + 1 + 8 + 2 + 1;
    /** Largest flat Blob cell: tag, 2-byte VLC count, 4096 bytes. */
    static final int MAX_FLAT_BLOB_CELL = 1 + 2 + CellDescriptor.BLOB_CHUNK_LENGTH;

    private static final int ONE_BYTE_VLC_MAX = 63;
    private static final int VECTORS = 4;
    private static final int ITEMS_PER_VECTOR = 16;
    private static final int ITEMS = VECTORS * ITEMS_PER_VECTOR;
    private static final int FN_OVERHEAD = 1 + 2 + VECTORS * 2;
    private static final int TAG_LET = 0xcc;
    private static final int LET_OPCODE = 0x08;
    private static final int VECTOR_WITH_ONE_BLOB = 66;

    final int payloadLength;
    final int type;
    final UnsafeBuffer form;
    final int formLength;
    final UnsafeBuffer request;
    final int requestLength;
    final byte[] requestBytes;
    final UnsafeBuffer reply;
    final int replyLength;
    final byte[] replyBytes;

    /**
     * Builds and checks the frames of one size.
     *
     * @param payloadLength the request's payload cell in bytes, {@link #MIN_QUERY_PAYLOAD}…{@link #MAX_PAYLOAD}.
     * @throws IllegalArgumentException if no valid frame has that size.
     */
    BenchFrames(final int payloadLength)
    {
        if (payloadLength < MIN_QUERY_PAYLOAD || payloadLength > MAX_PAYLOAD)
        {
            throw new IllegalArgumentException(
                "message size " + payloadLength + " out of range " + MIN_QUERY_PAYLOAD + ".." + MAX_PAYLOAD);
        }
        this.payloadLength = payloadLength;
        form = new UnsafeBuffer(ByteBuffer.allocateDirect(CellDescriptor.MAX_EMBEDDED_LENGTH));
        request = new UnsafeBuffer(ByteBuffer.allocateDirect(FrameHeader.MAX_FRAME_SIZE));
        reply = new UnsafeBuffer(ByteBuffer.allocateDirect(FrameHeader.MAX_FRAME_SIZE));
        if (payloadLength <= CellDescriptor.MAX_EMBEDDED_LENGTH)
        {
            type = MessageType.QUERY;
            final int fixed = 2 + 1 + Vlc.encodedLength(ID_BASE) + 1;
            formLength = item(form, 0, payloadLength - fixed, 0);
            requestLength = encodeQuery(new QueryEncoder(), request, ID_BASE);
            replyLength = new ResultEncoder().wrapFrame(reply, 0).id(ID_BASE).value(form, 0, formLength).errorNil()
                .infoNil().finishFrame();
        }
        else
        {
            type = MessageType.DATA;
            formLength = 0;
            final int header = FrameHeader.write(request, 0, payloadLength + 1, MessageType.DATA);
            final int end = payloadLength <= MAX_FLAT_BLOB_CELL ?
                header + blob(request, header, payloadLength, 0) : fn(request, header, payloadLength);
            requestLength = end;
            reply.putBytes(0, request, 0, requestLength);
            replyLength = requestLength;
        }
        check();
        requestBytes = new byte[requestLength];
        request.getBytes(0, requestBytes);
        replyBytes = new byte[replyLength];
        reply.getBytes(0, replyBytes);
    }

    /**
     * Encodes the QUERY of this size with a message id, as the Cellwire client does for each message.
     *
     * @param encoder the caller's encoder.
     * @param buffer  where the frame goes, at offset 0.
     * @param id      the message id, from {@link #ID_BASE} on.
     * @return the frame length, always {@link #requestLength}.
     */
    int encodeQuery(final QueryEncoder encoder, final MutableDirectBuffer buffer, final long id)
    {
        return encoder.wrapFrame(buffer, 0).id(id).form(form, 0, formLength).addressNil().finishFrame();
    }

    /**
     * Whether the request is a QUERY answered by a RESULT (else a DATA frame echoed).
     *
     * @return true for QUERY.
     */
    boolean isQuery()
    {
        return type == MessageType.QUERY;
    }


    private void check()
    {
        final int requestPayload = requestLength - FrameHeader.headerLengthFor(payloadLength + 1) - 1;
        if (requestPayload != payloadLength)
        {
            throw new IllegalStateException("built a " + requestPayload + "-byte payload for " + payloadLength);
        }
        final CellWalker walker = new CellWalker();
        final int requestHeader = FrameHeader.headerLength(request, 0, requestLength) + 1;
        final int replyHeader = FrameHeader.headerLength(reply, 0, replyLength) + 1;
        final int requestResult;
        final int replyResult;
        if (isQuery())
        {
            requestResult = new QueryDecoder(walker).wrap(request, requestHeader, requestLength - requestHeader);
            replyResult = new ResultDecoder(walker).wrap(reply, replyHeader, replyLength - replyHeader);
        }
        else
        {
            requestResult = new DataDecoder(walker).wrap(request, requestHeader, requestLength - requestHeader);
            replyResult = requestResult;
        }
        if (requestResult < 0 || replyResult < 0)
        {
            throw new IllegalStateException("invalid benchmark frame: " + requestResult + ", " + replyResult);
        }
    }

    /**
     * Writes a flat Blob cell of exactly {@code cellLength} bytes: 2…65 or 67…4099 (a 64-byte Blob already needs a
     * 2-byte count, so no Blob is 66 bytes).
     *
     * @return the cell length.
     */
    private static int blob(final MutableDirectBuffer buffer, final int at, final int cellLength, final long seed)
    {
        final int n = cellLength <= ONE_BYTE_VLC_MAX + 2 ? cellLength - 2 : cellLength - 3;
        buffer.putByte(at, (byte)CellDescriptor.TAG_BLOB);
        final int data = at + 1 + Vlc.write(buffer, at + 1, n);
        for (int i = 0; i < n; i++)
        {
            buffer.putByte(data + i, (byte)(seed * 31 + i));
        }
        return data + n - at;
    }

    /** A Fn cell of exactly {@code length} bytes made of 64 embedded items; returns the end offset. */
    private static int fn(final MutableDirectBuffer buffer, final int at, final int length)
    {
        final int content = length - FN_OVERHEAD;
        int p = at;
        buffer.putByte(p++, (byte)CellDescriptor.TAG_FN);
        int item = 0;
        for (int v = 0; v < VECTORS; v++)
        {
            if (v == 1)
            {
                buffer.putByte(p++, (byte)TAG_LET);
                buffer.putByte(p++, (byte)LET_OPCODE);
            }
            buffer.putByte(p++, (byte)CellDescriptor.TAG_VECTOR);
            buffer.putByte(p++, (byte)ITEMS_PER_VECTOR);
            for (int i = 0; i < ITEMS_PER_VECTOR; i++, item++)
            {
                final int size = content / ITEMS + (item < content % ITEMS ? 1 : 0);
                p += item(buffer, p, size, item);
            }
        }
        return p;
    }

    /**
     * An embedded cell of 2…140 bytes: a flat Blob, or a Vector of one Blob for the one size no Blob has.
     *
     * @return the cell length.
     */
    private static int item(final MutableDirectBuffer buffer, final int at, final int size, final long seed)
    {
        if (size == VECTOR_WITH_ONE_BLOB)
        {
            buffer.putByte(at, (byte)CellDescriptor.TAG_VECTOR);
            buffer.putByte(at + 1, (byte)1);
            return 2 + blob(buffer, at + 2, size - 2, seed);
        }
        return blob(buffer, at, size, seed);
    }
}
