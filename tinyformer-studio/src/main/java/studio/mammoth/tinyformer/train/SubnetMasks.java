package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import studio.mammoth.tinyformer.prune.BlockPruner;
import studio.mammoth.tinyformer.prune.LayerSparsity;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.LayerShape;

/**
 * Block-pruning masks of a subnet, computed from the magnitudes of the shared weights it uses. A mask has the full
 * (supernet) shape of its weight, with ones outside the active slice, so it multiplies the shared tensor directly.
 */
public final class SubnetMasks {
    private SubnetMasks() {
    }

    /**
     * Masks at {@code fraction} of each layer's target sparsity, written into {@code into} (arrays reused when present,
     * created in the network's manager otherwise). Layers with target 0 get no mask.
     */
    public static void update(Supernet net, ArchConfig arch, SparsityPlan target, double fraction, Map<String, NDArray> into) {
        for (LayerShape l : arch.layers(net.space())) {
            if (!l.prunable()) {
                continue;
            }
            LayerSparsity t = target.of(l.name());
            if (t.sparsity() == 0) {
                continue;
            }
            NDArray full = net.parameters().get(l.name() + ".w");
            int fullIn = (int) full.getShape().get(1);
            float[] w = full.toFloatArray();
            float[] active = new float[l.out() * l.in()];
            for (int r = 0; r < l.out(); r++) {
                System.arraycopy(w, r * fullIn, active, r * l.in(), l.in());
            }
            float[] m = BlockPruner.mask(active, l.out(), l.in(), new LayerSparsity(t.sparsity() * fraction, t.blockSize()));
            float[] fullMask = new float[w.length];
            java.util.Arrays.fill(fullMask, 1f);
            for (int r = 0; r < l.out(); r++) {
                System.arraycopy(m, r * l.in(), fullMask, r * fullIn, l.in());
            }
            NDArray old = into.get(l.name());
            if (old == null) {
                into.put(l.name(), net.parameters().manager().create(fullMask, full.getShape()));
            } else {
                old.set(fullMask);
            }
        }
    }

    public static Map<String, NDArray> of(Supernet net, ArchConfig arch, SparsityPlan target) {
        Map<String, NDArray> masks = new LinkedHashMap<>();
        update(net, arch, target, 1.0, masks);
        return masks;
    }

    /** The active [out, in] part of a full-shape mask. */
    public static float[] active(LayerShape l, NDArray fullMask) {
        int fullIn = (int) fullMask.getShape().get(1);
        float[] m = fullMask.toFloatArray();
        float[] a = new float[l.out() * l.in()];
        for (int r = 0; r < l.out(); r++) {
            System.arraycopy(m, r * fullIn, a, r * l.in(), l.in());
        }
        return a;
    }

    /** Fraction of all weights of {@code arch} that the masks zero. */
    public static double weightSparsity(Supernet net, ArchConfig arch, Map<String, NDArray> masks) {
        double zeros = 0;
        double total = 0;
        for (LayerShape l : arch.layers(net.space())) {
            total += l.weights();
            NDArray m = masks.get(l.name());
            if (m != null) {
                zeros += l.weights() * BlockPruner.sparsityOf(active(l, m));
            }
        }
        return total == 0 ? 0 : zeros / total;
    }
}
