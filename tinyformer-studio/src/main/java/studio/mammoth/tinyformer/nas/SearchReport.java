package studio.mammoth.tinyformer.nas;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
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
        private final Writer out;

        public EventCsv(Path file) throws IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(file);
            out.write("index,generation,fits,accuracy,macs,effective_macs,sparsity,flash_kb,sram_kb,rejection,architecture\n");
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
    }
}
