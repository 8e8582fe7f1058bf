package io.cellwire.bench.report;

import io.cellwire.bench.loadgen.LoadGenerator;
import io.cellwire.bench.loadgen.LoadSettings;
import io.cellwire.bench.loadgen.LoadSummary;
import io.cellwire.bench.peer.ReferencePeerNode;
import io.cellwire.bench.transport.NioResponder;
import io.cellwire.testing.AgentErrors;
import io.cellwire.transport.IdleStrategies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The floor responder answers the report's load generator as the demo node does: every QUERY once, with its form. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FloorResponderTest
{
    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    @Test
    void shouldAnswerEveryQueryWithItsForm() throws Exception
    {
        try (NioResponder floor = FloorResponder.start(IdleStrategies.BACKOFF))
        {
            final LoadSettings settings = new LoadSettings(floor.endpoint(), LoadSettings.QUERY, 1, 0, 8,
                TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.MILLISECONDS.toNanos(200), 0,
                ReferencePeerNode.parseSeed(ReferencePeerNode.DEFAULT_SEED_HEX), ReferencePeerNode.GENESIS_ADDRESS,
                TimeUnit.SECONDS.toNanos(5), IdleStrategies.BACKOFF, null, true);
            final LoadSummary summary;
            try (LoadGenerator generator =
                new LoadGenerator(settings, new PrintWriter(PrintWriter.nullWriter()), agentErrors))
            {
                summary = generator.run();
            }
            assertTrue(summary.clean(), "every request got one RESULT");
            assertTrue(summary.ok() > 100, summary.ok() + " answered");
            assertEquals(0, summary.errorCount());
            assertEquals(0, summary.timeouts());
            assertEquals(0, summary.wrongWithWarmup(), "each RESULT carries the QUERY's form");
        }
    }
}
