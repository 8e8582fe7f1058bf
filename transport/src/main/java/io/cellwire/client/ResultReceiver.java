package io.cellwire.client;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.CellWalker;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.MissingDataDecoder;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.store.CellStore;
import io.cellwire.store.DependencyResolver;
import io.cellwire.store.MissingDataRequests;
import io.cellwire.store.ParkedMessages;
import io.cellwire.transport.OutboundConnection;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The client thread's side of the inbound ring: takes each RESULT, DATA and MISSING_DATA payload the lane forwarded,
 * completes requests, and keeps what it cannot complete yet. A RESULT whose refs are not all in the {@link CellStore}
 * is parked ({@link ParkedMessages}, owned by its request ID), MISSING_DATA is sent for what is missing
 * ({@link MissingDataRequests}), and the RESULT is retried when DATA arrives, and once per retry interval while it
 * waits. The store, parking and request tracking are the same classes the node's lanes use.
 * <p>
 * Owned by the client thread; nothing allocates after construction.
 */
final class ResultReceiver implements MessageHandler, InFlightRequests.TimeoutHandler
{
    /** The Keyword {@code :TIMEOUT} as a cell, the error of a client-side timeout result. */
    private static final UnsafeBuffer TIMEOUT_KEYWORD = keyword("TIMEOUT");
    /** A view with nothing in it. */
    private static final UnsafeBuffer EMPTY = new UnsafeBuffer(new byte[0]);
    /** A RESULT is one cell in one frame. */
    private static final int MAX_PARKED_BYTES_PER_RESULT = CellDescriptor.MAX_FRAMED_CELL_LENGTH;

    private final InFlightRequests inFlight;
    private final RequestWriter writer;
    private final OutboundConnection outbound;
    private final CellStore store;
    private final DependencyResolver resolver;
    private final ParkedMessages parked;
    private final MissingDataRequests requested;
    private final ClientCounters counters;
    private final long retryIntervalNs;
    private final CellWalker walker = new CellWalker();
    private final ResultDecoder resultDecoder = new ResultDecoder(walker);
    private final DataDecoder dataDecoder = new DataDecoder(walker);
    private final MissingDataDecoder missingDataDecoder = new MissingDataDecoder(walker);
    private final UnsafeBuffer valueView = new UnsafeBuffer(EMPTY);
    private final UnsafeBuffer errorView = new UnsafeBuffer(EMPTY);

    private ResultHandler handler;
    private boolean dataArrived;
    private long nowNs;
    private long nextRetryNs;

    ResultReceiver(
        final InFlightRequests inFlight,
        final RequestWriter writer,
        final OutboundConnection outbound,
        final CellStore store,
        final ClientCounters counters,
        final int maxParkedResults,
        final long requestTimeoutNs,
        final long retryIntervalNs,
        final long nowNs)
    {
        this.inFlight = inFlight;
        this.writer = writer;
        this.outbound = outbound;
        this.store = store;
        this.counters = counters;
        this.retryIntervalNs = retryIntervalNs;
        resolver = new DependencyResolver(store, DependencyResolver.DEFAULT_MAX_IDS);
        parked = new ParkedMessages(maxParkedResults, 1, maxParkedResults * MAX_PARKED_BYTES_PER_RESULT,
            requestTimeoutNs, nowNs);
        requested = new MissingDataRequests(MissingDataRequests.DEFAULT_CAPACITY, retryIntervalNs);
    }

    /**
     * Starts a poll: where results go until {@link #endPoll()}, and the clock now.
     */
    void beginPoll(final ResultHandler handler, final long nowNs)
    {
        this.handler = handler;
        this.nowNs = nowNs;
    }

    /** Ends a poll. */
    void endPoll()
    {
        handler = null;
    }

    /**
     * Retries the parked RESULTs after DATA arrived or a retry interval passed, and drops those past their deadline.
     *
     * @return results delivered.
     */
    int retryParked()
    {
        parked.expire(nowNs, null);
        if (parked.count() == 0 || !dataArrived && nowNs - nextRetryNs < 0)
        {
            dataArrived = false;
            return 0;
        }
        dataArrived = false;
        nextRetryNs = nowNs + retryIntervalNs;
        int delivered = 0;
        int i = 0;
        while (i < parked.count())
        {
            final int slot = parked.slotAt(i);
            final long id = parked.owner(slot);
            resultDecoder.wrap(parked.buffer(), parked.offset(slot), parked.length(slot));
            final int missing = resolver.resolve(resultDecoder.refs());
            if (missing > 0)
            {
                resolver.keepFound();
                requestMissing();
                i++;
                continue;
            }
            parked.remove(slot);
            if (missing < 0)
            {
                counters.resolveErrors.incrementRelease();
            }
            else if (inFlight.contains(id))
            {
                complete(id);
                delivered++;
            }
            else
            {
                counters.unmatchedResults.incrementRelease();
            }
        }
        clearRequestedIfIdle();
        return delivered;
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        switch (type)
        {
            case MessageType.RESULT:
                onResultPayload(buffer, index, length);
                break;
            case MessageType.DATA:
                onDataPayload(buffer, index, length);
                break;
            case MessageType.MISSING_DATA:
                onMissingDataPayload(buffer, index, length);
                break;
            default:
                counters.invalidPayloads.incrementRelease();
                break;
        }
    }

