package studio.mammoth.tinyformer.train;

import java.util.List;
import java.util.Random;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SearchSpace;

/**
 * Which subnets a supernet step trains. SANDWICH (BigNAS/OFA): the largest, the smallest and one random subnet,
 * gradients summed — the two ends keep the whole range trained. UNIFORM: one random subnet per step (a third of
 * the cost).
 */
public final class SupernetPlan implements TrainingRun.Plan {
    public enum Sampling { SANDWICH, UNIFORM }

    private final SearchSpace space;
    private final Sampling sampling;

    public SupernetPlan(SearchSpace space, Sampling sampling) {
        this.space = space;
        this.sampling = sampling;
    }

    @Override
    public String kind() {
        return "supernet";
    }

    @Override
    public List<ArchConfig> subnets(long step, Random rnd) {
        ArchConfig random = ArchConfig.sample(space, rnd);
        return sampling == Sampling.SANDWICH
                ? List.of(ArchConfig.largest(space), ArchConfig.smallest(space), random)
                : List.of(random);
    }

    @Override
    public Supernet.Mode mode(long step) {
        return Supernet.Mode.train();
    }
}
