package studio.mammoth.tinyformer.nas;

import studio.mammoth.tinyformer.compile.BlobCompiler;
import studio.mammoth.tinyformer.compile.CompiledModel;
import studio.mammoth.tinyformer.compile.CostModel;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.prune.LayerSparsity;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.quant.Quantizer;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.LayerShape;
import studio.mammoth.tinyformer.space.SearchSpace;
import studio.mammoth.tinyformer.space.SubnetGraph;

/**
 * The search's view of the compiler's cost model ({@link CostModel}): the subnet is built as the float IR with
 * synthetic weights whose pruned blocks are exactly the plan's count (sizes depend only on which blocks are zero, not
 * on the values), and the compiler's cost is read off the blob it emits for it plus the firmware's linked footprint.
 */
public final class CompilerCostModel implements SearchCost {
    private final CostModel compiler;

    public CompilerCostModel(CostModel compiler) {
        this.compiler = compiler;
    }

    @Override
    public String name() {
        return "compiler (blob + runtime flash " + compiler.runtime().flashBytes() + " B, arena + runtime SRAM "
                + compiler.runtime().staticRamBytes() + " B; runtime from " + compiler.runtime().source() + ")";
    }

    @Override
    public Cost cost(SearchSpace space, ArchConfig arch, SparsityPlan sparsity) {
        studio.mammoth.tinyformer.compile.Cost c = compiler.cost(compile(space, arch, sparsity));
        return new Cost(c.flashBytes(), c.sramBytes(), c.denseMacs(), c.effectiveMacs());
    }

    public static CompiledModel compile(SearchSpace space, ArchConfig arch, SparsityPlan sparsity) {
        FloatModel model = SubnetGraph.build(space, arch, sparsity, new SyntheticWeights(sparsity));
        return BlobCompiler.compile(Quantizer.quantizeForCost(model));
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
