package studio.mammoth.app.studio;

import studio.mammoth.tinyformer.nas.SearchCost;
import studio.mammoth.tinyformer.nas.SparseNas;

/**
 * What the user asks of a search: the board's limits and the budget of the evolution.
 *
 * @param flashKb     flash of the board profile (weights + code must fit)
 * @param sramKb      SRAM of the board profile (activations + firmware RAM must fit)
 * @param maxMmacs    MAC cap in millions, the latency stand-in
 * @param minSparsity fraction of weights that must be pruned
 * @param minMacSparsity fraction of the dense MACs the pruning must skip (what the board's instruction count sees: weight
 *                    sparsity alone lets a search leave the layers on large planes dense)
 * @param population  candidates per generation
 * @param generations generations after the initial population
 * @param seed        the search's only randomness
 */
record SearchRequest(int flashKb, int sramKb, double maxMmacs, double minSparsity, double minMacSparsity, int population, int generations,
                     long seed) {
    SearchRequest {
        if (flashKb < 16 || flashKb > 16 * 1024) {
            throw new IllegalArgumentException("flash must be between 16 KB and 16 MB, got " + flashKb + " KB");
        }
        if (sramKb < 8 || sramKb > 4 * 1024) {
            throw new IllegalArgumentException("SRAM must be between 8 KB and 4 MB, got " + sramKb + " KB");
        }
        if (!(maxMmacs > 0)) {
            throw new IllegalArgumentException("the MAC cap must be positive, got " + maxMmacs + " M");
        }
        if (minSparsity < 0 || minSparsity >= 1 || minMacSparsity < 0 || minMacSparsity >= 1) {
            throw new IllegalArgumentException("the minimum sparsities must be in [0, 1), got " + minSparsity + " of the weights and "
                    + minMacSparsity + " of the MACs");
        }
        if (population < 2 || population > 200 || generations < 0 || generations > 100) {
            throw new IllegalArgumentException("population must be in [2, 200] and generations in [0, 100]");
        }
    }

    SearchCost.Constraints constraints() {
        return new SearchCost.Constraints(flashKb * 1024L, sramKb * 1024L, Math.round(maxMmacs * 1e6));
    }

    /** Top-k a fifth of the population, as {@link SparseNas.Settings#forBudget} does. */
    SparseNas.Settings settings() {
        return new SparseNas.Settings(population, Math.max(1, Math.min(population, population / 5)), generations, 0.2, minSparsity, minMacSparsity, seed);
    }

    int candidates() {
        return population * (generations + 1);
    }
}
