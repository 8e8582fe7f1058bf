package io.cellwire.transport;

/**
 * What identifies one kind of counter in a counters file, as Aeron's {@code SystemCounterDescriptor} does: a stable
 * type id, which readers in other processes match on, and a label. A descriptor may stand for a family of counters
 * (one per message type, error code or lane), told apart by the key each counter carries; its label then holds one
 * {@code %s} for the member's name.
 * <p>
 * Immutable; any thread.
 */
public interface CounterDescriptor
{
    /** Key of a counter that is the only one of its descriptor. */
    int NO_KEY = 0;

    /**
     * The counter's type id in the counters file: stable across releases, unique across descriptors.
     *
     * @return the type id.
     */
    int typeId();

    /**
     * The label, with {@code %s} where a family member's name goes.
     *
     * @return the label or its pattern.
     */
    String label();
}
