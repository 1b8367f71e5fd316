package studio.mammoth.tinyformer.nas;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SearchSpace;

/**
 * What a search leaves behind for the next step (fine-tuning) and for people: the winner's genes as JSON, and every
 * candidate as CSV rows.
 */
public final class SearchReport {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** The JSON document: space label, the winner, the Pareto set. */
    public record Saved(String space, String costModel, Entry winner, List<Entry> pareto) {
    }

    public record Entry(ArchConfig arch, SparsityPlan sparsity, double validationAccuracy, long macs, long effectiveMacs,
                        double weightSparsity, double flashKb, double sramKb, String description) {
        static Entry of(SearchSpace space, SparseNas.Scored s) {
            return new Entry(s.candidate().arch(), s.candidate().sparsity(), s.accuracy(), s.cost().macs(), s.cost().effectiveMacs(),
                    s.sparsity(), s.cost().flashKb(), s.cost().sramKb(), s.candidate().arch().describe(space));
        }
    }

    private SearchReport() {
    }

    public static void write(Path file, SearchSpace space, String costModel, SparseNas.Result r) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Saved saved = new Saved(space.label(), costModel, Entry.of(space, r.best()),
                r.pareto().stream().map(s -> Entry.of(space, s)).toList());
        Files.writeString(file, GSON.toJson(saved));
    }

    public static Saved read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no search result at " + file + " (run `mammoth tinyformer search` first)");
        }
        Saved s = GSON.fromJson(Files.readString(file), Saved.class);
        if (s == null || s.winner() == null || s.space() == null) {
            throw new IOException(file + " is not a TinyFormer search result");
        }
        s.winner().arch().validate(SearchSpace.parse(s.space()));
        return s;
    }

    /** A CSV row per event: index,generation,fits,accuracy,macs,effective_macs,sparsity,flash_kb,sram_kb,rejection,architecture. */
    public static final class EventCsv implements AutoCloseable {
        private static final String HEADER = "index,generation,fits,accuracy,macs,effective_macs,sparsity,flash_kb,sram_kb,rejection,architecture";
        private static final int NUMERIC_FIELDS = 9;

        private final Writer out;

        public EventCsv(Path file) throws IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(file);
            out.write(HEADER + "\n");
        }

        public void write(SearchEvent e) {
            try {
                out.write(String.format(Locale.ROOT, "%d,%d,%b,%.4f,%d,%d,%.4f,%.1f,%.1f,\"%s\",\"%s\"%n", e.index(), e.generation(), e.fits(),
                        e.accuracy(), e.macs(), e.effectiveMacs(), e.sparsity(), e.flashKb(), e.sramKb(), e.rejection(), e.description()));
                out.flush();
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        /** The events of a file {@link #write} wrote, in order; a malformed row is an error naming its line. */
        public static List<SearchEvent> read(Path file) throws IOException {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                throw new IOException(file + " is not a search's candidate list (its first line should be " + HEADER + ")");
            }
            List<SearchEvent> events = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                try {
                    events.add(parse(lines.get(i)));
                } catch (RuntimeException e) {
                    throw new IOException(file + " line " + (i + 1) + " is malformed: " + e.getMessage(), e);
                }
            }
            return events;
        }

        /** Nine unquoted numbers, then the quoted rejection and architecture (neither holds a quote). */
        private static SearchEvent parse(String line) {
            String[] n = line.split(",", NUMERIC_FIELDS + 1);
            if (n.length != NUMERIC_FIELDS + 1) {
                throw new IllegalArgumentException("fewer than " + (NUMERIC_FIELDS + 2) + " fields");
            }
            String[] quoted = n[NUMERIC_FIELDS].split("\"", -1);
            if (quoted.length != 5 || !quoted[0].isEmpty() || !quoted[2].equals(",") || !quoted[4].isEmpty()) {
                throw new IllegalArgumentException("the rejection and architecture fields are not two quoted strings");
            }
            return new SearchEvent(Integer.parseInt(n[0]), Integer.parseInt(n[1]), quoted[3], Double.parseDouble(n[3]), Long.parseLong(n[4]),
                    Long.parseLong(n[5]), Double.parseDouble(n[6]), Double.parseDouble(n[7]), Double.parseDouble(n[8]), strictBoolean(n[2]),
                    quoted[1]);
        }

        private static boolean strictBoolean(String field) {
            if (!field.equals("true") && !field.equals("false")) {
                throw new IllegalArgumentException("fits is neither true nor false: " + field);
            }
            return field.equals("true");
        }
    }
}
