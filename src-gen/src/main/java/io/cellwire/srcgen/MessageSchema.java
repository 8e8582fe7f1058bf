package io.cellwire.srcgen;

import java.util.List;

/**
 * A validated message schema: the model between the parser and the emitters.
 *
 * @param packageName the Java package of the generated codecs.
 * @param messages    the message types, in schema order.
 */
public record MessageSchema(String packageName, List<MessageDef> messages)
{
}
