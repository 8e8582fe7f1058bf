package io.cellwire.bench.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code cellwire decode}: validates hex-encoded cells or frames, one per line, and prints one TSV verdict per input.
 * <p>
 * The contract (other tools parse it):
 * <pre>
 * decode --cells|--frames [--in FILE|-] [--column NAME] [--summary]
 *
 * stdout, one line per input, in input order, nothing else (UTF-8, lines end with \n):
 *   index  status  kind  length  value_id  detail
 *   index    0, 1, 2, ... counting inputs
 *   status   ok | invalid
 *   kind     --cells:  nil boolean byte long double char string blob symbol keyword address vector list map set
 *                      blobmap syntax signeddata state belief block order result blockresult accountstatus
 *                      peerstatus op coredef fn multifn invoke transfer call (from the tag, also when invalid);
 *                      - for an empty input or a tag that starts no decodable cell (unknown, 20, 22, c0)
 *            --frames: CHALLENGE RESPONSE DATA COMMAND MISSING_DATA QUERY TRANSACT RESULT BELIEF GOODBYE STATUS;
 *                      - when the header is bad, the type byte is missing, or the type is unknown
 *   length   ok: the cell length (--cells) or frame length, header included (--frames); invalid: the number of
 *            input bytes (0 for BAD_HEX)
 *   value_id ok: lowercase hex SHA3-256 of the cell (--frames: of the payload cell); invalid: -
 *   detail   ok: the CellPrinter rendering (never a tab or line break); invalid: the DecodeError name, or BAD_HEX
 *            for text that is not hex (odd digit count or a non-hex character)
 * </pre>
 * Input: one hex string per line from stdin or {@code --in FILE}; ASCII whitespace inside a line is ignored and an
 * empty line is an empty input (invalid, {@code TRUNCATED}). With {@code --column NAME} the input is a TSV file with
 * a header line, and the hex is taken from the column called NAME (e.g. {@code frame_hex} of the capture vectors).
 * A frame is checked by {@link io.cellwire.codec.FrameValidator}, as a node checks it, in this order: the header
 * (shortest form, else a {@code FRAME_...} reason); the input length against the header's L ({@code TRUNCATED} when
 * shorter, {@code TRAILING_BYTES} when longer); the type byte ({@code UNKNOWN_MESSAGE_TYPE}); L = 1
 * ({@code EMPTY_PAYLOAD}); the payload, which must be exactly one valid cell. Only the layout is checked, not which
 * cell type a message type carries.
 * <p>
 * {@code --summary} replaces the per-input lines with the {@link DecodeSummary} table by kind. Without {@code --in}
 * it reads the capture bundled in the jar (the 6,830 frames of the three {@code capture-*.tsv} vectors, column
 * {@code frame_hex}), which is the README's main job {@code cellwire decode --frames --summary}; {@code --in -}
 * summarises stdin instead. Without {@code --summary} the input is stdin unless {@code --in} names a file.
 * <p>
 * Exit codes: 0 when every input was processed (invalid inputs included); 2 on a usage error (no mode, both modes,
 * unknown option, unreadable {@code --in} file, unknown {@code --column}, {@code --cells --summary} without
 * {@code --in}), with a message and usage on stderr; 1 when reading fails part way.
 * <p>
 * Runs on the thread that calls {@code execute}.
 */
@Command(
    name = "decode",
    description = {
        "Validates hex-encoded cells or frames, one per line, and prints one TSV line per input:",
        "index, status (ok|invalid), kind, length, value_id, detail." },
    footer = {
        "",
        "kind: the cell type (--cells, lowercase) or message type (--frames), - when unknown.",
        "length: cell or frame bytes; for invalid inputs the input bytes (0 for BAD_HEX).",
        "value_id: SHA3-256 of the cell or frame payload, - when invalid.",
        "detail: the rendered value, or the DecodeError name (BAD_HEX for text that is not hex).",
        "Exit: 0 all inputs processed, 2 usage error, 1 read error." })
public final class DecodeCommand implements Callable<Integer>
{
    /** Exit code when every input was processed. */
    public static final int EXIT_OK = 0;
    /** Exit code when reading the input failed part way. */
    public static final int EXIT_IO_ERROR = 1;
    /** The {@code --in} value that names stdin. */
    public static final String STDIN = "-";
    /** Class-path directory of the bundled capture, copied from the codec's test vectors at build time. */
    public static final String BUNDLED_CAPTURE_DIRECTORY = "/io/cellwire/bench/cli/capture/";
    /** Files of the bundled capture: every frame of a live 0.7.9 network of three peers and a client. */
    public static final List<String> BUNDLED_CAPTURES =
        List.of("capture-client.tsv", "capture-peers.tsv", "capture-sync.tsv");
    /** Column of the bundled capture files that holds the frame hex. */
    public static final String CAPTURE_COLUMN = "frame_hex";

