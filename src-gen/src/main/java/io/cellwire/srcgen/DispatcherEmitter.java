package io.cellwire.srcgen;

/**
 * Emits {@code MessageType} (the type table), {@code MessageHandler} (one callback per type) and
 * {@code MessageDispatcher} (type byte to decoder to callback). Build thread only.
 */
final class DispatcherEmitter
{
    private DispatcherEmitter()
    {
    }

    static String emitMessageType(final MessageSchema schema)
    {
        final JavaWriter w = new JavaWriter();
        w.line(Names.HEADER);
        w.line("package " + schema.packageName() + ";");
        w.blank();
        w.javadoc("The message type codes of the schema: the byte that follows a frame's length header.",
            "Stateless constants; safe from any thread.");
        w.line("public final class MessageType");
        w.open();
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (final MessageDef message : schema.messages())
        {
            w.javadoc(message.doc() + ".");
            w.line("public static final int " + message.wireName() + " = " + message.type() + ";");
            min = Math.min(min, message.type());
            max = Math.max(max, message.type());
        }
        w.javadoc("Lowest type code.");
        w.line("public static final int MIN_TYPE = " + min + ";");
        w.javadoc("Highest type code.");
        w.line("public static final int MAX_TYPE = " + max + ";");
        w.blank();
        w.line("private static final String[] NAMES = new String[MAX_TYPE + 1];");
        w.blank();
        w.line("static");
        w.open();
        for (final MessageDef message : schema.messages())
        {
            w.line("NAMES[" + message.wireName() + "] = \"" + message.wireName() + "\";");
        }
        w.close();
        w.blank();
        w.line("private MessageType()");
        w.open().close();
        w.blank();
        w.javadoc("Whether a type byte names a message type.", "", "@param type the type byte, unsigned.",
            "@return true if the schema defines it.");
        w.line("public static boolean isValid(final int type)");
        w.open().line("return type >= MIN_TYPE && type <= MAX_TYPE && NAMES[type] != null;").close();
        w.blank();
        w.javadoc("The wire name of a type.", "", "@param type a valid type code.", "@return its name.",
            "@throws IllegalArgumentException if the code is not valid.");
        w.line("public static String name(final int type)");
        w.open();
        w.line("if (!isValid(type))");
        w.open().line("throw new IllegalArgumentException(\"unknown message type: \" + type);").close();
        w.line("return NAMES[type];");
        w.close();
        w.close();
        return w.toString();
    }

    static String emitHandler(final MessageSchema schema)
    {
        final JavaWriter w = new JavaWriter();
        w.line(Names.HEADER);
        w.line("package " + schema.packageName() + ";");
        w.blank();
        w.javadoc("Receives each decoded message from a {@link MessageDispatcher}, on the dispatching thread. A",
            "decoder is valid only during the call. Every method does nothing unless overridden.");
        w.line("public interface MessageHandler");
        w.open();
        boolean first = true;
        for (final MessageDef message : schema.messages())
        {
            if (!first)
            {
                w.blank();
            }
            first = false;
            w.javadoc("A " + message.wireName() + " message: " + message.doc() + ".", "",
                "@param decoder the decoder, wrapped over the payload.");
            w.line("default void on" + message.name() + "(final " + Names.decoder(message) + " decoder)");
            w.open().close();
        }
        w.close();
        return w.toString();
    }

