package studio.mammoth.tinyformer.nas;

import studio.mammoth.tinyformer.compile.BlobCompiler;
import studio.mammoth.tinyformer.compile.CompiledModel;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.prune.LayerSparsity;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.quant.ActivationRanges;
import studio.mammoth.tinyformer.quant.Quantizer;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.LayerShape;
import studio.mammoth.tinyformer.space.SearchSpace;
import studio.mammoth.tinyformer.space.SubnetGraph;

/**
 * The deployment cost from the compiler itself: the subnet is built as the float IR with synthetic weights whose
 * pruned blocks are exactly the plan's count (sizes depend only on which blocks are zero, not on values), quantised
 * and compiled to a blob; flash = blob bytes + the runtime's code allowance, SRAM = the compiler's arena + the
 * runtime's static RAM allowance, MACs from the compiler's per-layer footprint.
 */
public final class CompilerCostModel implements CostModel {
    /** Firmware code + read-only data and static RAM (.data + .bss + stack) allowances, until read from the linked image. */
    public static final long RUNTIME_FLASH_BYTES = 64 * 1024;
    public static final long RUNTIME_SRAM_BYTES = 24 * 1024;

    @Override
    public String name() {
        return "compiler (blob + 64 KB runtime flash, arena + 24 KB runtime SRAM)";
    }

    @Override
    public Cost cost(SearchSpace space, ArchConfig arch, SparsityPlan sparsity) {
        CompiledModel compiled = compile(space, arch, sparsity);
        return new Cost(compiled.blob().length + RUNTIME_FLASH_BYTES, compiled.plan().arenaSize() + RUNTIME_SRAM_BYTES,
                compiled.denseMacs(), compiled.effectiveMacs());
    }

    public static CompiledModel compile(SearchSpace space, ArchConfig arch, SparsityPlan sparsity) {
        FloatModel model = SubnetGraph.build(space, arch, sparsity, new SyntheticWeights(sparsity));
        return BlobCompiler.compile(Quantizer.quantize(model, ActivationRanges.uniform(model, -4, 4)));
    }

    /** Non-zero weights except, per pruned layer, round(sparsity x blocks) whole blocks spread evenly over the matrix. */
    static final class SyntheticWeights implements SubnetGraph.WeightSource {
        private final SparsityPlan plan;

        SyntheticWeights(SparsityPlan plan) {
            this.plan = plan;
        }

        @Override
        public float[][] weighted(LayerShape l) {
            int rowLength = (int) (l.weights() / l.out());
            float[] w = new float[(int) l.weights()];
            for (int i = 0; i < w.length; i++) {
                w[i] = ((i * 37 + 11) % 23 - 11) / 11f + 0.05f;
            }
            int block = SubnetGraph.blockSize(l, plan);
            if (block > 0) {
                LayerSparsity s = plan.of(l.name());
                int blocks = w.length / block;
                long pruned = Math.round(s.sparsity() * blocks);
                for (long k = 0; k < pruned; k++) {
                    int blockIndex = (int) (k * blocks / pruned);
                    java.util.Arrays.fill(w, blockIndex * block, blockIndex * block + block, 0f);
                }
            }
            if (rowLength * l.out() != w.length) {
                throw new IllegalStateException(l.name() + ": weights are not a whole number of rows");
            }
            return new float[][] {w, new float[l.out()]};
        }

        @Override
        public float[][] norm(String name, int width) {
            float[] g = new float[width];
            java.util.Arrays.fill(g, 1f);
            return new float[][] {g, new float[width]};
        }
    }
}
