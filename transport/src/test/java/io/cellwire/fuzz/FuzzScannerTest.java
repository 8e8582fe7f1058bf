package io.cellwire.fuzz;

import io.cellwire.transport.FrameScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link io.cellwire.transport.FrameScanner} over hostile streams (see {@link ScannerTarget}): the same frames and
 * the same end whole, between canary bytes and delivered in random chunks with back pressure; every frame matches its
 * header, every rejection is named, every accepted frame walks to exactly its payload.
 */
class FuzzScannerTest
{
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldScanHostileStreamsAlikeWholeBetweenCanariesAndInChunks() throws InterruptedException
    {
        final FuzzStats stats =
            FuzzSuite.run(() -> new ScannerTarget(FuzzSuite.CORPUS), FuzzSuite.SCANNER_CASES).stats();
        assertTrue(stats.accepted() > 0 && stats.rejected() > 0, "both verdicts seen");
    }
}
