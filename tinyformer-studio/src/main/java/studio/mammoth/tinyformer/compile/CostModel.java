package studio.mammoth.tinyformer.compile;

import studio.mammoth.tinyformer.ir.QuantizedModel;

/**
 * The cost model of the search: a candidate's flash, SRAM and MACs are read off the blob the compiler emits for it
 * (blob size, its planned arena, its stored sparse blocks), plus the runtime's footprint — never estimated by a
 * separate formula, so the search and the deployed model cannot disagree. The compiler is fast (a few ms for a
 * model of this size). For a float model, quantise its weights first ({@code Quantizer.quantizeForCost}).
 */
public final class CostModel {

    private final RuntimeFootprint runtime;

    public CostModel(RuntimeFootprint runtime) {
        this.runtime = runtime;
    }

    /** With the firmware footprint of the current build (see {@link RuntimeFootprint#current()}). */
    public static CostModel current() {
        return new CostModel(RuntimeFootprint.current());
    }

    public RuntimeFootprint runtime() {
        return runtime;
    }

    public Cost cost(QuantizedModel model) {
        return cost(BlobCompiler.compile(model));
    }

    public Cost cost(CompiledModel compiled) {
        return new Cost(compiled.blob().length, runtime, compiled.plan().arenaSize(), compiled.denseMacs(),
                compiled.effectiveMacs(), compiled.sparsity());
    }
}
