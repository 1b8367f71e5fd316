package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SearchSpace;

/**
 * Which subnets a supernet step trains. SANDWICH (BigNAS/OFA): the largest, the smallest and one random subnet,
 * gradients summed — the two ends keep the whole range trained. UNIFORM: one random subnet per step (a third of
 * the cost). PRUNED: one random subnet per step, trained under blockwise magnitude masks of random sparsity genes
 * (drawn as SparseNAS draws them) — pruning-aware weight sharing, so that a candidate's inherited weights still
 * work after SparseNAS prunes them one-shot. A dense supernet does not: pruning 70 % of its 1x1 and linear weights
 * one-shot takes a subnet from 0.85 to 0.15-0.19 validation accuracy (measured at step 1824 of w0.75-r28), and
 * the search's ranking becomes noise.
 */
public final class SupernetPlan implements TrainingRun.Plan {
    public enum Sampling { SANDWICH, UNIFORM, PRUNED }

    /** PRUNED: share of steps trained dense, and of steps at the full sampled genes (the rest: a random fraction of them). */
    static final double DENSE_SHARE = 0.25;
    static final double FULL_SHARE = 0.5;

    private final Supernet net;
    private final SearchSpace space;
    private final Sampling sampling;
    private final Map<String, NDArray> masks = new HashMap<>();

    public SupernetPlan(Supernet net, Sampling sampling) {
        this.net = net;
        this.space = net.space();
        this.sampling = sampling;
    }

    @Override
    public String kind() {
        return "supernet";
    }

    @Override
    public List<ArchConfig> subnets(long step, Random rnd) {
        ArchConfig random = ArchConfig.sample(space, rnd);
        if (sampling == Sampling.PRUNED) {
            drawMasks(random, rnd);
        }
        return sampling == Sampling.SANDWICH
                ? List.of(ArchConfig.largest(space), ArchConfig.smallest(space), random)
                : List.of(random);
    }

    /** Masks of {@code arch} at a random fraction of random genes, from the current weight magnitudes. */
    private void drawMasks(ArchConfig arch, Random rnd) {
        masks.values().forEach(NDArray::close);
        masks.clear();
        double u = rnd.nextDouble();
        SparsityPlan genes = SparsityPlan.sample(space, rnd);
        if (u >= DENSE_SHARE) {
            double fraction = u < DENSE_SHARE + FULL_SHARE ? 1.0 : rnd.nextDouble();
            SubnetMasks.update(net, arch, genes, fraction, masks);
        }
    }

    @Override
    public Supernet.Mode mode(long step) {
        return Supernet.Mode.train().withMasks(masks);
    }
}
