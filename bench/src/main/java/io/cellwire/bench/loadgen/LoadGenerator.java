package io.cellwire.bench.loadgen;

import io.cellwire.client.Client;
import io.cellwire.client.ResultHandler;
import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.Vlc;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Hashing;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Drives load at one peer from one thread: {@link LoadSettings#connections} clients in {@link ThreadingMode#INVOKER}
 * mode, so that each client's transport duty cycle runs inside its {@link Client#poll} on this thread and no other
 * thread spins. In a closed loop each connection keeps {@link LoadSettings#window} requests in flight and a latency is
 * measured from the request's send; in an open loop request n has the intended send time
 * {@code start + n / rate}, requests go round-robin over the connections, a backlog is sent as soon as the loop gets
 * to it, and a latency is measured from the intended time, so a stalled peer or loadgen shows in the percentiles
 * instead of slowing the schedule down (coordinated omission corrected, as real-logic/benchmarks does).
 * <p>
 * Transactions of all connections take their sequence numbers from one counter, seeded from the origin's
 * {@code *sequence*} before the run; it advances on each accepted send. With several connections, or after a
 * rejected transaction (which uses no number at the peer), the peer can see numbers out of order and answer
 * {@code :SEQUENCE}, which is counted as an error; the counter is not re-synchronised during the run.
 * <p>
 * Every RESULT is classified (see {@link AnswerCheck} for what is correct): a correct value, the only kind that
 * counts in the throughput and whose latency is recorded; an error RESULT, counted by code; a wrong value, counted,
 * the first one described; or the client's timeout. Latencies are measured but not recorded for error RESULTs and
 * wrong values, so neither can make a target look faster.
 * <p>
 * Per request it stores one {@code long} in a primitive map (two for a TRANSACT: its sequence number too) and records
 * at most one histogram value: no allocation, except the signature of a TRANSACT (BouncyCastle's, see
 * {@link Client#transact}) and the description of a run's first wrong value. Every field is owned by the thread that
 * calls {@link #run()}, which must also {@link #close()} it.
 */
public final class LoadGenerator implements AutoCloseable
{
    /** Progress and interval-log period. */
    static final long TICK_NS = TimeUnit.SECONDS.toNanos(1);
    /** Largest latency recorded; longer ones are recorded as this. */
    public static final long HIGHEST_TRACKABLE_NS = TimeUnit.HOURS.toNanos(1);
    /** Histogram precision. */
    public static final int SIGNIFICANT_DIGITS = 3;
    /** Slack after the request timeout for the clients' timers (a wheel tick late at most) before giving up. */
    static final long DRAIN_MARGIN_NS = TimeUnit.SECONDS.toNanos(1);
    /** Nanoseconds per second, for the open-loop schedule. */
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Percentile of the last second that the progress line shows. */
    private static final double PROGRESS_PERCENTILE = 99.0;
    /** Nanoseconds per microsecond, the unit of the progress line. */
    private static final double NANOS_PER_MICRO = 1_000.0;
    /** Most requests a connection may have in flight, as the Client allows by default. */
    public static final int MAX_WINDOW = Client.Context.DEFAULT_MAX_IN_FLIGHT;

    /** Pending entry layout: {@code start - epoch} ‖ measured bit ‖ 2-bit request type. */
    private static final int TYPE_MASK = 0b11;
    private static final long MEASURED_BIT = 0b100;
    private static final int START_SHIFT = 3;
    private static final long NOT_PENDING = -1;

    private final LoadSettings settings;
    private final LoadForms forms;
    private final AnswerCheck check;
    private final PrintWriter progress;
    private final ErrorHandler errorHandler;
    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final IdleStrategy idle;
    private final LoadConnection[] connections;
    private final SequenceProbe probe = new SequenceProbe();

    private final Histogram second = histogram();
    private final Histogram interval = histogram();
    private final Histogram total = histogram();
    private final ErrorCounts errors = new ErrorCounts();
    private final Long2LongHashMap sendFailureCodes = new Long2LongHashMap(0);
    private HistogramLogWriter hlogWriter;

    private long epochNs;
    private long measureStartNs;
    private long endNs;
    private long nextTickNs;
    private long intervalStartMs;
    private long requestsStarted;
    private long nextSequence = 1;
    private int nextConnection;

    private long sent;
    private long ok;
    private long wrong;
    private long timeouts;
    private long sentAll;
    private long receivedAll;
    private long errorsAll;
    private long wrongAll;
    private long timeoutsAll;
    private String firstWrong;
    private long unmatched;
    private long sendFailures;
    private final long[] answeredByType = new long[LoadSettings.MIX];
    private final long[] failedByType = new long[LoadSettings.MIX];

    /**
     * @param settings     what to run.
     * @param progress     where the once-a-second progress lines go.
     * @param errorHandler where the clients' agents report their exceptions.
     */
    public LoadGenerator(final LoadSettings settings, final PrintWriter progress, final ErrorHandler errorHandler)
    {
        this.settings = settings;
        this.progress = progress;
        this.errorHandler = errorHandler;
        forms = new LoadForms(settings.paddedSize);
        check = new AnswerCheck(forms, settings.echoPeer);
        idle = IdleStrategies.of(settings.idle);
        connections = new LoadConnection[settings.connections];
    }

    /**
     * Connects, runs the warm-up and the measured time, then waits (up to the request timeout and
     * {@link #DRAIN_MARGIN_NS}) for every request in flight.
     *
     * @return the figures of the measured time.
     * @throws FileNotFoundException if the interval log cannot be written.
     */
    public LoadSummary run() throws FileNotFoundException
    {
        for (int i = 0; i < connections.length; i++)
        {
            connections[i] = new LoadConnection(Client.connect(new Client.Context()
                .endpoint(settings.target)
                .transport(t -> t.threadingMode(ThreadingMode.INVOKER).idleStrategy(settings.idle)
                    .errorHandler(errorHandler))
                .requestTimeoutNs(settings.timeoutNs)
                .maxInFlight(Math.max(MAX_WINDOW, settings.window))
                .keySeed(settings.keySeed)
                .origin(settings.origin)));
        }
        if (settings.transacts())
        {
            nextSequence = discoverSequence(connections[0].client);
        }
        final long firstSequence = nextSequence;
        if (settings.hlog != null)
        {
            hlogWriter = new HistogramLogWriter(settings.hlog);
            hlogWriter.outputComment("cellwire loadgen " + settings.describe() + " at " + settings.target +
                ", latency in ns");
            hlogWriter.outputLogFormatVersion();
        }

        epochNs = clock.nanoTime();
        intervalStartMs = System.currentTimeMillis();
        if (hlogWriter != null)
        {
            final long measureStartMs = intervalStartMs + TimeUnit.NANOSECONDS.toMillis(settings.warmupNs);
            hlogWriter.outputStartTime(measureStartMs);
            hlogWriter.setBaseTime(measureStartMs);
            hlogWriter.outputLegend();
        }
        measureStartNs = epochNs + settings.warmupNs;
        endNs = measureStartNs + settings.durationNs;
        nextTickNs = epochNs + TICK_NS;
        final long giveUpNs = endNs + settings.timeoutNs;
        while (true)
        {
            final long nowNs = clock.nanoTime();
            final boolean scheduleDone = !settings.openLoop() || intendedNs(requestsStarted) >= endNs;
            if (nowNs >= endNs && scheduleDone || nowNs >= giveUpNs)
            {
                break;
            }
            int work = pollAll();
            tickIfDue(nowNs);
            work += settings.openLoop() ? sendScheduled(nowNs) : sendWindows(nowNs);
            idle.idle(work);
        }
        final long unsent = settings.openLoop() ? unsentScheduled() : 0;
        final long drainDeadlineNs = clock.nanoTime() + settings.timeoutNs + DRAIN_MARGIN_NS;
        long nowNs;
        while (inFlight() > 0 && (nowNs = clock.nanoTime()) < drainDeadlineNs)
        {
            final int work = pollAll();
            tickIfDue(nowNs);
            idle.idle(work);
        }
        closeInterval(clock.nanoTime(), System.currentTimeMillis());
        return summary(unsent, firstSequence);
    }

    /** Requests of the open-loop schedule (intended before the end) that never went out. */
    private long unsentScheduled()
    {
        long scheduled = requestsStarted;
        while (intendedNs(scheduled) < endNs)
        {
            scheduled++;
        }
        return scheduled - requestsStarted;
    }

    private LoadSummary summary(final long unsent, final long firstSequence)
    {
        long outstanding = 0;
        long nudges = 0;
        for (final LoadConnection connection : connections)
        {
            outstanding += connection.pending.size();
            nudges += connection.client.nudgesSent();
        }
        final Map<String, Long> failureCodes = new TreeMap<>();
        sendFailureCodes.forEach((code, count) -> failureCodes.put(Client.resultName(code), count));
        return new LoadSummary(settings, total, sent, ok, wrong, errors.byCode(), errors.total(), timeouts,
            sendFailures, failureCodes, sentAll, errorsAll, wrongAll, firstWrong, timeoutsAll, unmatched, outstanding,
            unsent, nudges, settings.transacts() ? firstSequence : 0, settings.transacts() ? nextSequence - 1 : 0,
            answeredByType, failedByType);
    }

    private int pollAll()
    {
        int work = 0;
        for (final LoadConnection connection : connections)
        {
            work += connection.client.poll(connection);
        }
        return work;
    }

    private int inFlight()
    {
        int inFlight = 0;
        for (final LoadConnection connection : connections)
        {
            inFlight += connection.pending.size();
        }
        return inFlight;
    }

    /** Closed loop: tops every connection up to its window, until the end. */
    private int sendWindows(final long nowNs)
    {
        if (nowNs >= endNs)
        {
            return 0;
        }
        final boolean measured = nowNs >= measureStartNs;
        int work = 0;
        for (final LoadConnection connection : connections)
        {
            while (connection.pending.size() < settings.window)
            {
                if (!send(connection, clock.nanoTime(), measured))
                {
                    break;
                }
                work++;
            }
        }
        return work;
    }

    /** Open loop: sends every request whose intended time has come, round-robin, until a send fails. */
    private int sendScheduled(final long nowNs)
    {
        int work = 0;
        long intendedNs;
        while ((intendedNs = intendedNs(requestsStarted)) <= nowNs && intendedNs < endNs)
        {
            if (!send(connections[nextConnection], intendedNs, intendedNs >= measureStartNs))
            {
                break;
            }
            nextConnection = nextConnection + 1 == connections.length ? 0 : nextConnection + 1;
            work++;
        }
        return work;
    }

    private long intendedNs(final long n)
    {
        return epochNs + n * NANOS_PER_SECOND / settings.rate;
    }

    /**
     * Sends request number {@link #requestsStarted}. Whether it is measured is decided by the loop time (closed loop)
     * or the intended time (open loop), both taken before this loop iteration's tick, so that a measured request never
     * ends in the interval that closes the warm-up.
     *
     * @param connection where to send it.
     * @param startNs    what its latency is measured from: now (closed loop) or its intended time (open loop).
     * @param measured   true from the end of the warm-up on.
     * @return false when the client returned a negative code: no request, counted as a send failure, retried later.
     */
    private boolean send(final LoadConnection connection, final long startNs, final boolean measured)
    {
        final Client client = connection.client;
        final int type = settings.requestType(requestsStarted);
        final long id;
        switch (type)
        {
            case LoadSettings.STATUS:
                id = client.status();
                break;
            case LoadSettings.TRANSACT:
                id = client.transactInvoke(forms.command, 0, forms.command.capacity(), nextSequence);
                break;
            default:
                id = client.query(forms.queryForm, 0, forms.queryForm.capacity(), MessageFields.NULL_ADDRESS);
                break;
        }
        if (id < 0)
        {
            sendFailures++;
            sendFailureCodes.put(id, sendFailureCodes.get(id) + 1);
            return false;
        }
        if (type == LoadSettings.TRANSACT)
        {
            connection.sequences.put(id, nextSequence);
            nextSequence++;
        }
        connection.pending.put(id, ((startNs - epochNs) << START_SHIFT) | (measured ? MEASURED_BIT : 0) | type);
        requestsStarted++;
        sentAll++;
        if (measured)
        {
            sent++;
        }
        return true;
    }

    private void onResult(
        final LoadConnection connection,
        final long id,
        final DirectBuffer value,
        final DirectBuffer error,
        final boolean timedOut)
    {
        final long entry = connection.pending.remove(id);
        if (entry == NOT_PENDING)
        {
            unmatched++;
            return;
        }
        final int type = (int)(entry & TYPE_MASK);
        final long sequence = type == LoadSettings.TRANSACT ? connection.sequences.remove(id) : 0;
        final boolean measured = (entry & MEASURED_BIT) != 0;
        if (timedOut)
        {
            timeoutsAll++;
            if (measured)
            {
                timeouts++;
            }
            return;
        }
        receivedAll++;
        answeredByType[type]++;
        if (error.capacity() > 0)
        {
            errorsAll++;
            failedByType[type]++;
            if (measured)
            {
                errors.add(error);
            }
            return;
        }
        if (!check.isCorrect(type, value, sequence))
        {
            wrongAll++;
            if (firstWrong == null)
            {
                firstWrong = check.describe(type, value, sequence);
            }
            if (measured)
            {
                wrong++;
            }
            return;
        }
        final long latencyNs = Math.min(HIGHEST_TRACKABLE_NS,
            Math.max(0, clock.nanoTime() - (epochNs + (entry >>> START_SHIFT))));
        second.recordValue(latencyNs);
        if (measured)
        {
            interval.recordValue(latencyNs);
            ok++;
        }
    }

    private void tickIfDue(final long nowNs)
    {
        if (nowNs < nextTickNs)
        {
            return;
        }
        final long elapsedS = (nextTickNs - epochNs) / TICK_NS;
        final String phase = nextTickNs <= measureStartNs ? "warm-up" : nextTickNs <= endNs ? "measure" : "drain";
        progress.printf(Locale.ROOT,
            "[%4ds] %-7s sent %d received %d errors %d wrong %d timeouts %d | last second: %d msgs/s, p99 %.1f us%n",
            elapsedS, phase, sentAll, receivedAll, errorsAll, wrongAll, timeoutsAll, second.getTotalCount(),
            second.getValueAtPercentile(PROGRESS_PERCENTILE) / NANOS_PER_MICRO);
        progress.flush();
        second.reset();
        closeInterval(nextTickNs, System.currentTimeMillis());
        while (nextTickNs <= nowNs)
        {
            nextTickNs += TICK_NS;
        }
    }

    /**
     * Adds the interval to the total and writes it to the interval log: every interval that ends in the measured time
     * or after it (empty ones too, so a stall shows as a gap-free run of empty intervals), none of the warm-up.
     */
    private void closeInterval(final long intervalEndNs, final long nowMs)
    {
        total.add(interval);
        if (hlogWriter != null && (interval.getTotalCount() > 0 || intervalEndNs > measureStartNs))
        {
            interval.setStartTimeStamp(intervalStartMs);
            interval.setEndTimeStamp(nowMs);
            hlogWriter.outputIntervalHistogram(interval);
        }
        interval.reset();
        intervalStartMs = nowMs;
    }

    /**
     * The origin's next sequence number: one more than the Long that a QUERY of {@code *sequence*} run as the origin
     * returns; 1 when the answer is not a Long (an echo node, say).
     */
    private long discoverSequence(final Client client)
    {
        final long id = client.query(
            forms.sequenceSymbol, 0, forms.sequenceSymbol.capacity(), settings.origin);
        if (id < 0)
        {
            throw new IllegalStateException("cannot query *sequence*: " + Client.resultName(id));
        }
        probe.reset(id);
        final long deadlineNs = clock.nanoTime() + settings.timeoutNs + DRAIN_MARGIN_NS;
        while (!probe.done && clock.nanoTime() < deadlineNs)
        {
            idle.idle(client.poll(probe));
        }
        return probe.lastSequence + 1;
    }

    private static Histogram histogram()
    {
        return new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }

    @Override
    public void close()
    {
        for (final LoadConnection connection : connections)
        {
            if (connection != null)
            {
                CloseHelper.quietClose(connection.client);
            }
        }
        if (hlogWriter != null)
        {
            hlogWriter.close();
        }
    }

    /**
     * One client and its requests in flight (ID → pending entry, and ID → sequence number for a TRANSACT); its
     * results come back through this handler.
     */
    private final class LoadConnection implements ResultHandler
    {
        final Client client;
        final Long2LongHashMap pending;
        final Long2LongHashMap sequences;

        LoadConnection(final Client client)
        {
            this.client = client;
            final int capacity = 2 * Math.max(MAX_WINDOW, settings.window);
            pending = new Long2LongHashMap(capacity, Hashing.DEFAULT_LOAD_FACTOR, NOT_PENDING);
            sequences = new Long2LongHashMap(capacity, Hashing.DEFAULT_LOAD_FACTOR, NOT_PENDING);
        }

        @Override
        public void onResult(final long id, final DirectBuffer value, final DirectBuffer error, final boolean timedOut)
        {
            LoadGenerator.this.onResult(this, id, value, error, timedOut);
        }
    }

    /** Takes the answer of the {@code *sequence*} query. */
    private static final class SequenceProbe implements ResultHandler
    {
        long id;
        boolean done;
        long lastSequence;

        void reset(final long id)
        {
            this.id = id;
            done = false;
            lastSequence = 0;
        }

        @Override
        public void onResult(final long id, final DirectBuffer value, final DirectBuffer error, final boolean timedOut)
        {
            if (id != this.id)
            {
                return;
            }
            done = true;
            if (!timedOut && error.capacity() == 0 && value.capacity() > 1 &&
                (value.getByte(0) & 0xff) == CellDescriptor.TAG_LONG)
            {
                lastSequence = Vlc.value(value, 1);
            }
        }
    }
}
