package studio.mammoth.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/** Exponential moving average of selected weights (the DiT's), the copy used for sampling and shipped. */
public final class Ema {
    private final Map<String, NDArray> live = new LinkedHashMap<>();
    private final Map<String, NDArray> shadow = new LinkedHashMap<>();
    private final double decay;

    public Ema(Parameters params, String prefix, double decay) {
        this.decay = decay;
        params.all().forEach((name, w) -> {
            if (name.startsWith(prefix)) {
                live.put(name, w);
                shadow.put(name, w.duplicate());
            }
        });
    }

    public void update() {
        live.forEach((name, w) -> {
            try (NDArray delta = w.sub(shadow.get(name))) {
                shadow.get(name).addi(delta.muli(1 - decay));
            }
        });
    }

    /** The averaged weights by name, to overlay on a snapshot of the live ones. */
    public Map<String, float[]> snapshot() {
        Map<String, float[]> out = new LinkedHashMap<>();
        shadow.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    public void restore(Map<String, float[]> values) {
        shadow.forEach((k, v) -> {
            float[] saved = values.get(k);
            if (saved != null) {
                v.set(saved);
            }
        });
    }
}
