package io.cellwire.srcgen;

import java.util.List;

/**
 * Emits the flyweight encoder of one message: setters write each field in place, in schema order, and
 * {@code finishFrame} puts the minimal frame header in front. Build thread only.
 */
final class EncoderEmitter
{
    private EncoderEmitter()
    {
    }

    static String emit(final String packageName, final MessageDef message)
    {
        final String name = Names.encoder(message);
        final boolean digest = needsDigest(message);
        final JavaWriter w = new JavaWriter();
        w.line(Names.HEADER);
        w.line("package " + packageName + ";");
        w.blank();
        w.line("import io.cellwire.codec.CellDescriptor;");
        w.line("import io.cellwire.codec.DecodeError;");
        w.line("import io.cellwire.codec.FrameHeader;");
        w.line("import io.cellwire.codec.MessageFields;");
        if (digest)
        {
            w.line("import io.cellwire.codec.ValueIdDigest;");
        }
        w.line("import org.agrona.DirectBuffer;");
        w.line("import org.agrona.MutableDirectBuffer;");
        w.blank();
        w.javadoc(
            "Flyweight encoder of " + message.wireName() + " (type " + message.type() + "): " + message.doc() + ".",
            "<p>",
            "Payload: {@code " + Names.payloadShape(message) + "}. Wrap, call every setter once in schema order, then",
            "read {@link #encodedLength()} or call {@link #finishFrame()}. Writes in place with no allocation; an",
            "instance belongs to one thread.");
        w.line("@SuppressWarnings(\"unused\")");
        w.line("public final class " + name);
        w.open();
        w.javadoc("Message type byte.");
        w.line("public static final int TYPE = " + message.type() + ";");
        w.javadoc("Number of fields.");
        w.line("public static final int FIELD_COUNT = " + message.fields().size() + ";");
        w.line("private static final int NO_FRAME = -1;");
        w.blank();
        if (digest)
        {
            w.line("private final ValueIdDigest digest = new ValueIdDigest();");
        }
        w.line("private MutableDirectBuffer buffer;");
        w.line("private int frameOffset = NO_FRAME;");
        w.line("private int offset;");
        w.line("private int limit;");
        w.line("private int nextField;");
        w.blank();
        wraps(w, message, name);
        final List<FieldDef> fields = message.fields();
        for (int i = 0; i < fields.size(); i++)
        {
            setters(w, message, name, fields.get(i), i);
        }
        finish(w, message);
        w.close();
        return w.toString();
    }

    private static boolean needsDigest(final MessageDef message)
    {
        return message.layout() != Layout.SINGLE &&
            message.fields().stream().anyMatch(f -> f.kind() == FieldKind.CELL);
    }

    private static void wraps(final JavaWriter w, final MessageDef message, final String name)
    {
        w.javadoc("Starts a payload at {@code offset}.", "", "@param buffer the destination.",
            "@param offset where the payload cell starts.", "@return this encoder.");
        w.line("public " + name + " wrap(final MutableDirectBuffer buffer, final int offset)");
        w.open();
        w.line("this.buffer = buffer;");
        w.line("this.frameOffset = NO_FRAME;");
        w.line("this.offset = offset;");
        w.line("start();");
        w.line("return this;");
        w.close();
        w.blank();
        w.javadoc("Starts a whole frame at {@code frameOffset}; the payload is written 3 bytes in and",
            "{@link #finishFrame()} puts the header and type in front of it.", "",
            "@param buffer      the destination, with room for the largest frame this message can make.",
            "@param frameOffset where the frame starts.", "@return this encoder.");
        w.line("public " + name + " wrapFrame(final MutableDirectBuffer buffer, final int frameOffset)");
        w.open();
        w.line("this.buffer = buffer;");
        w.line("this.frameOffset = frameOffset;");
        w.line("this.offset = frameOffset + FrameHeader.MAX_HEADER_LENGTH + 1;");
        w.line("start();");
        w.line("return this;");
        w.close();
        w.blank();
        w.line("private void start()");
        w.open();
        w.line("nextField = 0;");
        switch (message.layout())
        {
            case SINGLE -> w.line("limit = offset;");
            case VECTOR, RECORD ->
            {
                final String tag = message.layout() == Layout.VECTOR ? "CellDescriptor.TAG_VECTOR" :
                    Names.tag(message.recordTag());
                w.line("buffer.putByte(offset, (byte)" + tag + ");");
                w.line("buffer.putByte(offset + 1, (byte)FIELD_COUNT);");
                w.line("limit = offset + 2;");
            }
        }
        w.close();
        w.blank();
        w.line("private void field(final int index)");
        w.open();
        w.line("if (nextField != index)");
        w.open();
        w.line("throw new IllegalStateException(\"field \" + index + \" set out of schema order; next is \" +");
        w.line("    nextField);");
        w.close();
        w.line("nextField++;");
        w.close();
        w.blank();
    }

