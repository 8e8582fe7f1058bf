package io.cellwire.srcgen;

/**
 * How a message's fields make up its payload cell. Immutable; safe from any thread.
 */
public enum Layout
{
    /** The payload is the single field's cell itself. */
    SINGLE,
    /** The payload is a Vector leaf {@code 80 count} of the fields' ref slots. */
    VECTOR,
    /** The payload is a record {@code tag count} of the fields' ref slots (the Result layout). */
    RECORD
}
