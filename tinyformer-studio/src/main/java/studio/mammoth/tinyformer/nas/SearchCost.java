package studio.mammoth.tinyformer.nas;

import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SearchSpace;

/** Deployment cost of a (sparse) subnet: what the constraint check and the search scatter read. */
public interface SearchCost {
    Cost cost(SearchSpace space, ArchConfig arch, SparsityPlan sparsity);

    /** Name printed beside every figure, so a reader knows which model produced it. */
    String name();

    /**
     * @param flashBytes weights in the deployable format + quantisation parameters + runtime code
     * @param sramBytes  peak of the activation schedule + scratch
     * @param macs       multiply-accumulates of one inference with dense kernels
     * @param effectiveMacs multiply-accumulates the sparse kernels execute (pruned blocks skipped)
     */
    record Cost(long flashBytes, long sramBytes, long macs, long effectiveMacs) {
        public boolean fits(Constraints c) {
            return flashBytes <= c.flashBytes() && sramBytes <= c.sramBytes() && macs <= c.maxMacs();
        }

        public double flashKb() {
            return flashBytes / 1024.0;
        }

        public double sramKb() {
            return sramBytes / 1024.0;
        }
    }

    /**
     * The budget: the board's flash and SRAM, and a MAC cap standing in for a latency target.
     */
    record Constraints(long flashBytes, long sramBytes, long maxMacs) {
        /** STM32F746: 1 MB flash, 320 KB SRAM. */
        public static Constraints stm32f746(long maxMacs) {
            return new Constraints(1024L * 1024, 320L * 1024, maxMacs);
        }

        public Constraints {
            if (flashBytes <= 0 || sramBytes <= 0 || maxMacs <= 0) {
                throw new IllegalArgumentException("flash, SRAM and MAC limits must be positive");
            }
        }
    }
}
