package studio.mammoth.tinyformer.compile;

/**
 * Where every activation tensor lives in the one arena, and the arena's size (the peak activation SRAM).
 *
 * @param offsets   byte offset of tensor i, a multiple of 4
 * @param arenaSize bytes, a multiple of 4
 */
public record MemoryPlan(int[] offsets, int arenaSize) {

    public int offset(int tensor) {
        return offsets[tensor];
    }
}
