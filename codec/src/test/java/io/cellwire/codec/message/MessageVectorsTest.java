package io.cellwire.codec.message;

import io.cellwire.codec.DecodeError;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.MessageVectors;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** The generated decoders and encoders against the reference's frames and the live capture. */
class MessageVectorsTest
{
    private final MessageDispatcher dispatcher = new MessageDispatcher();
    private final MutableDirectBuffer out = new UnsafeBuffer(new byte[8200]);
    private final Reencoder reencoder = new Reencoder(out);

    @TestFactory
    Stream<DynamicTest> shouldDecodeAndReencodeEveryReferenceFrameByteForByte()
    {
        return MessageVectors.referenceFrames().entrySet().stream().map(e -> dynamicTest(e.getKey(), () ->
        {
            final byte[] frame = e.getValue();
            final UnsafeBuffer buffer = new UnsafeBuffer(frame);
            reencoder.frameLength = 0;
            final int type = dispatcher.dispatchFrame(buffer, 0, frame.length, reencoder);
            assertTrue(type > 0, () -> e.getKey() + " " + DecodeError.of(type));
            assertEquals(frame.length, reencoder.frameLength);
            assertEquals(HexFormat.of().formatHex(frame), HexFormat.of().formatHex(out.byteArray(), 0, frame.length));
        }));
    }

