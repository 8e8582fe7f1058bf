package io.cellwire.bench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cellwire decode} run in-process over the golden vectors: the exact TSV contract, verdicts and exit codes. */
class DecodeCommandTest
{
    private static final Path VECTORS = Path.of("../codec/src/test/resources/vectors");
    private static final List<String> CAPTURES = List.of("capture-client.tsv", "capture-peers.tsv", "capture-sync.tsv");
    private static final int USAGE = 2;

    /** Valid reference encodings that a strict Gen A decoder rejects (docs/wire-format.md §4, §5.12). */
    private static final Map<String, String> VALID_BUT_REJECTED = Map.of(
        "signature", "SIGNATURE_CELL",
        "op.(let [a 1] (set! a 2))", "UNKNOWN_OPCODE");

    /** Invalid rows that cannot be rejected without resolving the ref (docs/wire-format.md §9 rule 5). */
    private static final Set<String> INVALID_BUT_ACCEPTED = Set.of("inv.vector.embedded.as.ref");

    private static final Map<String, String> INVALID_FRAMES = Map.ofEntries(
        entry("frameheader.L0", "-\t0\t-\tTRUNCATED"),
        entry("frame.DATA.tooBig", "-\t0\t-\tTRUNCATED"),
        entry("invf.len0", "-\t2\t-\tFRAME_ZERO_LENGTH"),
        entry("invf.nonminimal.len", "-\t5\t-\tFRAME_HEADER_NOT_MINIMAL"),
        entry("invf.type0", "-\t3\t-\tUNKNOWN_MESSAGE_TYPE"),
        entry("invf.L1.nopayload", "DATA\t2\t-\tEMPTY_PAYLOAD"),
        entry("invf.badpayload", "DATA\t3\t-\tUNKNOWN_TAG"),
        entry("invf.payload.excess", "DATA\t5\t-\tTRAILING_BYTES"),
        entry("invf.truncated", "DATA\t5\t-\tTRUNCATED"),
        entry("invf.missingdata.notHash", "MISSING_DATA\t4\t-\tWRONG_MESSAGE_SHAPE"));

    record Run(int exitCode, String out, String err)
    {
        List<String[]> lines()
        {
            final List<String[]> lines = new ArrayList<>();
            for (final String line : out.split("\n", -1))
            {
                if (!line.isEmpty())
                {
                    lines.add(line.split("\t", -1));
                }
            }
            return lines;
        }
    }

    @Test
    void shouldReportEveryCellRowWithItsVerdictLengthKindAndValueId() throws IOException
    {
        final List<String[]> rows = new ArrayList<>();
        for (final String[] row : rows(VECTORS.resolve("cells.tsv")))
        {
            if (!row[1].startsWith("frame") && !row[1].equals("invalid-frame"))
            {
                rows.add(row);
            }
        }
        final Run run = run(hexLines(rows, 2), "decode", "--cells");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        final List<String[]> lines = run.lines();
        assertEquals(rows.size(), lines.size());
        for (int i = 0; i < rows.size(); i++)
        {
            final String[] row = rows.get(i);
            final String[] line = lines.get(i);
            final String name = row[0];
            final byte[] bytes = HexFormat.of().parseHex(row[2]);
            assertEquals(6, line.length, name);
            assertEquals(String.valueOf(i), line[0], name);
            assertEquals(String.valueOf(bytes.length), line[3], name);
            assertEquals(expectedKind(bytes), line[2], name);
            final boolean expectOk = row[1].equals("invalid") ? INVALID_BUT_ACCEPTED.contains(name) :
                !VALID_BUT_REJECTED.containsKey(name);
            if (expectOk)
            {
                assertEquals("ok", line[1], name + " " + line[5]);
                assertEquals(sha3(bytes), line[4], name);
                if (!row[3].equals("n/a"))
                {
                    assertEquals(row[3], line[4], name);
                }
                assertFalse(line[5].isEmpty(), name);
            }
            else
            {
                assertEquals("invalid", line[1], name);
                assertEquals("-", line[4], name);
                assertTrue(line[5].matches("[A-Z_]+"), name + " " + line[5]);
                if (VALID_BUT_REJECTED.containsKey(name))
                {
                    assertEquals(VALID_BUT_REJECTED.get(name), line[5], name);
                }
            }
        }
    }

