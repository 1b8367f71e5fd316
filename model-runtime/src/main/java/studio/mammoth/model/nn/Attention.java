package studio.mammoth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Multi-head scaled dot-product attention. Self-attention passes the same sequence as query and context;
 * cross-attention (the Q-Former) passes its learned queries against the AR states.
 */
public final class Attention {
    private final int heads;
    private final int headDim;
    private final Linear query;
    private final Linear keyValue;
    private final Linear output;

    public Attention(Parameters p, String name, int dim, int contextDim, int heads) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("width " + dim + " is not divisible by " + heads + " heads");
        }
        this.heads = heads;
        this.headDim = dim / heads;
        this.query = new Linear(p, name + ".q", dim, dim, false);
        this.keyValue = new Linear(p, name + ".kv", contextDim, 2 * dim, false);
        this.output = new Linear(p, name + ".out", dim, dim, false, 1.0 / Math.sqrt(dim) / 2);
    }

    /**
     * @param x       queries (B, T, D)
     * @param context keys/values source (B, S, Dc)
     * @param mask    additive mask broadcastable to (B, 1, T, S): 0 = attend, large negative = blocked; or null
     * @param cache   for incremental decoding: this call's keys/values are appended and attention covers all of them; or null
     * @return (B, T, D)
     */
    public NDArray forward(NDArray x, NDArray context, NDArray mask, KvCache.Layer cache) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDArray q = splitHeads(query.forward(x));                      // (B, H, T, Dh)
        NDList kv = keyValue.forward(context).split(2, 2);
        NDArray k = splitHeads(kv.get(0));                              // (B, H, S, Dh)
        NDArray v = splitHeads(kv.get(1));
        if (cache != null) {
            k = cache.append(k, v);
            v = cache.values();
        }
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul((float) (1.0 / Math.sqrt(headDim))); // (B, H, T, S)
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray mixed = scores.softmax(-1).matMul(v);                   // (B, H, T, Dh)
        return output.forward(mixed.transpose(0, 2, 1, 3).reshape(b, t, (long) heads * headDim));
    }

    private NDArray splitHeads(NDArray x) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        return x.reshape(b, t, heads, headDim).transpose(0, 2, 1, 3);
    }
}
