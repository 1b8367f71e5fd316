package studio.mammoth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter), updating the weights in place after backward.
 * Its moments are part of a resumable checkpoint. Gradients are zeroed here, after each update. Frozen weights (no
 * gradient, see {@link Parameters#setTrainable(String, boolean)}) are left as they are.
 */
public final class AdamW {
    public record Config(double beta1, double beta2, double eps, double weightDecay, double clipNorm) {
        public static Config standard() {
            return new Config(0.9, 0.99, 1e-8, 0.01, 1.0);
        }
    }

    private final Parameters params;
    private final Config config;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private long steps;
    private long skipped;

    public AdamW(Parameters params, Config config) {
        this.params = params;
        this.config = config;
        params.all().forEach((name, w) -> {
            first.put(name, params.manager().zeros(w.getShape()));
            second.put(name, params.manager().zeros(w.getShape()));
        });
    }

    /** One update with the given learning rate; returns the global gradient norm before clipping. */
    public double step(double lr) {
        steps++;
        // Every temporary of the update lives in this scope; results of an op join the manager of its first operand.
        try (NDManager scope = params.manager().newSubManager()) {
            Map<String, NDArray> grads = new LinkedHashMap<>();
            NDList norms = new NDList();
            for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
                if (!e.getValue().hasGradient()) {
                    continue; // frozen (Parameters.setTrainable)
                }
                NDArray g = e.getValue().getGradient();
                g.attach(scope);
                grads.put(e.getKey(), g);
                norms.add(g.square().sum());
            }
            double norm = Math.sqrt(NDArrays.stack(norms).sum().getFloat());
            if (!Double.isFinite(norm)) {
                // one overflowing batch must not poison the weights (inf - inf = NaN): drop its gradients, keep the step count
                // zeroed in place (an indexed fill): set(float[]) would make the gradient share a Java buffer that is freed later
                grads.forEach((name, g) -> g.set(new NDIndex("..."), 0f));
                skipped++;
                return norm;
            }
            double clip = norm > config.clipNorm() ? config.clipNorm() / (norm + 1e-12) : 1.0;
            double c1 = 1 - Math.pow(config.beta1(), steps);
            double c2 = 1 - Math.pow(config.beta2(), steps);
            for (Map.Entry<String, NDArray> e : grads.entrySet()) {
                String name = e.getKey();
                NDArray w = params.get(name);
                NDArray g = e.getValue();
                NDArray m = first.get(name);
                NDArray v = second.get(name);
                NDArray gc = g.mul((float) clip);
                m.muli((float) config.beta1()).addi(gc.mul((float) (1 - config.beta1())));
                v.muli((float) config.beta2()).addi(gc.square().muli((float) (1 - config.beta2())));
                if (w.getShape().dimension() > 1) { // no decay on gains and biases
                    w.muli((float) (1 - lr * config.weightDecay()));
                }
                NDArray mHat = m.div((float) c1);
                NDArray vHat = v.div((float) c2);
                mHat.attach(scope);
                vHat.attach(scope);
                w.subi(mHat.divi(vHat.sqrt().addi((float) config.eps())).muli((float) lr));
                g.subi(g); // zero for the next backward (PyTorch accumulates)
            }
            return norm;
        }
    }

    private static void restore(NDArray moment, float[] saved) {
        if (saved != null) {
            moment.set(saved);
        }
    }

    /** Updates dropped because the gradient was not finite. */
    public long skipped() {
        return skipped;
    }

    public long steps() {
        return steps;
    }

    public Map<String, float[]> state() {
        Map<String, float[]> out = new LinkedHashMap<>();
        first.forEach((k, v) -> out.put("adam.m." + k, v.toFloatArray()));
        second.forEach((k, v) -> out.put("adam.v." + k, v.toFloatArray()));
        return out;
    }

    /** Restores the moments; a weight without saved moments (a part added since) starts from zero. */
    public void restore(Map<String, float[]> state, long steps) {
        first.forEach((k, v) -> restore(v, state.get("adam.m." + k)));
        second.forEach((k, v) -> restore(v, state.get("adam.v." + k)));
        this.steps = steps;
    }
}
