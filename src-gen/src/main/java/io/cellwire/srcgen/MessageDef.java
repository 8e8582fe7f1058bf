package io.cellwire.srcgen;

import java.util.List;

/**
 * One message type of the schema.
 *
 * @param name      the Java name stem (upper camel case), e.g. {@code Query} for {@code QueryDecoder}.
 * @param wireName  the name on the wire as docs/wire-format.md §8 spells it, e.g. {@code MISSING_DATA}.
 * @param type      the type byte, 1…127.
 * @param layout    how the fields make up the payload.
 * @param recordTag for a RECORD layout, the record's tag name; else null.
 * @param fields    the fields in wire order.
 * @param doc       one line of documentation.
 * @param line      the schema line that declared it.
 */
public record MessageDef(
    String name,
    String wireName,
    int type,
    Layout layout,
    String recordTag,
    List<FieldDef> fields,
    String doc,
    int line)
{
}
