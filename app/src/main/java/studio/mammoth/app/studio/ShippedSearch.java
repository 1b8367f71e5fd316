package studio.mammoth.app.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import studio.mammoth.tinyformer.nas.Candidate;
import studio.mammoth.tinyformer.nas.SearchEvent;
import studio.mammoth.tinyformer.nas.SearchReport;
import studio.mammoth.tinyformer.space.SearchSpace;

/**
 * The search that chose the shipped model, as its files in the model folder keep it: every candidate's figures
 * ({@code search-candidates.csv}) and the genes of the winner and the Pareto set ({@code search-result.json}). Shown in
 * the Search tab until the user runs a search of their own, so the scatter and the winner's layers are there from the
 * first start.
 *
 * @param points every candidate that passed the constraint check; those of the Pareto set carry their genes
 * @param winner the search's winner (the architecture of the shipped model)
 * @param source the candidate list the points come from
 */
record ShippedSearch(List<CandidatePoint> points, CandidatePoint winner, Path source) {
    static final String RESULT = "search-result.json";
    static final String CANDIDATES = "search-candidates.csv";

    /** Empty when the folder holds no search; an unreadable or inconsistent one is an error. */
    static Optional<ShippedSearch> load(Path folder) throws IOException {
        Path result = folder.resolve(RESULT);
        Path candidates = folder.resolve(CANDIDATES);
        if (!Files.isRegularFile(result) || !Files.isRegularFile(candidates)) {
            return Optional.empty();
        }
        SearchReport.Saved saved = SearchReport.read(result);
        SearchSpace space = SearchSpace.parse(saved.space());
        List<SearchReport.Entry> withGenes = new ArrayList<>(saved.pareto());
        withGenes.add(saved.winner());
        List<CandidatePoint> points = new ArrayList<>();
        CandidatePoint winner = null;
        for (SearchEvent e : SearchReport.EventCsv.read(candidates)) {
            if (!e.fits()) {
                continue;
            }
            Candidate genes = withGenes.stream().filter(g -> sameCandidate(g, e)).findFirst()
                    .map(g -> new Candidate(g.arch(), g.sparsity())).orElse(null);
            CandidatePoint p = new CandidatePoint(e, genes, space);
            points.add(p);
            if (winner == null && sameCandidate(saved.winner(), e)) {
                winner = p;
            }
        }
        if (winner == null) {
            throw new IOException(candidates + " does not list the winner of " + result + " (" + saved.winner().description() + ")");
        }
        return Optional.of(new ShippedSearch(List.copyOf(points), winner, candidates));
    }

    /** The CSV keeps accuracy to four decimals; architecture and accuracy together tell the candidates apart. */
    private static boolean sameCandidate(SearchReport.Entry entry, SearchEvent event) {
        return entry.description().equals(event.description()) && Math.abs(entry.validationAccuracy() - event.accuracy()) < 5e-5;
    }
}
