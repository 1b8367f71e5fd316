package studio.mammoth.app.studio;

import studio.mammoth.tinyformer.nas.Candidate;
import studio.mammoth.tinyformer.nas.SearchEvent;
import studio.mammoth.tinyformer.space.SearchSpace;

/** A search candidate as the view keeps it: the search's event plus the genome it was computed from (null when rejected before scoring). */
record CandidatePoint(SearchEvent event, Candidate candidate, SearchSpace space) {
}