    static String emitDispatcher(final MessageSchema schema)
    {
        final JavaWriter w = new JavaWriter();
        w.line(Names.HEADER);
        w.line("package " + schema.packageName() + ";");
        w.blank();
        w.line("import io.cellwire.codec.CellWalker;");
        w.line("import io.cellwire.codec.DecodeError;");
        w.line("import io.cellwire.codec.FrameHeader;");
        w.line("import org.agrona.DirectBuffer;");
        w.blank();
        w.javadoc("Routes a frame, or a payload whose type is known, to the decoder of its type and then to a",
            "{@link MessageHandler}. Holds one decoder per type sharing one walker, so an instance belongs to one",
            "thread.");
        w.line("public final class MessageDispatcher");
        w.open();
        for (final MessageDef message : schema.messages())
        {
            w.line("private final " + Names.decoder(message) + " " + field(message) + ";");
        }
        w.blank();
        w.javadoc("A dispatcher with a walker of its own.");
        w.line("public MessageDispatcher()");
        w.open().line("this(new CellWalker());").close();
        w.blank();
        w.javadoc("A dispatcher whose decoders share the calling thread's walker.", "",
            "@param walker the walker to validate with.");
        w.line("public MessageDispatcher(final CellWalker walker)");
        w.open();
        for (final MessageDef message : schema.messages())
        {
            w.line(field(message) + " = new " + Names.decoder(message) + "(walker);");
        }
        w.close();
        w.blank();
        w.javadoc("Decodes the frame that fills {@code [offset, offset + length)} and hands it to the handler.", "",
            "@param buffer  the bytes.", "@param offset  where the frame's length header starts.",
            "@param length  the frame's total length.", "@param handler receives the decoded message.",
            "@return the message type, or a negative {@link DecodeError} code (the handler is then not called).");
        w.line("public int dispatchFrame(");
        w.line("    final DirectBuffer buffer, final int offset, final int length, final MessageHandler handler)");
        w.open();
        w.line("final int payload = FrameHeader.payloadOffset(buffer, offset, length);");
        w.line("if (payload < 0)");
        w.open().line("return payload;").close();
        w.line("return dispatch(buffer.getByte(payload - 1) & 0xff, buffer, payload, offset + length - payload, " +
            "handler);");
        w.close();
        w.blank();
        w.javadoc("Decodes a payload of a known type and hands it to the handler.", "",
            "@param type    the message type byte.", "@param buffer  the bytes.",
            "@param offset  where the payload cell starts.", "@param length  the payload length.",
            "@param handler receives the decoded message.",
            "@return the message type, or a negative {@link DecodeError} code (the handler is then not called).");
        w.line("public int dispatch(");
        w.line("    final int type, final DirectBuffer buffer, final int offset, final int length, " +
            "final MessageHandler handler)");
        w.open();
        w.line("final int code;");
        w.line("switch (type)");
        w.open();
        for (final MessageDef message : schema.messages())
        {
            w.line("case MessageType." + message.wireName() + ":");
            w.line("    code = " + field(message) + ".wrap(buffer, offset, length);");
            w.line("    if (code >= 0)");
            w.line("    {");
            w.line("        handler.on" + message.name() + "(" + field(message) + ");");
            w.line("    }");
            w.line("    break;");
        }
        w.line("default:");
        w.line("    return DecodeError.UNKNOWN_MESSAGE_TYPE.code();");
        w.close();
        w.line("return code < 0 ? code : type;");
        w.close();
        w.blank();
        w.javadoc("Renders the fields of the message last dispatched for a type, as its decoder's appendTo does.", "",
            "@param type    a type that {@link #dispatch} returned.", "@param builder where to append.",
            "@return the builder.");
        w.line("public StringBuilder appendTo(final int type, final StringBuilder builder)");
        w.open();
        w.line("switch (type)");
        w.open();
        for (final MessageDef message : schema.messages())
        {
            w.line("case MessageType." + message.wireName() + ":");
            w.line("    return " + field(message) + ".appendTo(builder);");
        }
        w.line("default:");
        w.line("    throw new IllegalArgumentException(\"unknown message type: \" + type);");
        w.close();
        w.close();
        for (final MessageDef message : schema.messages())
        {
            w.blank();
            w.javadoc("The " + message.wireName() + " decoder, as last wrapped.", "", "@return the decoder.");
            w.line("public " + Names.decoder(message) + " " + field(message) + "()");
            w.open().line("return " + field(message) + ";").close();
        }
        w.close();
        return w.toString();
    }

    private static String field(final MessageDef message)
    {
        return Character.toLowerCase(message.name().charAt(0)) + message.name().substring(1) + "Decoder";
    }
}