    @Test
    void shouldPrintExactLinesForKnownCells()
    {
        final Run run = run("0901\n810209020901\n3303" + "666f6f\n210b\n09\n", "decode", "--cells");
        assertEquals(String.join("\n",
            "0\tok\tlong\t2\t44462b2ad566b93625fa7f8e06d89a7818d7ef9beaf2ea693bae18d13d875e1d\t1",
            "1\tok\tlist\t6\t" + sha3("810209020901") + "\t(1 2)",
            "2\tok\tkeyword\t5\t" + sha3("3303666f6f") + "\t:foo",
            "3\tok\taddress\t2\t" + sha3("210b") + "\t#11",
            "4\tinvalid\tlong\t1\t-\tTRUNCATED",
            ""), run.out());
    }

    @Test
    void shouldReportEveryCaptureFrameAsOkWithItsTypeAndPayloadId() throws IOException
    {
        for (final String capture : CAPTURES)
        {
            final List<String[]> rows = rows(VECTORS.resolve(capture));
            final Run run = run(hexLines(rows, 3), "decode", "--frames");
            assertEquals(0, run.exitCode(), run.err());
            final List<String[]> lines = run.lines();
            assertEquals(rows.size(), lines.size(), capture);
            for (int i = 0; i < rows.size(); i++)
            {
                final String[] row = rows.get(i);
                final String[] line = lines.get(i);
                final byte[] frame = HexFormat.of().parseHex(row[3]);
                final String where = capture + " row " + i;
                assertEquals(6, line.length, where);
                assertEquals(String.valueOf(i), line[0], where);
                assertEquals("ok", line[1], where + " " + line[5]);
                assertEquals(row[4], line[2], where);
                assertEquals(String.valueOf(frame.length), line[3], where);
                assertEquals(sha3(payload(frame)), line[4], where);
            }
        }
    }

    @Test
    void shouldReportGoldenFramesAndInvalidFrames() throws IOException
    {
        final List<String[]> rows = new ArrayList<>();
        for (final String[] row : rows(VECTORS.resolve("cells.tsv")))
        {
            if (row[1].equals("frame") || row[1].equals("invalid-frame"))
            {
                rows.add(row);
            }
        }
        final Run run = run(hexLines(rows, 2), "decode", "--frames");
        assertEquals(0, run.exitCode(), run.err());
        final List<String[]> lines = run.lines();
        assertEquals(rows.size(), lines.size());
        for (int i = 0; i < rows.size(); i++)
        {
            final String[] row = rows.get(i);
            final String[] line = lines.get(i);
            final String name = row[0];
            if (row[1].equals("frame"))
            {
                final byte[] frame = HexFormat.of().parseHex(row[2]);
                assertEquals("ok", line[1], name + " " + line[5]);
                assertEquals(name.substring(name.lastIndexOf('.') + 1), line[2], name);
                assertEquals(String.valueOf(frame.length), line[3], name);
                assertEquals(sha3(payload(frame)), line[4], name);
                assertEquals(row[3], line[4], name);
            }
            else
            {
                assertEquals("invalid\t" + INVALID_FRAMES.get(name), String.join("\t", List.of(line).subList(1, 6)),
                    name);
            }
        }
    }

    @Test
    void shouldPrintExactLineForQueryFrame()
    {
        final String payload = "8003090281030902090132012b210b";
        final Run run = run("1006" + payload + "\n", "decode", "--frames");
        assertEquals("0\tok\tQUERY\t17\t" + sha3(payload) + "\tid=2 form=(+ 1 2) address=#11\n", run.out());
    }

