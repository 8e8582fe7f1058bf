package io.cellwire.fuzz;

import io.cellwire.store.CellStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reassembly over windows of capture frames, some mutated (see {@link ReassemblyTarget}): DATA cells stored and found
 * intact, the resolver agreeing with a plain reference, and the store within its bounds after the whole run of each
 * seed.
 */
class FuzzReassemblyTest
{
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldResolveHostileWindowsLikeTheReferenceWithinTheStoreBounds() throws InterruptedException
    {
        final FuzzSuite.Run<ReassemblyTarget> run =
            FuzzSuite.run(() -> new ReassemblyTarget(FuzzSuite.CORPUS), FuzzSuite.REASSEMBLY_CASES);
        for (final ReassemblyTarget target : run.targets())
        {
            final CellStore store = target.store();
            System.out.printf("fuzz reassembly: store stored %d, evicted %d, duplicates %d%n",
                store.storedCount(), store.evictedCount(), store.duplicateCount());
            assertTrue(store.evictedCount() > 0, "the bounds were reached");
            assertTrue(store.size() <= ReassemblyTarget.STORE_MAX_ENTRIES, "cells " + store.size());
            assertTrue(store.bytesInUse() <= ReassemblyTarget.STORE_CAPACITY_BYTES, "bytes " + store.bytesInUse());
        }
    }
}
