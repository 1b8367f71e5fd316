package studio.mammoth.tinyformer.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.compile.CompiledModel;
import studio.mammoth.tinyformer.compile.CostModel;
import studio.mammoth.tinyformer.compile.RuntimeFootprint;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SearchSpace;

class CompilerCostModelTest {
    private static final CostModel COMPILER = new CostModel(RuntimeFootprint.MEASURED_2026_11_23);

    @Test
    void costIsWhatTheCompilerEmits() {
        SearchSpace space = SearchSpace.hybrid(0.75, 20);
        Random rnd = new Random(2);
        CompilerCostModel model = new CompilerCostModel(COMPILER);
        for (int i = 0; i < 4; i++) {
            ArchConfig arch = ArchConfig.sample(space, rnd);
            SparsityPlan plan = i % 2 == 0 ? SparsityPlan.dense() : SparsityPlan.sample(space, rnd);
            SearchCost.Cost cost = model.cost(space, arch, plan);
            CompiledModel compiled = CompilerCostModel.compile(space, arch, plan);
            assertEquals(compiled.blob().length + COMPILER.runtime().flashBytes(), cost.flashBytes());
            assertEquals(compiled.plan().arenaSize() + COMPILER.runtime().staticRamBytes(), cost.sramBytes());
            assertEquals(arch.macs(space), cost.macs(), "the search space's MAC count agrees with the compiler's");
            assertEquals(plan.weightSparsity(space, arch), compiled.sparsity(), 1e-9, "pruned blocks reach the blob");
            assertTrue(cost.effectiveMacs() <= cost.macs());
        }
    }

    @Test
    void sparserPlansNeedLessFlash() {
        SearchSpace space = SearchSpace.hybrid(0.75, 20);
        ArchConfig arch = ArchConfig.largest(space);
        CompilerCostModel model = new CompilerCostModel(COMPILER);
        long dense = model.cost(space, arch, SparsityPlan.dense()).flashBytes();
        long half = model.cost(space, arch, SparsityPlan.uniform(space, arch, 0.5, 8)).flashBytes();
        long most = model.cost(space, arch, SparsityPlan.uniform(space, arch, 0.9, 8)).flashBytes();
        assertTrue(dense > half && half > most, dense + " > " + half + " > " + most);
    }
}