    @Test
    void shouldReportBadHexAndEmptyLinesAsInvalidInputs()
    {
        final Run run = run("0g\n\n123\n  09 01 \n", "decode", "--cells");
        assertEquals(0, run.exitCode());
        assertEquals(String.join("\n",
            "0\tinvalid\t-\t0\t-\tBAD_HEX",
            "1\tinvalid\t-\t0\t-\tTRUNCATED",
            "2\tinvalid\t-\t0\t-\tBAD_HEX",
            "3\tok\tlong\t2\t" + sha3("0901") + "\t1",
            ""), run.out());
    }

    @Test
    void shouldReadFileGivenWithInAndColumn()
    {
        final Run run = run("", "decode", "--frames", "--in", VECTORS.resolve("capture-client.tsv").toString(),
            "--column", "frame_hex");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(30, run.lines().size());
        assertTrue(run.lines().stream().allMatch(line -> line[1].equals("ok")));
    }

    @Test
    void shouldSummariseBundledCaptureAsCaptureStatsDoes() throws IOException
    {
        final Run run = run("", "decode", "--frames", "--summary");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(captureStatsTable(), run.out());
    }

    @Test
    void shouldSummariseStdinGivenAsDash() throws IOException
    {
        final List<String[]> rows = new ArrayList<>();
        for (final String capture : CAPTURES)
        {
            rows.addAll(rows(VECTORS.resolve(capture)));
        }
        final Run run = run(hexLines(rows, 3), "decode", "--frames", "--summary", "--in", "-");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(captureStatsTable(), run.out());
    }

    @Test
    void shouldReadStdinGivenAsDash()
    {
        final Run run = run("0901\n", "decode", "--cells", "--in", "-");
        assertEquals("0\tok\tlong\t2\t" + sha3("0901") + "\t1\n", run.out());
    }

    @Test
    void shouldCheckFrameLengthBeforeTypeAsFrameValidatorDoes()
    {
        final Run run = run("0500\n010300\n02\n8140\n", "decode", "--frames");
        assertEquals(String.join("\n",
            "0\tinvalid\t-\t2\t-\tTRUNCATED",
            "1\tinvalid\tDATA\t3\t-\tTRAILING_BYTES",
            "2\tinvalid\t-\t1\t-\tTRUNCATED",
            "3\tinvalid\t-\t2\t-\tTRUNCATED",
            ""), run.out());
    }

    @Test
    void shouldExitWithUsageErrorForCellSummaryWithoutIn()
    {
        assertUsageError(run("0901\n", "decode", "--cells", "--summary"));
    }

    @Test
    void shouldCountInvalidInputsInSummary()
    {
        final Run run = run("0901\n09\nzz\n0980\n", "decode", "--cells", "--summary", "--in", "-");
        assertEquals(String.join("\n",
            DecodeSummary.HEADER,
            "-\t0\t0\t-\t-\t-\t1",
            "long\t1\t2\t2\t2\t2\t2",
            "ALL\t1\t2\t2\t2\t2\t3",
            ""), run.out());
    }

    @Test
    void shouldExitWithUsageErrorWithoutMode()
    {
        assertUsageError(run("0901\n", "decode"));
    }

    @Test
    void shouldExitWithUsageErrorWithBothModes()
    {
        assertUsageError(run("0901\n", "decode", "--cells", "--frames"));
    }

    @Test
    void shouldExitWithUsageErrorOnUnknownOption()
    {
        assertUsageError(run("0901\n", "decode", "--cells", "--bogus"));
    }

    @Test
    void shouldExitWithUsageErrorOnMissingInFile(@TempDir final Path dir)
    {
        assertUsageError(run("", "decode", "--cells", "--in", dir.resolve("absent.txt").toString()));
    }

    @Test
    void shouldExitWithUsageErrorWhenInIsADirectory(@TempDir final Path dir)
    {
        assertUsageError(run("", "decode", "--cells", "--in", dir.toString()));
    }

