package studio.mammoth.tinyformer.nas;

/**
 * One scored (or rejected) candidate, emitted as soon as it is known so a scatter plot can grow live.
 *
 * @param index      running number of the candidate in the search
 * @param generation evolution generation (0 = the random initial population)
 * @param description architecture in short form
 * @param accuracy   validation accuracy with inherited, pruned weights (NaN when rejected before scoring)
 * @param macs       dense MACs
 * @param effectiveMacs MACs with pruned blocks skipped
 * @param sparsity   fraction of all weights pruned
 * @param flashKb    cost-model flash
 * @param sramKb     cost-model SRAM
 * @param fits       passed the constraint check
 * @param rejection  why it was rejected, or empty
 */
public record SearchEvent(int index, int generation, String description, double accuracy, long macs, long effectiveMacs, double sparsity,
                          double flashKb, double sramKb, boolean fits, String rejection) {
}
