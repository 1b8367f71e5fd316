package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
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
            int[] index = activeIndex(l, full.getShape());
            float[] w = full.toFloatArray();
            float[] active = new float[index.length];
            for (int i = 0; i < index.length; i++) {
                active[i] = w[index[i]];
            }
            float[] m = BlockPruner.mask(active, l.out(), l.rowLength(), new LayerSparsity(t.sparsity() * fraction, t.blockSize()));
            float[] fullMask = new float[w.length];
            java.util.Arrays.fill(fullMask, 1f);
            for (int i = 0; i < index.length; i++) {
                fullMask[index[i]] = m[i];
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

    /** The active [out, rowLength] part of a full-shape mask. */
    public static float[] active(LayerShape l, NDArray fullMask) {
        int[] index = activeIndex(l, fullMask.getShape());
        float[] m = fullMask.toFloatArray();
        float[] a = new float[index.length];
        for (int i = 0; i < index.length; i++) {
            a[i] = m[index[i]];
        }
        return a;
    }

    /**
     * Where the active weights of {@code l} sit in its shared tensor, row-major [out][in / groups][k][k]: a linear's
     * [outMax, inMax] is sliced to [out, in]; a convolution's [outMax, inMax / groups, K, K] to its first channels and
     * the centre k x k taps (as {@link Supernet#activeWeight} slices it). For the layers of this network in / groups = 1
     * or k = 1, so this order is also the blob's [kh][kw][in] row order.
     */
    static int[] activeIndex(LayerShape l, Shape full) {
        int rowLength = l.rowLength();
        int[] index = new int[l.out() * rowLength];
        if (full.dimension() == 2) {
            int fullIn = (int) full.get(1);
            for (int r = 0; r < l.out(); r++) {
                for (int c = 0; c < rowLength; c++) {
                    index[r * rowLength + c] = r * fullIn + c;
                }
            }
            return index;
        }
        int fullIn = (int) full.get(1);
        int fullK = (int) full.get(2);
        int k = l.kernel();
        int off = (fullK - k) / 2;
        int inPerGroup = l.in() / l.groups();
        int n = 0;
        for (int r = 0; r < l.out(); r++) {
            for (int c = 0; c < inPerGroup; c++) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        index[n++] = ((r * fullIn + c) * fullK + off + i) * fullK + off + j;
                    }
                }
            }
        }
        return index;
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