    @Test
    void shouldExitWithUsageErrorOnUnknownColumn()
    {
        assertUsageError(run("a\tb\n0901\t00\n", "decode", "--cells", "--column", "hex"));
    }

    @Test
    void shouldExitWithUsageErrorWithoutSubcommand()
    {
        assertUsageError(run("", new String[0]));
    }

    @Test
    void shouldPrintNothingForNoInput()
    {
        final Run run = run("", "decode", "--frames");
        assertEquals(0, run.exitCode());
        assertEquals("", run.out());
    }

    /** The per-type table of capture-stats.txt in the summary's TSV layout (all frames valid). */
    private static String captureStatsTable() throws IOException
    {
        final List<String> expected = new ArrayList<>();
        expected.add(DecodeSummary.HEADER);
        boolean inTable = false;
        for (final String line : Files.readAllLines(VECTORS.resolve("capture-stats.txt")))
        {
            if (line.startsWith("type "))
            {
                inTable = true;
                continue;
            }
            if (inTable)
            {
                final String[] fields = line.trim().split("\\s+");
                expected.add(String.join("\t", fields) + "\t0");
                if (fields[0].equals("ALL"))
                {
                    break;
                }
            }
        }
        assertEquals(12, expected.size(), "header, 10 types and ALL");
        return String.join("\n", expected) + "\n";
    }

    private static void assertUsageError(final Run run)
    {
        assertEquals(USAGE, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("Usage:"), run.err());
    }

    private static Run run(final String stdin, final String... args)
    {
        final CommandLine commandLine =
            CellwireMain.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        final int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static String hexLines(final List<String[]> rows, final int column)
    {
        return rows.stream().map(row -> row[column] + "\n").collect(Collectors.joining());
    }

    private static List<String[]> rows(final Path file) throws IOException
    {
        final List<String[]> rows = new ArrayList<>();
        final List<String> lines = Files.readAllLines(file);
        for (final String line : lines.subList(1, lines.size()))
        {
            if (!line.isEmpty())
            {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    private static byte[] payload(final byte[] frame)
    {
        final int header = (frame[0] & 0x80) == 0 ? 1 : 2;
        return java.util.Arrays.copyOfRange(frame, header + 1, frame.length);
    }

    private static String expectedKind(final byte[] bytes)
    {
        if (bytes.length == 0)
        {
            return "-";
        }
        final int tag = bytes[0] & 0xff;
        if (tag >= 0x3c && tag <= 0x3f)
        {
            return "char";
        }
        switch (tag)
        {
            case 0x00: return "nil";
            case 0x01: return "byte";
            case 0x09: return "long";
            case 0x0d: return "double";
            case 0x21: return "address";
            case 0x30: return "string";
            case 0x31: return "blob";
            case 0x32: return "symbol";
            case 0x33: return "keyword";
            case 0x80: return "vector";
            case 0x81: return "list";
            case 0x82: return "map";
            case 0x83: return "set";
            case 0x84: return "blobmap";
            case 0x88: return "syntax";
            case 0x90: return "signeddata";
            case 0xa0: return "state";
            case 0xaa: return "belief";
            case 0xab: return "block";
            case 0xac: return "order";
            case 0xad: return "result";
            case 0xae: return "blockresult";
            case 0xb0:
            case 0xb1: return "boolean";
            case 0xc1: return "accountstatus";
            case 0xc2: return "peerstatus";
            case 0xcb: return "multifn";
            case 0xcc: return "op";
            case 0xcd: return "coredef";
            case 0xcf: return "fn";
            case 0xd0: return "invoke";
            case 0xd1: return "transfer";
            case 0xd2: return "call";
            default: return "-";
        }
    }

    private static String sha3(final String hex)
    {
        return sha3(HexFormat.of().parseHex(hex));
    }

    private static String sha3(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA3-256").digest(bytes));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
