package io.cellwire.bench.cli;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellPrinter;
import io.cellwire.codec.CellWalker;
import io.cellwire.codec.DecodeError;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.RefSink;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.codec.message.MessageDispatcher;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.MessageType;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes one hex input of {@code cellwire decode} as a cell or as a frame and keeps the verdict: status, kind,
 * length, value ID and detail (see {@link DecodeCommand} for the contract).
 * <p>
 * Reuses its buffers and codec objects across inputs; owned by the one thread that runs the command.
 */
final class InputDecoder
{
    /** Detail of an input that is not hex (odd length or a non-hex character); not a {@link DecodeError}. */
    static final String BAD_HEX = "BAD_HEX";
    /** Status of an accepted input. */
    static final String OK = "ok";
    /** Status of a rejected input. */
    static final String INVALID = "invalid";
    /** Placeholder for a kind or value ID that does not exist. */
    static final String NONE = "-";
    /** The dispatcher's handler: the verdict and the fields are read from the dispatcher afterwards. */
    private static final MessageHandler IGNORE = new MessageHandler()
    {
    };

    private final boolean frames;
    private final CellWalker walker = new CellWalker();
    private final ValueIdDigest digest = new ValueIdDigest();
    private final CellPrinter printer = new CellPrinter();
    private final MessageDispatcher dispatcher = new MessageDispatcher(walker);
    private final byte[] valueId = new byte[CellDescriptor.VALUE_ID_LENGTH];
    private final StringBuilder detail = new StringBuilder();
    private UnsafeBuffer buffer = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);

    private boolean ok;
    private String kind;
    private int length;

    /**
     * A decoder for one mode.
     *
     * @param frames true to read each input as one frame, false as one cell.
     */
    InputDecoder(final boolean frames)
    {
        this.frames = frames;
    }

    /**
     * Decodes one input and keeps the verdict.
     *
     * @param hex the input line.
     */
    void decode(final CharSequence hex)
    {
        final int maxLength = Hex.maxDecodedLength(hex);
        if (maxLength > buffer.capacity())
        {
            buffer = new UnsafeBuffer(new byte[Math.max(maxLength, 2 * buffer.capacity())]);
        }
        detail.setLength(0);
        final int n = Hex.decode(hex, buffer);
        if (n == Hex.BAD_HEX)
        {
            ok = false;
            kind = NONE;
            length = 0;
            detail.append(BAD_HEX);
            return;
        }
        if (frames)
        {
            decodeFrame(n);
        }
        else
        {
            decodeCell(n);
        }
    }

    private void decodeCell(final int n)
    {
        final String name = n > 0 ? CellPrinter.typeName(buffer.getByte(0) & 0xff) : null;
        kind = name != null ? name : NONE;
        final int result = walker.walkExact(buffer, 0, n, RefSink.NONE);
        if (result < 0)
        {
            reject(n, result);
            return;
        }
        accept(0, result, result);
    }

    private void decodeFrame(final int n)
    {
        kind = NONE;
        final int headerLength = FrameHeader.headerLength(buffer, 0, n);
        if (headerLength > 0 && headerLength < n)
        {
            final int type = buffer.getByte(headerLength) & 0xff;
            if (MessageType.isValid(type))
            {
                kind = MessageType.name(type);
            }
        }
        final int type = dispatcher.dispatchFrame(buffer, 0, n, IGNORE);
        if (type < 0)
        {
            reject(n, type);
            return;
        }
        final int payload = headerLength + 1;
        ok = true;
        length = n;
        digest.valueId(buffer, payload, n - payload, valueId, 0);
        dispatcher.appendTo(type, detail);
        flattenDetail();
    }

    private void reject(final int inputLength, final int code)
    {
        ok = false;
        length = inputLength;
        detail.append(DecodeError.of(code).name());
    }

    private void accept(final int cellOffset, final int cellLength, final int totalLength)
    {
        ok = true;
        length = totalLength;
        digest.valueId(buffer, cellOffset, cellLength, valueId, 0);
        printer.print(buffer, cellOffset, cellLength, detail);
        flattenDetail();
    }

    private void flattenDetail()
    {
        for (int i = 0, size = detail.length(); i < size; i++)
        {
            final char c = detail.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r')
            {
                detail.setCharAt(i, ' ');
            }
        }
    }

    /**
     * Whether the last input was accepted.
     *
     * @return true for {@code ok}.
     */
    boolean ok()
    {
        return ok;
    }

    /**
     * The kind of the last input: cell type or message type name, or {@code -}.
     *
     * @return the kind.
     */
    String kind()
    {
        return kind;
    }

    /**
     * The length of the last input: the cell or frame when accepted, the input bytes when not.
     *
     * @return bytes.
     */
    int length()
    {
        return length;
    }

    /**
     * Appends the TSV line of the last input, without the line break.
     *
     * @param index the input's index.
     * @param out   where the line goes.
     * @return {@code out}.
     */
    StringBuilder appendLine(final long index, final StringBuilder out)
    {
        out.append(index).append('\t').append(ok ? OK : INVALID).append('\t').append(kind).append('\t').append(length)
            .append('\t');
        if (ok)
        {
            Hex.append(valueId, out);
        }
        else
        {
            out.append(NONE);
        }
        return out.append('\t').append(detail);
    }
}
