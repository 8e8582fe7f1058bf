package io.cellwire.bench.loadgen;

import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What loadgen takes for a correct value, on exact bytes: the CVM peer's computed values, the echo peer's form and
 * sequence number, the STATUS Vector of both; anything else, a byte more or less included, is wrong.
 */
class AnswerCheckTest
{
    private static final AnswerCheck CVM = new AnswerCheck(new LoadForms(0), false);
    private static final AnswerCheck ECHO = new AnswerCheck(new LoadForms(0), true);
    /** {@code [h h h h h]}: five 32-byte Blobs, each {@code 31 20} and 32 bytes. */
    private static final String STATUS_HEX = "8005" + ("3120" + "ab".repeat(32)).repeat(5);

    @Test
    void shouldTakeThreeAsTheCvmAnswerToOnePlusTwo()
    {
        assertTrue(CVM.isCorrect(LoadSettings.QUERY, cell("0903"), 0));
        assertFalse(CVM.isCorrect(LoadSettings.QUERY, cell("0904"), 0));
        assertFalse(CVM.isCorrect(LoadSettings.QUERY, cell("090300"), 0), "a byte more");
        assertFalse(CVM.isCorrect(LoadSettings.QUERY, cell("09"), 0), "a byte less");
        assertFalse(CVM.isCorrect(LoadSettings.QUERY, cell(LoadForms.ONE_PLUS_TWO_HEX), 0), "the form echoed");
    }

    @Test
    void shouldTakeOnlyTheFormItselfFromAnEchoPeer()
    {
        assertTrue(ECHO.isCorrect(LoadSettings.QUERY, cell(LoadForms.ONE_PLUS_TWO_HEX), 0));
        assertFalse(ECHO.isCorrect(LoadSettings.QUERY, cell("0903"), 0), "computed instead of echoed");
    }

    @Test
    void shouldTakeTheCommandValueOfATransactionFromACvmPeerWhateverItsSequence()
    {
        assertTrue(CVM.isCorrect(LoadSettings.TRANSACT, cell("0903"), 7));
        assertTrue(CVM.isCorrect(LoadSettings.TRANSACT, cell("0903"), 8));
        assertFalse(CVM.isCorrect(LoadSettings.TRANSACT, cell("0907"), 7), "its sequence number");
    }

    @Test
    void shouldTakeOnlyTheTransactionsOwnSequenceNumberFromAnEchoPeer()
    {
        assertTrue(ECHO.isCorrect(LoadSettings.TRANSACT, cell("0907"), 7));
        assertFalse(ECHO.isCorrect(LoadSettings.TRANSACT, cell("0908"), 7), "another transaction's number");
        assertFalse(ECHO.isCorrect(LoadSettings.TRANSACT, cell("0903"), 7), "computed instead of echoed");
        assertTrue(ECHO.isCorrect(LoadSettings.TRANSACT, cell("098100"), 128), "a two-byte VLC: 81 00");
    }

    @Test
    void shouldTakeAVectorOfFive32ByteBlobsAsTheStatusOfEitherPeer()
    {
        assertEquals(172, AnswerCheck.STATUS_LENGTH);
        assertTrue(CVM.isCorrect(LoadSettings.STATUS, cell(STATUS_HEX), 0));
        assertTrue(ECHO.isCorrect(LoadSettings.STATUS, cell(STATUS_HEX), 0));
    }

    @Test
    void shouldRejectAStatusOfAnotherShape()
    {
        final String fourItems = "8004" + ("3120" + "ab".repeat(32)).repeat(4);
        final String shortItem = "8005" + "311f" + "ab".repeat(31) + ("3120" + "ab".repeat(32)).repeat(4) + "ab";
        final String notVector = "8105" + STATUS_HEX.substring(4);
        assertFalse(CVM.isCorrect(LoadSettings.STATUS, cell(fourItems), 0), "four items");
        assertFalse(CVM.isCorrect(LoadSettings.STATUS, cell(shortItem), 0), "a 31-byte item, same length");
        assertFalse(CVM.isCorrect(LoadSettings.STATUS, cell(notVector), 0), "a List");
        assertFalse(CVM.isCorrect(LoadSettings.STATUS, cell(STATUS_HEX + "00"), 0), "a byte more");
    }

    @Test
    void shouldDescribeAWrongValueBesideTheExpectedOne()
    {
        assertEquals("QUERY answered 0904 (2 bytes), expected 0903",
            CVM.describe(LoadSettings.QUERY, cell("0904"), 0));
        assertEquals("TRANSACT answered 0903 (2 bytes), expected 0907 (its sequence number 7)",
            ECHO.describe(LoadSettings.TRANSACT, cell("0903"), 7));
        assertEquals("QUERY answered " + "ab".repeat(AnswerCheck.DESCRIBED_BYTES) + "… (40 bytes), expected 0903",
            CVM.describe(LoadSettings.QUERY, cell("ab".repeat(40)), 0), "long values cut");
    }

    private static UnsafeBuffer cell(final String hex)
    {
        return new UnsafeBuffer(BitUtil.fromHex(hex));
    }
}
