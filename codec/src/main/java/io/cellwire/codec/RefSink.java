package io.cellwire.codec;

import org.agrona.DirectBuffer;

/**
 * Receives each dependency a walk finds: every {@code 0x20 <value-id>} in a ref slot, including those inside embedded
 * children and inline record fields (docs/wire-format.md §3). Called on the walking thread.
 */
@FunctionalInterface
public interface RefSink
{
    /** A sink that ignores dependencies, for walks that only need the length. */
    RefSink NONE = (buffer, valueIdOffset) -> {};

    /**
     * One dependency.
     *
     * @param buffer        the buffer being walked.
     * @param valueIdOffset where the 32-byte value ID starts (just after the {@code 0x20} tag).
     */
    void onRef(DirectBuffer buffer, int valueIdOffset);
}
