package io.cellwire.node;

import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.EchoPeerHandler;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.transport.IdleStrategies;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static io.cellwire.node.NodeFrames.errorName;
import static io.cellwire.node.NodeFrames.frame;
import static io.cellwire.node.NodeFrames.result;
import static io.cellwire.node.NodeFrames.signedInvoke;
import static io.cellwire.node.NodeFrames.transactByRef;
import static io.cellwire.node.NodeFrames.valueId;
import static io.cellwire.node.NodeFrames.valueText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifier stage is shared fairly: a connection that floods signed transactions holds at most its share of the
 * stage and gets {@code :LOAD} beyond it, while another connection's transactions, sent during the flood, are all
 * verified and admitted; every transaction of the flood is answered exactly once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VerifierStageTest
{
    private static final long AWAIT_MS = 20_000;
    private static final int FLOOD = 4_000;
    private static final int SHARE = 4;
    private static final long FLOOD_ORIGIN = ReferencePeer.genesisAddress();
    private static final long OTHER_ORIGIN = FLOOD_ORIGIN + 1;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    private Node node;

    @AfterEach
    void closeNode()
    {
        CloseHelper.quietClose(node);
    }

    @Test
    void shouldHoldAFloodingConnectionToItsShareWhileAnotherConnectionIsServed() throws IOException
    {
        node = Node.launch(EchoPeerHandler.nodeContext().verifierShare(SHARE)
            .transport(t -> t.port(0).idleStrategy(IdleStrategies.SLEEP).errorHandler(agentErrors)));
        final ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 1; i <= FLOOD; i++)
        {
            final byte[] signed = signedInvoke(ReferencePeer.SEED_A, FLOOD_ORIGIN, i);
            flood.write(frame(MessageType.DATA, signed));
            flood.write(frame(MessageType.TRANSACT, transactByRef(i, valueId(signed))));
        }
        try (PeerSocket flooder = new PeerSocket(node); PeerSocket other = new PeerSocket(node))
        {
            flooder.sendRaw(flood.toByteArray());
            for (int i = 1; i <= 3; i++)
            {
                final byte[] signed = signedInvoke(ReferencePeer.SEED_B, OTHER_ORIGIN, i);
                other.send(MessageType.DATA, signed);
                other.send(MessageType.TRANSACT, transactByRef(i, valueId(signed)));
                final ResultDecoder answer = result(other.receive(MessageType.RESULT, AWAIT_MS));
                assertEquals(i, answer.id());
                assertFalse(answer.hasError(), "the other connection's transaction " + i + " is served");
                assertEquals(Integer.toString(i), valueText(answer));
            }

            int loads = 0;
            int admitted = 0;
            for (int i = 0; i < FLOOD; i++)
            {
                final ResultDecoder answer = result(flooder.receive(MessageType.RESULT, AWAIT_MS));
                if (answer.hasError())
                {
                    assertEquals(":LOAD", errorName(answer), "transaction " + answer.id());
                    loads++;
                }
                else
                {
                    admitted++;
                }
            }
            assertEquals(FLOOD, loads + admitted);
            assertTrue(loads > 0, "the flood went beyond its share");
            assertTrue(admitted >= SHARE, "the flood kept its share: " + admitted + " admitted");
            assertEquals(loads, node.counters().value(NodeCounter.VERIFICATIONS_REFUSED) +
                node.counters().value(NodeCounter.SHED_TRANSACTS), "each :LOAD from the stage or the lane's share");
            assertTrue(node.counters().value(NodeCounter.VERIFICATIONS_REFUSED) > 0, "the stage refused some");
            assertEquals(admitted + 3, node.counters().value(NodeCounter.TRANSACTIONS_ADMITTED));
            assertEquals(admitted + 3, node.counters().value(NodeCounter.TRANSACTION_SIGNATURES_VERIFIED));
            assertEquals(0, node.counters().value(NodeCounter.TRANSACTIONS_USED_SEQUENCE));
        }
    }
}