    @Override
    public void onTimeout(final long id)
    {
        final int slot = parked.oldestOf(id);
        if (slot != ParkedMessages.FULL)
        {
            parked.remove(slot);
            clearRequestedIfIdle();
        }
        counters.timeouts.incrementRelease();
        valueView.wrap(EMPTY, 0, 0);
        errorView.wrap(TIMEOUT_KEYWORD, 0, TIMEOUT_KEYWORD.capacity());
        handler.onResult(id, valueView, errorView, true);
    }

    private void onResultPayload(final DirectBuffer buffer, final int index, final int length)
    {
        if (resultDecoder.wrap(buffer, index, length) < 0)
        {
            counters.invalidPayloads.incrementRelease();
            return;
        }
        final long id = resultDecoder.id();
        if (id < 0)
        {
            counters.nudgesAnswered.incrementRelease();
            return;
        }
        if (!inFlight.contains(id))
        {
            counters.unmatchedResults.incrementRelease();
            return;
        }
        final int missing = resultDecoder.refs().count() == 0 ? 0 : resolver.resolve(resultDecoder.refs());
        if (missing == 0)
        {
            complete(id);
        }
        else if (missing < 0)
        {
            counters.resolveErrors.incrementRelease();
        }
        else
        {
            park(id, buffer, index, length);
        }
    }

    private void park(final long id, final DirectBuffer buffer, final int index, final int length)
    {
        if (parked.oldestOf(id) != ParkedMessages.FULL)
        {
            counters.unmatchedResults.incrementRelease();
            return;
        }
        if (parked.park(id, MessageType.RESULT, buffer, index, length, nowNs) == ParkedMessages.FULL)
        {
            counters.parkRejections.incrementRelease();
            return;
        }
        counters.resultsParked.incrementRelease();
        nextRetryNs = nowNs + retryIntervalNs;
        resolver.keepFound();
        requestMissing();
    }

    private void requestMissing()
    {
        final DirectBuffer ids = resolver.missingIds();
        final long connectionId = outbound.connectionId();
        for (int i = 0; i < resolver.missingCount(); i++)
        {
            final int at = i * CellDescriptor.VALUE_ID_LENGTH;
            if (requested.shouldRequest(ids, at, connectionId, nowNs) && writer.missingData(ids, at) > 0)
            {
                counters.missingDataSent.incrementRelease();
            }
        }
    }

    private void clearRequestedIfIdle()
    {
        if (parked.count() == 0)
        {
            requested.clear();
        }
    }

    private void onDataPayload(final DirectBuffer buffer, final int index, final int length)
    {
        if (dataDecoder.wrap(buffer, index, length) < 0)
        {
            counters.invalidPayloads.incrementRelease();
            return;
        }
        store.put(buffer, dataDecoder.cellOffset(), dataDecoder.cellLength());
        dataArrived = true;
    }

    private void onMissingDataPayload(final DirectBuffer buffer, final int index, final int length)
    {
        if (missingDataDecoder.wrap(buffer, index, length) < 0)
        {
            counters.invalidPayloads.incrementRelease();
            return;
        }
        final int cell = store.find(buffer, missingDataDecoder.valueIdOffset());
        if (cell == CellStore.NOT_FOUND)
        {
            counters.missingDataUnknown.incrementRelease();
            return;
        }
        if (writer.data(store.buffer(), cell, store.cellLength(cell)) > 0)
        {
            counters.missingDataAnswered.incrementRelease();
        }
    }

    /** Delivers the RESULT that {@link #resultDecoder} wraps, whose refs are all in the store. */
    private void complete(final long id)
    {
        inFlight.complete(id);
        final DirectBuffer buffer = resultDecoder.buffer();
        if (resultDecoder.valueIsRef())
        {
            final int cell = store.find(buffer, resultDecoder.valueOffset());
            valueView.wrap(store.buffer(), cell, store.cellLength(cell));
        }
        else
        {
            valueView.wrap(buffer, resultDecoder.valueOffset(), resultDecoder.valueLength());
        }
        if (resultDecoder.hasError())
        {
            errorView.wrap(buffer, resultDecoder.errorOffset(), resultDecoder.errorLength());
        }
        else
        {
            errorView.wrap(EMPTY, 0, 0);
        }
        counters.resultsDelivered.incrementRelease();
        handler.onResult(id, valueView, errorView, false);
    }

    private static UnsafeBuffer keyword(final String name)
    {
        final UnsafeBuffer cell = new UnsafeBuffer(new byte[CellEncoder.NAME_HEADER_LENGTH + name.length()]);
        CellEncoder.writeKeyword(cell, 0, name);
        return cell;
    }
}
