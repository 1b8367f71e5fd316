package studio.mammoth.tinyformer.compile;

/**
 * What a model costs on the board, as the compiler emits it (see {@link CostModel}).
 *
 * @param blobBytes      size of the compiled blob
 * @param runtime        the firmware's own flash and static SRAM, and where those figures come from
 * @param arenaBytes     peak activation memory from the memory planner (the blob's arena_size)
 * @param denseMacs      multiply-accumulates of the dense model
 * @param effectiveMacs  multiply-accumulates the sparse kernels execute
 * @param sparsity       fraction of weights pruned (whole zero blocks the blob does not store)
 */
public record Cost(int blobBytes, RuntimeFootprint runtime, int arenaBytes, long denseMacs, long effectiveMacs,
                   double sparsity) {

    /** Flash: blob + runtime code and constants. */
    public int flashBytes() {
        return blobBytes + runtime.flashBytes();
    }

    /** SRAM: activation arena + runtime static RAM (data, bss, stack). */
    public int sramBytes() {
        return arenaBytes + runtime.staticRamBytes();
    }

    public boolean fits(Budget budget) {
        return flashBytes() <= budget.flashBytes() && sramBytes() <= budget.sramBytes();
    }

    /** One line: flash, SRAM, MACs, sparsity. */
    public String summary() {
        return String.format("flash_kb=%.1f sram_kb=%.1f macs=%d effective_macs=%d sparsity=%.2f", flashBytes() / 1024.0,
                sramBytes() / 1024.0, denseMacs, effectiveMacs, sparsity);
    }
}
