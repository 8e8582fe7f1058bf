package io.cellwire.srcgen;

/**
 * Emits the flyweight decoder of one message: {@code wrap} validates the whole payload in one pass and records where
 * each field lies; accessors read in place. Build thread only.
 */
final class DecoderEmitter
{
    private DecoderEmitter()
    {
    }

    static String emit(final String packageName, final MessageDef message)
    {
        final String name = Names.decoder(message);
        final JavaWriter w = new JavaWriter();
        w.line(Names.HEADER);
        w.line("package " + packageName + ";");
        w.blank();
        w.line("import io.cellwire.codec.CellDescriptor;");
        w.line("import io.cellwire.codec.CellPrinter;");
        w.line("import io.cellwire.codec.CellWalker;");
        w.line("import io.cellwire.codec.DecodeError;");
        w.line("import io.cellwire.codec.MessageFields;");
        w.line("import io.cellwire.codec.RefList;");
        w.line("import io.cellwire.codec.Vlc;");
        w.line("import org.agrona.DirectBuffer;");
        w.line("import org.agrona.MutableDirectBuffer;");
        w.blank();
        w.javadoc(
            "Flyweight decoder of " + message.wireName() + " (type " + message.type() + "): " + message.doc() + ".",
            "<p>",
            "Payload: {@code " + Names.payloadShape(message) + "}. {@link #wrap} validates the whole payload in one",
            "pass, with no allocation, and records where each field lies; accessors read in place until the next wrap.",
            "An instance belongs to one thread.");
        w.line("@SuppressWarnings(\"unused\")");
        w.line("public final class " + name);
        w.open();
        constants(w, message);
        state(w, message);
        constructors(w, name);
        wrap(w, message);
        common(w);
        for (final FieldDef field : message.fields())
        {
            accessors(w, message, field);
        }
        appendTo(w, message);
        w.close();
        return w.toString();
    }

    private static void constants(final JavaWriter w, final MessageDef message)
    {
        w.javadoc("Message type byte.");
        w.line("public static final int TYPE = " + message.type() + ";");
        w.javadoc("Message name as docs/wire-format.md spells it.");
        w.line("public static final String WIRE_NAME = \"" + message.wireName() + "\";");
        if (message.layout() != Layout.SINGLE)
        {
            w.javadoc("Number of fields in the payload.");
            w.line("public static final int FIELD_COUNT = " + message.fields().size() + ";");
        }
        w.blank();
    }

    private static void state(final JavaWriter w, final MessageDef message)
    {
        w.line("private final CellWalker walker;");
        w.line("private final RefList refs = new RefList();");
        w.line("private CellPrinter printer;");
        w.line("private DirectBuffer buffer;");
        w.line("private int offset;");
        w.line("private int length;");
        for (final FieldDef field : message.fields())
        {
            final String n = field.name();
            switch (field.kind())
            {
                case LONG, ADDRESS -> w.line("private long " + n + ";");
                case HASH -> w.line("private int " + n + "Offset;");
                case KEYWORD, REF ->
                {
                    w.line("private int " + n + "Offset;");
                    w.line("private int " + n + "Length;");
                }
                case CELL ->
                {
                    w.line("private int " + n + "Offset;");
                    w.line("private int " + n + "Length;");
                    w.line("private boolean " + n + "IsRef;");
                }
                case SIGNED ->
                {
                    w.line("private int " + n + "Offset;");
                    w.line("private int " + n + "Length;");
                    w.line("private int " + n + "ValueLength;");
                    w.line("private boolean " + n + "ValueIsRef;");
                }
            }
        }
        w.blank();
    }

    private static void constructors(final JavaWriter w, final String name)
    {
        w.javadoc("A decoder with a walker of its own.");
        w.line("public " + name + "()");
        w.open().line("this(new CellWalker());").close();
        w.blank();
        w.javadoc("A decoder that shares the calling thread's walker.", "",
            "@param walker the walker to validate with.");
        w.line("public " + name + "(final CellWalker walker)");
        w.open().line("this.walker = walker;").close();
        w.blank();
    }

