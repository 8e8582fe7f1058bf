package io.cellwire.bench.report;

import io.cellwire.bench.CliRunner;
import io.cellwire.bench.ServiceCommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cellwire floor} on a thread: its first line names its port and idle strategy, {@code cellwire loadgen
 * --echo-peer} against it gets every QUERY answered correctly (exit 0), and a stop ends it with {@code stopped}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FloorCommandTest
{
    private static final Pattern FIRST_LINE = Pattern.compile("listening on (127\\.0\\.0\\.1:\\d+) idle=backoff");

    @Test
    void shouldAnswerTheLoadGeneratorsQueriesAndStop() throws Exception
    {
        final ServiceCommandRun floor = ServiceCommandRun.start("floor", "--idle", "backoff");
        try (floor)
        {
            final Matcher first = FIRST_LINE.matcher(floor.awaitLines(1)[0]);
            assertTrue(first.matches(), floor.out());

            final CliRunner.Run load = CliRunner.run("loadgen", "--target", first.group(1), "--echo-peer",
                "--duration", "1", "--warmup", "0", "--idle", "backoff");
            assertEquals(0, load.exitCode(), load.out() + load.err());
            assertTrue(load.out().contains("errors 0, wrong 0, timeouts 0"), load.out() + load.err());
        }
        assertEquals(List.of(), CliRunner.agentErrors(floor.err()), floor.err());
        assertEquals(0, floor.exitCode());
        final String[] lines = floor.out().split("\n");
        assertEquals("stopped", lines[lines.length - 1]);
    }
}