    @Test
    void shouldDecodeEveryCapturedFrameWithPerTypeCountsOfTheCapture()
    {
        final Map<String, Integer> counts = new TreeMap<>();
        final List<String> failures = new ArrayList<>();
        for (final MessageVectors.CapturedFrame frame : MessageVectors.captureFrames())
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(frame.bytes());
            final int type = dispatcher.dispatchFrame(buffer, 0, buffer.capacity(), new MessageHandler()
            {
            });
            if (type < 0)
            {
                failures.add(frame + " " + DecodeError.of(type));
                continue;
            }
            counts.merge(MessageType.name(type), 1, Integer::sum);
        }
        assertEquals(List.of(), failures);
        assertEquals(MessageVectors.captureStatsCounts(), counts);
    }

    @Test
    void shouldRenderFieldsForTools()
    {
        final UnsafeBuffer query = new UnsafeBuffer(HexFormat.of().parseHex("1006800309028103090209013201" + "2b210b"));
        assertEquals(MessageType.QUERY, dispatcher.dispatchFrame(query, 0, query.capacity(), new MessageHandler()
        {
        }));
        assertEquals("id=2 form=(+ 1 2) address=#11",
            dispatcher.queryDecoder().appendTo(new StringBuilder()).toString());
        final UnsafeBuffer result = new UnsafeBuffer(MessageVectors.referenceFrames().get("frame.RESULT.err.RESULT"));
        assertEquals(MessageType.RESULT, dispatcher.dispatchFrame(result, 0, result.capacity(), new MessageHandler()
        {
        }));
        assertEquals("id=2 value=\"bad\" error=:SEQUENCE",
            dispatcher.appendTo(MessageType.RESULT, new StringBuilder()).toString());
    }

    @Test
    void shouldRejectMissingDataWhosePayloadIsNotAHash()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(HexFormat.of().parseHex("03050901"));
        assertEquals(DecodeError.WRONG_MESSAGE_SHAPE,
            DecodeError.of(dispatcher.dispatchFrame(frame, 0, frame.capacity(), new MessageHandler()
            {
            })));
    }

    @Test
    void shouldRejectTransactWithInlineSignedData()
    {
        final byte[] signed = MessageVectors.cell("signed.invoke");
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[4 + signed.length]);
        payload.putBytes(0, HexFormat.of().parseHex("80020901"));
        payload.putBytes(4, signed);
        assertEquals(DecodeError.SIGNED_DATA_INLINE,
            DecodeError.of(dispatcher.transactDecoder().wrap(payload, 0, payload.capacity())));
    }

    @Test
    void shouldWriteOneByteHeaderForShortFramesAndTwoForLong()
    {
        final StatusEncoder status = new StatusEncoder();
        assertEquals(4, status.wrapFrame(out, 10).id(1).finishFrame());
        assertEquals("030b0901", HexFormat.of().formatHex(out.byteArray(), 10, 14));
        final byte[] cell = MessageVectors.cell("blob.len63");
        final DataEncoder data = new DataEncoder();
        assertEquals(2 + 1 + cell.length, data.wrapFrame(out, 0).cell(new UnsafeBuffer(cell), 0, cell.length)
            .finishFrame());
        assertEquals("8042" + "03", HexFormat.of().formatHex(out.byteArray(), 0, 3));
    }

    /** Rebuilds each decoded message with the encoder of its type, as a sender would. */
    private static final class Reencoder implements MessageHandler
    {
        private final MutableDirectBuffer out;
        private int frameLength;

        Reencoder(final MutableDirectBuffer out)
        {
            this.out = out;
        }

        @Override
        public void onChallenge(final ChallengeDecoder d)
        {
            frameLength = new ChallengeEncoder().wrapFrame(out, 0)
                .challenge(d.buffer(), d.challengeOffset(), d.challengeLength()).finishFrame();
        }

        @Override
        public void onResponse(final ResponseDecoder d)
        {
            frameLength = new ResponseEncoder().wrapFrame(out, 0)
                .response(d.buffer(), d.responseOffset(), d.responseLength()).finishFrame();
        }

        @Override
        public void onData(final DataDecoder d)
        {
            frameLength = new DataEncoder().wrapFrame(out, 0).cell(d.buffer(), d.cellOffset(), d.cellLength())
                .finishFrame();
        }

        @Override
        public void onCommand(final CommandDecoder d)
        {
            frameLength = new CommandEncoder().wrapFrame(out, 0)
                .command(d.buffer(), d.commandOffset(), d.commandLength()).finishFrame();
        }

        @Override
        public void onMissingData(final MissingDataDecoder d)
        {
            frameLength = new MissingDataEncoder().wrapFrame(out, 0).valueId(d.buffer(), d.valueIdOffset())
                .finishFrame();
        }

        @Override
        public void onQuery(final QueryDecoder d)
        {
            final QueryEncoder e = new QueryEncoder().wrapFrame(out, 0).id(d.id());
            if (d.formIsRef())
            {
                e.formRef(d.buffer(), d.formOffset());
            }
            else
            {
                e.form(d.buffer(), d.formOffset(), d.formLength());
            }
            frameLength = (d.address() == MessageFields.NULL_ADDRESS ? e.addressNil() : e.address(d.address()))
                .finishFrame();
        }

        @Override
        public void onTransact(final TransactDecoder d)
        {
            frameLength = new TransactEncoder().wrapFrame(out, 0).id(d.id())
                .transaction(d.buffer(), d.transactionOffset()).finishFrame();
        }

        @Override
        public void onResult(final ResultDecoder d)
        {
            final ResultEncoder e = new ResultEncoder().wrapFrame(out, 0).id(d.id());
            if (d.valueIsRef())
            {
                e.valueRef(d.buffer(), d.valueOffset());
            }
            else
            {
                e.value(d.buffer(), d.valueOffset(), d.valueLength());
            }
            if (d.hasError())
            {
                e.error(d.buffer(), d.errorOffset(), d.errorLength());
            }
            else
            {
                e.errorNil();
            }
            if (!d.hasInfo())
            {
                e.infoNil();
            }
            else if (d.infoIsRef())
            {
                e.infoRef(d.buffer(), d.infoOffset());
            }
            else
            {
                e.info(d.buffer(), d.infoOffset(), d.infoLength());
            }
            frameLength = e.finishFrame();
        }

        @Override
        public void onBelief(final BeliefDecoder d)
        {
            frameLength = new BeliefEncoder().wrapFrame(out, 0).belief(d.buffer(), d.beliefOffset(), d.beliefLength())
                .finishFrame();
        }

        @Override
        public void onGoodbye(final GoodbyeDecoder d)
        {
            frameLength = new GoodbyeEncoder().wrapFrame(out, 0)
                .goodbye(d.buffer(), d.goodbyeOffset(), d.goodbyeLength()).finishFrame();
        }

        @Override
        public void onStatus(final StatusDecoder d)
        {
            frameLength = new StatusEncoder().wrapFrame(out, 0).id(d.id()).finishFrame();
        }
    }
}
