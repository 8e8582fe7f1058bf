package io.cellwire.srcgen;

import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates a message schema (the first stage of the pipeline schema → model → emitter). Every error names
 * the schema line and the reason. Single-use: one instance parses one schema on the build thread.
 * <pre>
 * &lt;schema package="io.cellwire.codec.message"&gt;
 *   &lt;message name="Query" wireName="QUERY" type="6" doc="…"&gt;
 *     &lt;vector&gt;
 *       &lt;long name="id" doc="…"/&gt;
 *       &lt;cell name="form" doc="…"/&gt;
 *       &lt;address name="address" optional="true" doc="…"/&gt;
 *     &lt;/vector&gt;
 *   &lt;/message&gt;
 * &lt;/schema&gt;
 * </pre>
 * A message holds one field element (the payload is that cell), a {@code vector} or a {@code record tag="…"} of field
 * elements. Field elements: {@code long address keyword hash cell ref signed}.
 */
public final class SchemaParser
{
    /** Tag names a schema may use; each is a {@code CellDescriptor.TAG_…} constant of the codec. */
    public static final Set<String> TAG_NAMES = Set.of(
        "NULL", "BYTE", "LONG", "DOUBLE", "ADDRESS", "STRING", "BLOB", "SYMBOL", "KEYWORD", "VECTOR", "LIST", "MAP",
        "SET", "BLOB_MAP", "SYNTAX", "SIGNED_DATA", "STATE", "BELIEF", "BLOCK", "ORDER", "RESULT", "BLOCK_RESULT",
        "FALSE", "TRUE", "ACCOUNT_STATUS", "PEER_STATUS", "MULTI_FN", "OP", "CORE_DEF", "FN", "INVOKE", "TRANSFER",
        "CALL");

    private static final int MIN_TYPE = 1;
    private static final int MAX_TYPE = 127;
    private static final int MAX_SLOTS = 16;
    private static final Pattern PACKAGE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern FIELD_NAME = Pattern.compile("[a-z][A-Za-z0-9]*");
    private static final Pattern WIRE_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Set<String> JAVA_KEYWORDS = Set.of(
        "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
        "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
        "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
        "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
        "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var", "record",
        "yield", "buffer", "offset", "length", "limit", "refs", "walker");

    private String packageName;
    private final List<MessageDef> messages = new ArrayList<>();
    private final Set<String> messageNames = new HashSet<>();
    private final Set<String> wireNames = new HashSet<>();
    private final Set<Integer> types = new HashSet<>();

    private Locator locator;
    private boolean inSchema;
    private MessageStart message;
    private Layout layout;
    private String recordTag;
    private int layoutCount;
    private final List<FieldDef> fields = new ArrayList<>();
    private final Set<String> fieldNames = new HashSet<>();

    private record MessageStart(String name, String wireName, int type, String doc, int line)
    {
    }

    /**
     * Parses and validates a schema.
     *
     * @param in the schema XML.
     * @return the model.
     * @throws SchemaException if the schema is malformed or invalid, with the line and the reason.
     * @throws IOException     if the input cannot be read.
     */
    public static MessageSchema parse(final InputStream in) throws SchemaException, IOException
    {
        return new SchemaParser().run(in);
    }

    private MessageSchema run(final InputStream in) throws SchemaException, IOException
    {
        try
        {
            final SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.newSAXParser().parse(in, new Handler());
        }
        catch (final SAXParseException e)
        {
            if (e.getException() instanceof SchemaException schemaException)
            {
                throw schemaException;
            }
            throw new SchemaException(e.getLineNumber(), "malformed XML: " + e.getMessage());
        }
        catch (final SAXException e)
        {
            if (e.getException() instanceof SchemaException schemaException)
            {
                throw schemaException;
            }
            throw new SchemaException(0, "malformed XML: " + e.getMessage());
        }
        catch (final ParserConfigurationException e)
        {
            throw new IllegalStateException("no usable XML parser", e);
        }
        if (packageName == null)
        {
            throw new SchemaException(0, "no <schema> element");
        }
        if (messages.isEmpty())
        {
            throw new SchemaException(0, "the schema declares no message");
        }
        return new MessageSchema(packageName, List.copyOf(messages));
    }

