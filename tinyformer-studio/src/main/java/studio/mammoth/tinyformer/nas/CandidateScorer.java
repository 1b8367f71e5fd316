package studio.mammoth.tinyformer.nas;

/** Accuracy estimate of a candidate (the supernet scorer in production, a cheap function in tests). */
public interface CandidateScorer {
    double score(Candidate candidate);
}
