package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import studio.mammoth.tinyformer.space.LayerShape;
import studio.mammoth.tinyformer.space.SubnetGraph;

/**
 * A subnet's trained weights for the compiler: the active slices of the shared tensors, masks applied (pruned weights
 * are exact zeros), batch norm folded into the convolutions with the stored statistics — the same folding the
 * quantisation-aware forward pass uses.
 */
public final class SupernetWeights implements SubnetGraph.WeightSource {
    private final Supernet net;
    private final Map<String, NDArray> masks;

    public SupernetWeights(Supernet net, Map<String, NDArray> masks) {
        this.net = net;
        this.masks = masks;
    }

    @Override
    public float[][] weighted(LayerShape l) {
        ParameterStore p = net.parameters();
        int inPerGroup = l.in() / l.groups();
        float[] w;
        try (NDManager scope = p.manager().newSubManager()) {
            w = net.activeWeight(l.name(), masks, l.out(), inPerGroup, l.kernel(), scope).toFloatArray();
        }
        if (l.kind() != LayerShape.Kind.CONV) {
            float[] bias = java.util.Arrays.copyOf(p.get(l.name() + ".b").toFloatArray(), l.out());
            return new float[][] {w, bias};
        }
        float[] gamma = p.get(l.name() + ".bn.g").toFloatArray();
        float[] beta = p.get(l.name() + ".bn.b").toFloatArray();
        float[] mean = p.get(l.name() + ".bn.mean").toFloatArray();
        float[] var = p.get(l.name() + ".bn.var").toFloatArray();
        int row = w.length / l.out();
        float[] bias = new float[l.out()];
        for (int r = 0; r < l.out(); r++) {
            // same float32 arithmetic as the fake-quantised forward: g / sqrt(var + eps)
            float factor = gamma[r] / (float) Math.sqrt(var[r] + Supernet.BN_EPS);
            for (int k = 0; k < row; k++) {
                w[r * row + k] *= factor;
            }
            bias[r] = beta[r] - mean[r] * factor;
        }
        return new float[][] {w, bias};
    }

    @Override
    public float[][] norm(String name, int width) {
        ParameterStore p = net.parameters();
        return new float[][] {java.util.Arrays.copyOf(p.get(name + ".g").toFloatArray(), width),
            java.util.Arrays.copyOf(p.get(name + ".b").toFloatArray(), width)};
    }
}