    private final class Handler extends DefaultHandler
    {
        @Override
        public void setDocumentLocator(final Locator locator)
        {
            SchemaParser.this.locator = locator;
        }

        @Override
        public void startElement(final String uri, final String localName, final String qName, final Attributes attrs)
            throws SAXException
        {
            try
            {
                onStart(qName, attrs);
            }
            catch (final SchemaException e)
            {
                throw new SAXException(e);
            }
        }

        @Override
        public void endElement(final String uri, final String localName, final String qName) throws SAXException
        {
            try
            {
                onEnd(qName);
            }
            catch (final SchemaException e)
            {
                throw new SAXException(e);
            }
        }

        @Override
        public void characters(final char[] ch, final int start, final int length) throws SAXException
        {
            for (int i = start; i < start + length; i++)
            {
                if (!Character.isWhitespace(ch[i]))
                {
                    throw new SAXException(new SchemaException(line(), "unexpected text in the schema"));
                }
            }
        }
    }

    private int line()
    {
        return locator == null ? 0 : locator.getLineNumber();
    }

    private void onStart(final String element, final Attributes attrs) throws SchemaException
    {
        if (!inSchema)
        {
            if (!element.equals("schema"))
            {
                throw new SchemaException(line(), "the root element must be <schema>, not <" + element + ">");
            }
            allowOnly(attrs, "package");
            packageName = required(attrs, "package", PACKAGE, "a Java package name");
            inSchema = true;
            return;
        }
        if (message == null)
        {
            if (!element.equals("message"))
            {
                throw new SchemaException(line(), "<" + element + "> is not allowed in <schema>; expected <message>");
            }
            startMessage(attrs);
            return;
        }
        if (element.equals("vector") || element.equals("record"))
        {
            if (layoutCount > 0)
            {
                throw new SchemaException(line(), "message " + message.name() + " has more than one payload");
            }
            layoutCount++;
            if (element.equals("vector"))
            {
                allowOnly(attrs);
                layout = Layout.VECTOR;
            }
            else
            {
                allowOnly(attrs, "tag");
                layout = Layout.RECORD;
                recordTag = tag(attrs, true);
            }
            return;
        }
        final FieldKind kind = FieldKind.forElement(element);
        if (kind == null)
        {
            throw new SchemaException(line(), "unknown element <" + element + ">");
        }
        if (layout == null)
        {
            if (layoutCount > 0)
            {
                throw new SchemaException(line(), "message " + message.name() + " has more than one payload");
            }
            layoutCount++;
            layout = Layout.SINGLE;
        }
        addField(kind, attrs);
    }

    private void startMessage(final Attributes attrs) throws SchemaException
    {
        allowOnly(attrs, "name", "wireName", "type", "doc");
        final String name = required(attrs, "name", TYPE_NAME, "an upper camel case Java name");
        final String wireName = required(attrs, "wireName", WIRE_NAME, "an upper case wire name");
        final String typeText = required(attrs, "type", Pattern.compile("[0-9]{1,3}"), "a number");
        final int type = Integer.parseInt(typeText);
        if (type < MIN_TYPE || type > MAX_TYPE)
        {
            throw new SchemaException(line(), "type " + type + " is outside " + MIN_TYPE + "…" + MAX_TYPE);
        }
        if (!messageNames.add(name))
        {
            throw new SchemaException(line(), "duplicate message name " + name);
        }
        if (!wireNames.add(wireName))
        {
            throw new SchemaException(line(), "duplicate wire name " + wireName);
        }
        if (!types.add(type))
        {
            throw new SchemaException(line(), "duplicate type " + type);
        }
        message = new MessageStart(name, wireName, type, doc(attrs), line());
        layout = null;
        recordTag = null;
        layoutCount = 0;
        fields.clear();
        fieldNames.clear();
    }

