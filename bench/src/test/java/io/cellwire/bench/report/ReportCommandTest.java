package io.cellwire.bench.report;

import io.cellwire.bench.CliRunner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cellwire report}'s usage checks, which fail before any phase runs. The phases themselves (forked JMH runs,
 * the loopback bench, two loadgen targets) take over a minute even with {@code --quick}, so the table they feed is
 * tested on fixed figures in {@link ReportTableTest} and the full run is left to the command.
 */
class ReportCommandTest
{
    @Test
    void shouldRejectAPlotThatIsNotPng()
    {
        for (final String plot : new String[]{ "latency.jpg", "latency.svg" })
        {
            final CliRunner.Run run = CliRunner.run("report", "--quick", "--plot", plot);
            assertEquals(2, run.exitCode(), plot + ": " + run.err());
            assertTrue(run.err().contains("--plot must end in .png"), run.err());
        }
    }
}