    private static void wrap(final JavaWriter w, final MessageDef message)
    {
        w.javadoc(
            "Validates the payload that fills {@code [offset, offset + length)} and wraps it.",
            "",
            "@param buffer the bytes.",
            "@param offset where the payload cell starts (after the type byte).",
            "@param length the payload length.",
            "@return {@code length}, or a negative {@link DecodeError} code.");
        w.line("public int wrap(final DirectBuffer buffer, final int offset, final int length)");
        w.open();
        w.line("this.buffer = buffer;");
        w.line("this.offset = offset;");
        w.line("this.length = length;");
        w.line("refs.clear();");
        w.line("final int limit = offset + length;");
        switch (message.layout())
        {
            case SINGLE -> w.line("int p = offset;");
            case VECTOR -> w.line("int p = MessageFields.vectorHeader(buffer, offset, limit, FIELD_COUNT);");
            case RECORD -> w.line("int p = MessageFields.recordHeader(buffer, offset, limit, " +
                Names.tag(message.recordTag()) + ", FIELD_COUNT);");
        }
        if (message.layout() != Layout.SINGLE)
        {
            returnIfError(w);
        }
        for (final FieldDef field : message.fields())
        {
            readField(w, message, field);
        }
        w.line("return p == limit ? length : DecodeError.TRAILING_BYTES.code();");
        w.close();
        w.blank();
    }

    private static void returnIfError(final JavaWriter w)
    {
        w.line("if (p < 0)");
        w.open().line("return p;").close();
    }

    private static void readField(final JavaWriter w, final MessageDef message, final FieldDef field)
    {
        final String n = field.name();
        final boolean whole = message.layout() == Layout.SINGLE;
        final String start = n + "Start";
        w.line("final int " + start + " = p;");
        switch (field.kind())
        {
            case LONG -> w.line("p = MessageFields.longCell(buffer, p, limit);");
            case ADDRESS -> w.line("p = MessageFields.addressCell(buffer, p, limit, " + field.optional() + ");");
            case HASH -> w.line("p = MessageFields.hashCell(buffer, p, limit);");
            case KEYWORD ->
                w.line("p = MessageFields.keywordCell(walker, buffer, p, limit, " + field.optional() + ");");
            case CELL -> w.line(whole ?
                "p = MessageFields.wholeCell(walker, refs, buffer, p, limit, " + Names.tag(field.tag()) + ");" :
                "p = MessageFields.cellSlot(walker, refs, buffer, p, limit, " + Names.tag(field.tag()) + ", " +
                    field.optional() + ");");
            case REF -> w.line("p = MessageFields.refSlot(refs, buffer, p, limit, " + field.optional() + ");");
            case SIGNED -> w.line("p = MessageFields.signedCell(walker, refs, buffer, p, limit, " +
                Names.tag(field.tag()) + ");");
        }
        returnIfError(w);
        switch (field.kind())
        {
            case LONG -> w.line(n + " = Vlc.value(buffer, " + start + " + 1);");
            case ADDRESS -> w.line(n + " = MessageFields.addressValue(buffer, " + start + ");");
            case HASH -> w.line(n + "Offset = " + start + " + 2;");
            case KEYWORD ->
            {
                w.line(n + "Offset = " + start + ";");
                w.line(n + "Length = " + nilOr(field, start, "p - " + start) + ";");
            }
            case REF ->
            {
                w.line(n + "Offset = " + start + " + 1;");
                w.line(n + "Length = " + nilOr(field, start, "CellDescriptor.VALUE_ID_LENGTH") + ";");
            }
            case CELL ->
            {
                w.line(n + "IsRef = MessageFields.isRef(buffer, " + start + ");");
                w.line("if (" + n + "IsRef)");
                w.open();
                w.line(n + "Offset = " + start + " + 1;");
                w.line(n + "Length = CellDescriptor.VALUE_ID_LENGTH;");
                w.close();
                w.line("else");
                w.open();
                w.line(n + "Offset = " + start + ";");
                w.line(n + "Length = " + nilOr(field, start, "p - " + start) + ";");
                w.close();
            }
            case SIGNED ->
            {
                final String value = n + "ValueStart";
                w.line("final int " + value + " = " + start + " + CellDescriptor.SIGNED_DATA_HEADER_LENGTH;");
                w.line(n + "Offset = " + start + ";");
                w.line(n + "Length = p - " + start + ";");
                w.line(n + "ValueIsRef = MessageFields.isRef(buffer, " + value + ");");
                w.line(n + "ValueLength = " + n + "ValueIsRef ? CellDescriptor.VALUE_ID_LENGTH : p - " + value + ";");
            }
        }
    }

