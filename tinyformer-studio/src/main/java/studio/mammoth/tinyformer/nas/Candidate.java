package studio.mammoth.tinyformer.nas;

import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.space.ArchConfig;

/**
 * One SparseNAS genome: architecture genes plus per-layer sparsity and block-size genes.
 */
public record Candidate(ArchConfig arch, SparsityPlan sparsity) {
    /** Equal genomes give equal keys (used to score each genome once). */
    public String key() {
        StringBuilder sb = new StringBuilder(arch.toString());
        sparsity.layers().forEach((k, v) -> sb.append(k).append(':').append(v.sparsity()).append('/').append(v.blockSize()).append(';'));
        return sb.toString();
    }
}