    private static void setters(
        final JavaWriter w, final MessageDef message, final String name, final FieldDef field, final int index)
    {
        final String n = field.name();
        final boolean whole = message.layout() == Layout.SINGLE;
        switch (field.kind())
        {
            case LONG -> setter(w, name, n, field.doc(), "final long value",
                "MessageFields.putLong(buffer, limit, value)", index, "@param value the value.");
            case ADDRESS -> setter(w, name, n, field.doc(), "final long address",
                "MessageFields.putAddress(buffer, limit, address)", index, "@param address a non-negative address.");
            case HASH, REF -> setter(w, name, n, field.doc(), "final DirectBuffer valueId, final int valueIdOffset",
                field.kind() == FieldKind.HASH ? "MessageFields.putHash(buffer, limit, valueId, valueIdOffset)" :
                    "MessageFields.putRef(buffer, limit, valueId, valueIdOffset)", index,
                "@param valueId the buffer holding the 32-byte value ID.", "@param valueIdOffset where it starts.");
            case KEYWORD, SIGNED -> setter(w, name, n, field.doc() + " (an encoded cell, copied)",
                "final DirectBuffer cell, final int cellOffset, final int cellLength",
                "MessageFields.putCell(buffer, limit, cell, cellOffset, cellLength)", index,
                "@param cell the buffer holding the encoded cell.", "@param cellOffset where it starts.",
                "@param cellLength its length.");
            case CELL ->
            {
                if (whole)
                {
                    setter(w, name, n, field.doc() + " (an encoded cell, copied)",
                        "final DirectBuffer cell, final int cellOffset, final int cellLength",
                        "MessageFields.putCell(buffer, limit, cell, cellOffset, cellLength)", index,
                        "@param cell the buffer holding the encoded cell.", "@param cellOffset where it starts.",
                        "@param cellLength its length.");
                }
                else
                {
                    setter(w, name, n, field.doc() + " (an encoded cell: inline if embedded, else a ref to it, and" +
                        " then the cell must travel as DATA)",
                        "final DirectBuffer cell, final int cellOffset, final int cellLength",
                        "MessageFields.putCellSlot(buffer, limit, cell, cellOffset, cellLength, digest)", index,
                        "@param cell the buffer holding the encoded cell.", "@param cellOffset where it starts.",
                        "@param cellLength its length.");
                    setter(w, name, n + "Ref", field.doc() + " as a ref to a cell that travels as DATA",
                        "final DirectBuffer valueId, final int valueIdOffset",
                        "MessageFields.putRef(buffer, limit, valueId, valueIdOffset)", index,
                        "@param valueId the buffer holding the 32-byte value ID.",
                        "@param valueIdOffset where it starts.");
                }
            }
        }
        if (field.optional())
        {
            setter(w, name, n + "Nil", field.doc() + " as nil", "", "MessageFields.putNil(buffer, limit)", index);
        }
    }

    private static void setter(
        final JavaWriter w,
        final String name,
        final String method,
        final String doc,
        final String params,
        final String put,
        final int index,
        final String... paramDocs)
    {
        final String[] lines = new String[paramDocs.length + 3];
        lines[0] = "Sets " + doc + ".";
        lines[1] = "";
        System.arraycopy(paramDocs, 0, lines, 2, paramDocs.length);
        lines[lines.length - 1] = "@return this encoder.";
        w.javadoc(lines);
        w.line("public " + name + " " + method + "(" + params + ")");
        w.open();
        w.line("field(" + index + ");");
        w.line("limit += " + put + ";");
        w.line("return this;");
        w.close();
        w.blank();
    }

    private static void finish(final JavaWriter w, final MessageDef message)
    {
        w.javadoc("Length of the payload written so far.", "", "@return bytes from the payload start.");
        w.line("public int encodedLength()");
        w.open().line("return limit - offset;").close();
        w.blank();
        w.javadoc("Where the payload starts: after the frame header once {@link #finishFrame()} has run.", "",
            "@return the payload offset.");
        w.line("public int offset()");
        w.open().line("return offset;").close();
        w.blank();
        w.javadoc("Completes a frame started with {@link #wrapFrame}: writes the minimal length header and the type",
            "byte at the frame offset, moving a short payload up one byte when its header takes one byte.", "",
            "@return the frame's total length in bytes, or {@code FRAME_TOO_LONG} as a negative code.");
        w.line("public int finishFrame()");
        w.open();
        w.line("if (frameOffset == NO_FRAME || nextField != FIELD_COUNT)");
        w.open().line("throw new IllegalStateException(\"not a complete frame: \" + nextField + \" of \" + " +
            "FIELD_COUNT + \" fields\");").close();
        w.line("final int payloadLength = limit - offset;");
        w.line("final int frameLength = payloadLength + 1;");
        w.line("if (frameLength > FrameHeader.MAX_FRAME_LENGTH)");
        w.open().line("return DecodeError.FRAME_TOO_LONG.code();").close();
        w.line("final int payloadOffset = frameOffset + FrameHeader.headerLengthFor(frameLength) + 1;");
        w.line("MessageFields.moveDown(buffer, offset, payloadOffset, payloadLength);");
        w.line("offset = payloadOffset;");
        w.line("limit = payloadOffset + payloadLength;");
        w.line("return FrameHeader.write(buffer, frameOffset, frameLength, TYPE) + payloadLength;");
        w.close();
    }
}
