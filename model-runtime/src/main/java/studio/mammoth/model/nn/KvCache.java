package studio.mammoth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys and values of the positions already decoded, one entry per attention layer, so each new AR token
 * costs one position of work instead of re-running the whole prefix. Arrays live in the request's manager.
 */
public final class KvCache {
    private final List<Layer> layers = new ArrayList<>();
    private int length;

    /** @param owner where the cached keys/values live, so each decoding step can free its own temporaries */
    public KvCache(int layerCount, NDManager owner) {
        for (int i = 0; i < layerCount; i++) {
            layers.add(new Layer(owner));
        }
    }

    public Layer layer(int i) {
        return layers.get(i);
    }

    /** Positions already cached: the position index of the next token. */
    public int length() {
        return length;
    }

    public void advance(int tokens) {
        length += tokens;
    }

    public static final class Layer {
        private final NDManager owner;
        private NDArray keys;   // (B, H, S, Dh)
        private NDArray values; // (B, H, S, Dh)

        Layer(NDManager owner) {
            this.owner = owner;
        }

        /** Appends along the sequence axis and returns all keys; {@link #values()} then returns all values. */
        NDArray append(NDArray k, NDArray v) {
            if (keys == null) {
                keys = k.duplicate();
                values = v.duplicate();
                keys.attach(owner);
                values.attach(owner);
            } else {
                NDArray oldK = keys;
                NDArray oldV = values;
                keys = oldK.concat(k, 2);
                values = oldV.concat(v, 2);
                oldK.close();
                oldV.close();
            }
            return keys;
        }

        NDArray values() {
            return values;
        }
    }
}