    private static String nilOr(final FieldDef field, final String start, final String length)
    {
        return field.optional() ? "MessageFields.isNil(buffer, " + start + ") ? 0 : " + length : length;
    }

    private static void common(final JavaWriter w)
    {
        w.javadoc("The wrapped buffer.", "", "@return the buffer of the last wrap.");
        w.line("public DirectBuffer buffer()");
        w.open().line("return buffer;").close();
        w.blank();
        w.javadoc("Where the payload starts.", "", "@return the offset of the last wrap.");
        w.line("public int offset()");
        w.open().line("return offset;").close();
        w.blank();
        w.javadoc("The payload length.", "", "@return the length of the last wrap.");
        w.line("public int length()");
        w.open().line("return length;").close();
        w.blank();
        w.javadoc("Every {@code 20} dependency of the payload that the last successful wrap found, as offsets into",
            "{@link #buffer()}: what DATA must supply or MISSING_DATA must ask for.", "", "@return the refs.");
        w.line("public RefList refs()");
        w.open().line("return refs;").close();
        w.blank();
    }

    private static void accessors(final JavaWriter w, final MessageDef message, final FieldDef field)
    {
        final String n = field.name();
        final String u = Names.upper(n);
        switch (field.kind())
        {
            case LONG ->
            {
                w.javadoc(field.doc() + ".", "", "@return the value.");
                w.line("public long " + n + "()");
                w.open().line("return " + n + ";").close();
                w.blank();
            }
            case ADDRESS ->
            {
                w.javadoc(field.doc() + ".", "",
                    "@return the address number" +
                        (field.optional() ? ", or {@link MessageFields#NULL_ADDRESS} for nil." : "."));
                w.line("public long " + n + "()");
                w.open().line("return " + n + ";").close();
                w.blank();
            }
            case HASH ->
            {
                offsetAccessor(w, n, field.doc() + ": where the 32-byte value ID starts.");
                w.javadoc("Copies " + n + " out.", "", "@param dst the destination.",
                    "@param dstOffset where to copy.");
                w.line("public void get" + u + "(final MutableDirectBuffer dst, final int dstOffset)");
                w.open().line("dst.putBytes(dstOffset, buffer, " + n + "Offset, CellDescriptor.VALUE_ID_LENGTH);")
                    .close();
                w.blank();
                wrapAccessor(w, u, n + "Offset", "CellDescriptor.VALUE_ID_LENGTH");
            }
            case KEYWORD, CELL, REF ->
            {
                final String where = switch (field.kind())
                {
                    case KEYWORD -> "the Keyword cell";
                    case REF -> "the 32-byte value ID of the ref";
                    default -> "the inline cell, or the value ID of a ref,";
                };
                offsetAccessor(w, n, field.doc() + ": where " + where + " starts.");
                w.javadoc("Length of " + n + (field.optional() ? ", 0 for nil." : "."), "", "@return the length.");
                w.line("public int " + n + "Length()");
                w.open().line("return " + n + "Length;").close();
                w.blank();
                if (field.kind() == FieldKind.CELL)
                {
                    w.javadoc("Whether " + n + " is a {@code 20} ref whose cell travels as DATA.", "",
                        "@return true for a ref.");
                    w.line("public boolean " + n + "IsRef()");
                    w.open().line("return " + n + "IsRef;").close();
                    w.blank();
                }
                if (field.optional())
                {
                    w.javadoc("Whether " + n + " is present.", "", "@return false for nil.");
                    w.line("public boolean has" + u + "()");
                    w.open().line("return " + n + "Length != 0;").close();
                    w.blank();
                }
                wrapAccessor(w, u, n + "Offset", n + "Length");
            }
            case SIGNED ->
            {
                offsetAccessor(w, n, field.doc() + ": where the SignedData cell starts.");
                w.javadoc("Length of the whole SignedData cell.", "", "@return the length.");
                w.line("public int " + n + "Length()");
                w.open().line("return " + n + "Length;").close();
                w.blank();
                w.javadoc("Where the signer's 32-byte public key starts.", "", "@return the offset.");
                w.line("public int " + n + "KeyOffset()");
                w.open().line("return " + n + "Offset + 1;").close();
                w.blank();
                w.javadoc("Where the 64-byte signature starts.", "", "@return the offset.");
                w.line("public int " + n + "SignatureOffset()");
                w.open().line("return " + n + "Offset + 1 + CellDescriptor.PUBLIC_KEY_LENGTH;").close();
                w.blank();
                w.javadoc("Where the signed value's inline cell, or its value ID when by ref, starts.", "",
                    "@return the offset.");
                w.line("public int " + n + "ValueOffset()");
                w.open().line("final int slot = " + n + "Offset + CellDescriptor.SIGNED_DATA_HEADER_LENGTH;")
                    .line("return " + n + "ValueIsRef ? slot + 1 : slot;").close();
                w.blank();
                w.javadoc("Length of the signed value's inline cell, or 32 when by ref.", "", "@return the length.");
                w.line("public int " + n + "ValueLength()");
                w.open().line("return " + n + "ValueLength;").close();
                w.blank();
                w.javadoc("Whether the signed value is a {@code 20} ref.", "", "@return true for a ref.");
                w.line("public boolean " + n + "ValueIsRef()");
                w.open().line("return " + n + "ValueIsRef;").close();
                w.blank();
                wrapAccessor(w, u + "Value", n + "ValueOffset()", n + "ValueLength");
            }
        }
    }

