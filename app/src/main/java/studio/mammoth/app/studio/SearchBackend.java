package studio.mammoth.app.studio;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import studio.mammoth.common.task.Task;
import studio.mammoth.tinyformer.nas.CandidateScorer;
import studio.mammoth.tinyformer.nas.SearchEvent;
import studio.mammoth.tinyformer.nas.SparseNas;
import studio.mammoth.tinyformer.space.SearchSpace;

/**
 * Where the search view's candidates come from and how a chosen one becomes a blob. The product uses
 * {@link SupernetBackend} (the trained supernet); tests plug in a tiny space with a stand-in scorer.
 */
interface SearchBackend {
    /** Why a search cannot run here (with the command that fixes it), or empty when it can. */
    Optional<String> missing();

    /** The SparseNAS run; every candidate (scored, or rejected by the constraint check) is handed to {@code points} as soon as it is known (worker thread). */
    Task<SparseNas.Result> search(SearchRequest request, Consumer<CandidatePoint> points);

    /** Compiles the chosen candidate to a deployable blob and returns the file written. */
    Task<Path> compile(CandidatePoint chosen);

    /**
     * Pairs SparseNAS's scored events with the genome just scored: SparseNAS scores a candidate and then emits its
     * event on the same thread, so the last candidate the scorer saw is the one the event describes.
     */
    final class Pairing {
        private final SearchSpace space;
        private final Consumer<CandidatePoint> points;
        private volatile studio.mammoth.tinyformer.nas.Candidate lastScored;

        Pairing(SearchSpace space, Consumer<CandidatePoint> points) {
            this.space = space;
            this.points = points;
        }

        CandidateScorer wrap(CandidateScorer scorer) {
            return c -> {
                double accuracy = scorer.score(c);
                lastScored = c;
                return accuracy;
            };
        }

        /** Hands every event on; a candidate rejected before scoring has no genome attached. */
        void accept(SearchEvent e) {
            points.accept(new CandidatePoint(e, e.fits() ? lastScored : null, space));
        }
    }
}
