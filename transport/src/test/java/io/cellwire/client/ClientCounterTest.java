package io.cellwire.client;

import io.cellwire.node.NodeCounter;
import io.cellwire.transport.CounterDescriptor;
import io.cellwire.transport.TransportCounter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's counter descriptors: type ids 1300–1312 in order, labels under {@code client: }, and no type id or
 * label shared with the engine's ({@link TransportCounter}) or the node's ({@link NodeCounter}), which can sit in the
 * same counters file and are matched by readers on type id.
 */
class ClientCounterTest
{
    @Test
    void shouldNumberTheClientsCountersFrom1300UnderTheClientPrefix()
    {
        final ClientCounter[] counters = ClientCounter.values();
        assertEquals(13, counters.length);
        for (int i = 0; i < counters.length; i++)
        {
            assertEquals(1300 + i, counters[i].typeId(), counters[i].name());
            assertTrue(counters[i].label().startsWith("client: "), counters[i].label());
            assertFalse(counters[i].label().contains("%s"), "no families: " + counters[i].label());
        }
    }

    @Test
    void shouldShareNoTypeIdOrLabelWithTheEnginesOrTheNodesCounters()
    {
        final List<CounterDescriptor> all = new ArrayList<>();
        all.addAll(List.of(TransportCounter.values()));
        all.addAll(List.of(NodeCounter.values()));
        all.addAll(List.of(ClientCounter.values()));
        final Map<Integer, CounterDescriptor> byTypeId = new HashMap<>();
        final Map<String, CounterDescriptor> byLabel = new HashMap<>();
        for (final CounterDescriptor descriptor : all)
        {
            assertNull(byTypeId.put(descriptor.typeId(), descriptor), "type id " + descriptor.typeId() + " twice");
            assertNull(byLabel.put(descriptor.label(), descriptor), "label '" + descriptor.label() + "' twice");
        }
        for (final TransportCounter counter : TransportCounter.values())
        {
            assertTrue(counter.typeId() >= 1000 && counter.typeId() <= 1099, counter.name());
        }
        for (final NodeCounter counter : NodeCounter.values())
        {
            assertTrue(counter.typeId() >= 1100 && counter.typeId() <= 1199, counter.name());
        }
    }
}
