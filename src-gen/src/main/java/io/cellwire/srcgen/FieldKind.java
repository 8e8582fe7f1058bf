package io.cellwire.srcgen;

/**
 * What a message field holds on the wire, and so how its decoder reads it and its encoder writes it.
 * Immutable; safe from any thread.
 */
public enum FieldKind
{
    /** A Long cell {@code 09 VLC}, read as a primitive long. */
    LONG("long"),
    /** An Address cell {@code 21 VLC}, read as a primitive long; nil is {@code NULL_ADDRESS} when optional. */
    ADDRESS("address"),
    /** A Keyword cell {@code 33 len name}, read as a zero-copy view; nil when optional. */
    KEYWORD("keyword"),
    /** A 32-byte Blob {@code 31 20 <32>} holding a value ID. */
    HASH("hash"),
    /** Any cell: in a ref slot, an embedded cell or a {@code 20} ref; at the top, a whole cell of any size. */
    CELL("cell"),
    /** A ref slot that must hold a {@code 20} ref, for values that are never embedded such as SignedData. */
    REF("ref"),
    /** A whole SignedData cell: public key, signature and value slot. */
    SIGNED("signed");

    private final String element;

    FieldKind(final String element)
    {
        this.element = element;
    }

    /**
     * The XML element that declares a field of this kind.
     *
     * @return the element name.
     */
    public String element()
    {
        return element;
    }

    /**
     * The kind declared by an XML element.
     *
     * @param element the element name.
     * @return the kind, or null if the element declares no field.
     */
    public static FieldKind forElement(final String element)
    {
        for (final FieldKind kind : values())
        {
            if (kind.element.equals(element))
            {
                return kind;
            }
        }
        return null;
    }
}