    private void addField(final FieldKind kind, final Attributes attrs) throws SchemaException
    {
        allowOnly(attrs, "name", "optional", "tag", "doc");
        final String name = required(attrs, "name", FIELD_NAME, "a lower camel case Java name");
        if (JAVA_KEYWORDS.contains(name))
        {
            throw new SchemaException(line(), "field name " + name + " is reserved");
        }
        if (!fieldNames.add(name))
        {
            throw new SchemaException(line(), "duplicate field " + name + " in message " + message.name());
        }
        final String optionalText = attrs.getValue("optional");
        if (optionalText != null && !optionalText.equals("true") && !optionalText.equals("false"))
        {
            throw new SchemaException(line(), "optional must be true or false, not " + optionalText);
        }
        final boolean optional = "true".equals(optionalText);
        if (optional && (kind == FieldKind.LONG || kind == FieldKind.HASH || kind == FieldKind.SIGNED))
        {
            throw new SchemaException(line(), "a " + kind.element() + " field cannot be optional");
        }
        if (optional && layout == Layout.SINGLE)
        {
            throw new SchemaException(line(), "a message's only field cannot be optional");
        }
        final boolean takesTag = kind == FieldKind.CELL || kind == FieldKind.REF || kind == FieldKind.SIGNED;
        if (!takesTag && attrs.getValue("tag") != null)
        {
            throw new SchemaException(line(), "a " + kind.element() + " field takes no tag");
        }
        if (kind == FieldKind.SIGNED && layout != Layout.SINGLE)
        {
            throw new SchemaException(line(), "a signed field is never embedded, so it can only be a whole payload");
        }
        if (kind == FieldKind.REF && layout == Layout.SINGLE)
        {
            throw new SchemaException(line(), "a ref field needs a ref slot, so it cannot be a whole payload");
        }
        if (layout == Layout.SINGLE && !fields.isEmpty())
        {
            throw new SchemaException(line(), "message " + message.name() + " has more than one payload");
        }
        if (fields.size() == MAX_SLOTS)
        {
            throw new SchemaException(line(), "more than " + MAX_SLOTS + " fields do not fit a vector leaf");
        }
        fields.add(new FieldDef(name, kind, optional, takesTag ? tag(attrs, false) : null, doc(attrs), line()));
    }

    private void onEnd(final String element) throws SchemaException
    {
        if (element.equals("message"))
        {
            if (fields.isEmpty())
            {
                throw new SchemaException(line(), "message " + message.name() + " has no field");
            }
            messages.add(new MessageDef(message.name(), message.wireName(), message.type(), layout, recordTag,
                List.copyOf(fields), message.doc(), message.line()));
            message = null;
        }
        else if ((element.equals("vector") || element.equals("record")) && fields.isEmpty())
        {
            throw new SchemaException(line(), "<" + element + "> in message " + message.name() + " has no field");
        }
    }

    private String tag(final Attributes attrs, final boolean required) throws SchemaException
    {
        final String tag = attrs.getValue("tag");
        if (tag == null)
        {
            if (required)
            {
                throw new SchemaException(line(), "missing attribute tag");
            }
            return null;
        }
        if (!TAG_NAMES.contains(tag))
        {
            throw new SchemaException(line(), "unknown tag " + tag);
        }
        return tag;
    }

    private String required(final Attributes attrs, final String name, final Pattern pattern, final String what)
        throws SchemaException
    {
        final String value = attrs.getValue(name);
        if (value == null)
        {
            throw new SchemaException(line(), "missing attribute " + name);
        }
        if (!pattern.matcher(value).matches())
        {
            throw new SchemaException(line(), name + " '" + value + "' is not " + what);
        }
        return value;
    }

    private String doc(final Attributes attrs) throws SchemaException
    {
        final String doc = attrs.getValue("doc");
        if (doc == null || doc.isBlank())
        {
            throw new SchemaException(line(), "missing attribute doc");
        }
        if (doc.contains("*/"))
        {
            throw new SchemaException(line(), "doc must not contain */");
        }
        return doc.strip();
    }

    private void allowOnly(final Attributes attrs, final String... allowed) throws SchemaException
    {
        for (int i = 0; i < attrs.getLength(); i++)
        {
            if (!List.of(allowed).contains(attrs.getQName(i)))
            {
                throw new SchemaException(line(), "unknown attribute " + attrs.getQName(i));
            }
        }
    }
}