    @Spec
    private CommandSpec spec;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @ArgGroup(multiplicity = "1")
    private Mode mode;

    @Option(names = "--in", paramLabel = "FILE",
        description = "Read inputs from FILE instead of stdin; - is stdin.")
    private String in;

    @Option(names = "--column", paramLabel = "NAME",
        description = "Input is TSV with a header line; take the hex from column NAME (e.g. frame_hex).")
    private String column;

    @Option(names = "--summary", description = {
        "Print a table per kind (count, bytes, min/median/max size, invalid) instead of the lines.",
        "Without --in: summarise the bundled 0.7.9 capture (--frames)." })
    private boolean summary;

    private final InputStream stdin;

    static final class Mode
    {
        @Option(names = "--cells", required = true, description = "Each line is one cell.")
        boolean cells;

        @Option(names = "--frames", required = true, description = "Each line is one frame: header, type, payload.")
        boolean frames;
    }

    /**
     * A command that reads stdin when no {@code --in} is given.
     *
     * @param stdin the standard input to use.
     */
    public DecodeCommand(final InputStream stdin)
    {
        this.stdin = stdin;
    }

    @Override
    public Integer call()
    {
        final boolean bundled = summary && in == null;
        if (bundled && !mode.frames)
        {
            throw new ParameterException(spec.commandLine(),
                "The bundled capture holds frames: use --frames, or give --in FILE (or --in - for stdin)");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final InputDecoder decoder = new InputDecoder(mode.frames);
        final DecodeSummary totals = summary ? new DecodeSummary() : null;
        final StringBuilder line = new StringBuilder();
        long index = 0;
        try
        {
            if (bundled)
            {
                for (final String name : BUNDLED_CAPTURES)
                {
                    index = decodeAll(openBundled(name), CAPTURE_COLUMN, decoder, totals, index, line, out);
                }
            }
            else
            {
                index = decodeAll(open(), column, decoder, totals, index, line, out);
            }
        }
        catch (final IOException ex)
        {
            out.flush();
            spec.commandLine().getErr().println("decode: read failed after " + index + " inputs: " + ex);
            return EXIT_IO_ERROR;
        }
        if (totals != null)
        {
            totals.print(out);
        }
        out.flush();
        return EXIT_OK;
    }

    private long decodeAll(
        final BufferedReader reader,
        final String columnName,
        final InputDecoder decoder,
        final DecodeSummary totals,
        final long firstIndex,
        final StringBuilder line,
        final PrintWriter out) throws IOException
    {
        long index = firstIndex;
        try (reader)
        {
            final int columnIndex = columnName == null ? -1 : columnIndex(reader.readLine(), columnName);
            String text;
            while ((text = reader.readLine()) != null)
            {
                decoder.decode(columnIndex < 0 ? text : field(text, columnIndex));
                if (totals != null)
                {
                    totals.add(decoder.kind(), decoder.ok(), decoder.length());
                }
                else
                {
                    line.setLength(0);
                    decoder.appendLine(index, line).append('\n');
                    out.append(line);
                }
                index++;
            }
        }
        return index;
    }

    private BufferedReader open()
    {
        if (in == null || in.equals(STDIN))
        {
            return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        }
        final Path path = Path.of(in);
        if (!Files.isRegularFile(path) || !Files.isReadable(path))
        {
            throw new ParameterException(spec.commandLine(), "Cannot read --in file: " + in);
        }
        try
        {
            return Files.newBufferedReader(path, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new ParameterException(spec.commandLine(), "Cannot read --in file: " + in + " (" + ex + ")");
        }
    }

    private static BufferedReader openBundled(final String name) throws IOException
    {
        final InputStream stream = DecodeCommand.class.getResourceAsStream(BUNDLED_CAPTURE_DIRECTORY + name);
        if (stream == null)
        {
            throw new IOException("missing bundled capture " + BUNDLED_CAPTURE_DIRECTORY + name);
        }
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    private int columnIndex(final String header, final String columnName)
    {
        if (header != null)
        {
            final String[] names = header.split("\t", -1);
            for (int i = 0; i < names.length; i++)
            {
                if (names[i].trim().equals(columnName))
                {
                    return i;
                }
            }
        }
        throw new ParameterException(spec.commandLine(), "No column '" + columnName + "' in the header: " + header);
    }

    private static CharSequence field(final String line, final int index)
    {
        int from = 0;
        for (int i = 0; i < index; i++)
        {
            final int tab = line.indexOf('\t', from);
            if (tab < 0)
            {
                return "";
            }
            from = tab + 1;
        }
        final int end = line.indexOf('\t', from);
        return line.substring(from, end < 0 ? line.length() : end);
    }
}
