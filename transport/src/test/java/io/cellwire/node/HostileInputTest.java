package io.cellwire.node;

import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.EchoPeerHandler;
import io.cellwire.testing.TestCells;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile inputs against a running {@link Node}, each on its own connection, while a healthy client keeps four
 * queries in flight on another: after each case the offending connection has been dealt with (closed, evicted, or its
 * input shed or bounded) with the counter that shows it, a fresh client gets a correct STATUS answer (the five
 * hashes, with the node's network ID and key), and at the end every query the healthy client sent ended exactly once
 * with its echo: none lost, none timed out. The cases are {@link HostileCases}'; how fast the node answers is
 * measured by the benchmarks, not here.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileInputTest
{
    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();
    private Node node;
    private HostileCases cases;
    private HostileCases.HealthyClient healthy;

    @BeforeEach
    void launch()
    {
        node = Node.launch(EchoPeerHandler.nodeContext()
            .storeCapacityBytes(HostileCases.STORE_BYTES)
            .transport(t -> HostileCases.transport(t, agentErrors)));
        cases = new HostileCases(node, agentErrors, true);
        healthy = new HostileCases.HealthyClient(node, agentErrors, TestCells.ONE_PLUS_TWO);
        healthy.start();
    }

    @AfterEach
    void close() throws InterruptedException
    {
        try
        {
            healthy.stop();
        }
        finally
        {
            node.close();
        }
    }

    @Test
    void shouldDealWithEachHostileConnectionAndLoseNothingElsewhere() throws Exception
    {
        cases.malformedInputs();
        cases.slowloris();
        cases.silentConnection();
        cases.floodWithoutReading();
        cases.halfCloseMidFrame();
        cases.unsolicitedDataFlood();
        cases.missingDataForUnknownIds();
        cases.beliefFlood();
        cases.beliefAmplification();
        cases.forgedChallengeAndUnsolicitedResponse();
        cases.replayedTransact();
        cases.throwingHandler();
        cases.evictionFloodAgainstParkedMessages();

        final HostileCases.HealthyClient.Tally tally = healthy.stop();
        System.out.printf("healthy client: %d queries sent, %d answered with their echo, %d other, %d timed out%n",
            tally.sent(), tally.answered(), tally.other(), tally.timedOut());
        assertTrue(tally.sent() > 100, "the healthy client ran: " + tally.sent());
        assertEquals(tally.sent(), tally.answered(), "every healthy query answered with its echo");
        assertEquals(0, tally.timedOut());
        assertEquals(0, tally.endedTwice());
    }
}
