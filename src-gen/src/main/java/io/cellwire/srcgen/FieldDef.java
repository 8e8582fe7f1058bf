package io.cellwire.srcgen;

/**
 * One field of a message in the schema.
 *
 * @param name     the Java name of the field (lower camel case).
 * @param kind     what the field holds.
 * @param optional whether nil ({@code 00}) is allowed in its place.
 * @param tag      for CELL, REF and SIGNED: the tag name (a {@code CellDescriptor.TAG_…} suffix) the inline cell or the
 *                 signed value must have, or null for any.
 * @param doc      one line of documentation.
 * @param line     the schema line that declared it, for error messages.
 */
public record FieldDef(String name, FieldKind kind, boolean optional, String tag, String doc, int line)
{
}