    private static void offsetAccessor(final JavaWriter w, final String n, final String doc)
    {
        w.javadoc(doc, "", "@return the offset in {@link #buffer()}.");
        w.line("public int " + n + "Offset()");
        w.open().line("return " + n + "Offset;").close();
        w.blank();
    }

    private static void wrapAccessor(final JavaWriter w, final String u, final String offset, final String length)
    {
        w.javadoc("Points a caller's flyweight at these bytes, with no copy.", "",
            "@param view the flyweight to wrap.");
        w.line("public void wrap" + u + "(final DirectBuffer view)");
        w.open().line("view.wrap(buffer, " + offset + ", " + length + ");").close();
        w.blank();
    }

    private static void appendTo(final JavaWriter w, final MessageDef message)
    {
        w.javadoc("Renders the fields for logs and tools, e.g. {@code id=5 form=(+ 1 2)}; nil optional fields are left",
            "out. Not for the hot path: the first call creates a printer.", "", "@param builder where to append.",
            "@return the builder.");
        w.line("public StringBuilder appendTo(final StringBuilder builder)");
        w.open();
        w.line("if (printer == null)");
        w.open().line("printer = new CellPrinter();").close();
        w.line("final int start = builder.length();");
        for (final FieldDef field : message.fields())
        {
            final String n = field.name();
            final String separator = "builder.append(\" " + n + "=\")";
            switch (field.kind())
            {
                case LONG -> w.line(separator + ".append(" + n + ");");
                case ADDRESS ->
                {
                    if (field.optional())
                    {
                        w.line("if (" + n + " != MessageFields.NULL_ADDRESS)");
                        w.open().line(separator + ".append('#').append(" + n + ");").close();
                    }
                    else
                    {
                        w.line(separator + ".append('#').append(" + n + ");");
                    }
                }
                case HASH ->
                {
                    w.line(separator + ";");
                    w.line("MessageFields.appendHash(builder, buffer, " + n + "Offset);");
                }
                case KEYWORD, CELL, REF ->
                {
                    if (field.optional())
                    {
                        w.line("if (" + n + "Length != 0)");
                        w.open();
                    }
                    w.line(separator + ";");
                    final String isRef = switch (field.kind())
                    {
                        case KEYWORD -> "false";
                        case REF -> "true";
                        default -> n + "IsRef";
                    };
                    w.line("MessageFields.appendSlot(printer, builder, buffer, " + n + "Offset, " + n + "Length, " +
                        isRef + ");");
                    if (field.optional())
                    {
                        w.close();
                    }
                }
                case SIGNED ->
                {
                    w.line(separator + ";");
                    w.line("MessageFields.appendSlot(printer, builder, buffer, " + n + "Offset, " + n +
                        "Length, false);");
                }
            }
        }
        w.line("if (builder.length() > start)");
        w.open().line("builder.deleteCharAt(start);").close();
        w.line("return builder;");
        w.close();
        w.blank();
        w.line("@Override");
        w.line("public String toString()");
        w.open().line("return appendTo(new StringBuilder(WIRE_NAME).append(' ')).toString();").close();
    }
}
