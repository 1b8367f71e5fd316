package studio.mammoth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The named weights of one model part, owned by one long-lived manager. Layers register their arrays here
 * in construction order, so names are stable and a checkpoint maps back onto them one to one.
 * Initialisation draws from a seeded java.util.Random: the same seed gives the same weights on any machine.
 */
public final class Parameters implements AutoCloseable {
    private final NDManager manager;
    private final Random init;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    public Parameters(NDManager parent, long seed) {
        this.manager = parent.newSubManager();
        this.init = new Random(seed);
    }

    public NDManager manager() {
        return manager;
    }

    /** Gaussian weights with the given standard deviation. */
    public NDArray normal(String name, double std, long... shape) {
        long n = new Shape(shape).size();
        float[] values = new float[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (init.nextGaussian() * std);
        }
        return register(name, manager.create(values, new Shape(shape)));
    }

    public NDArray constant(String name, float value, long... shape) {
        return register(name, manager.full(new Shape(shape), value));
    }

    private NDArray register(String name, NDArray array) {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("parameter " + name + " registered twice");
        }
        array.setName(name);
        arrays.put(name, array);
        return array;
    }

    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(arrays);
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return a;
    }

    /**
     * A weight used as the FIRST operand of an expression (a table to normalise, learned queries to broadcast):
     * routed through the step's scope so the expression's results are freed with the scope, not kept with the weights.
     * Gradients still flow to the weight.
     */
    public static NDArray inScope(NDArray weight, NDManager scope) {
        return scope.zeros(new Shape(1)).add(weight);
    }

    public long count() {
        return arrays.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /** Parameters whose name starts with the prefix, e.g. "dit." for the diffusion transformer alone. */
    public long count(String prefix) {
        return arrays.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(e -> e.getValue().getShape().size()).sum();
    }

    /** Makes every weight a leaf of the autograd graph (training) or a plain constant (inference, frozen parts). */
    public void setTrainable(boolean trainable) {
        arrays.values().forEach(a -> a.setRequiresGradient(trainable));
    }

    /** The same for the weights whose name starts with the prefix alone (fine-tuning one part, the others frozen). */
    public void setTrainable(String prefix, boolean trainable) {
        arrays.forEach((name, a) -> {
            if (name.startsWith(prefix)) {
                a.setRequiresGradient(trainable);
            }
        });
    }

    /** Overwrites the values in place (same shapes), e.g. from a checkpoint; gradients and optimiser state stay attached. */
    public void load(Map<String, float[]> values) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            float[] v = values.get(e.getKey());
            if (v == null) {
                throw new IllegalArgumentException("checkpoint has no tensor " + e.getKey());
            }
            if (v.length != e.getValue().getShape().size()) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " has " + v.length + " values, model expects "
                        + e.getValue().getShape());
            }
            e.getValue().set(v);
        }
    }

    /**
     * Loads the weights present in values and returns the names that were absent — the parts a newer configuration adds
     * (editing, understanding), which keep their fresh initialisation. Shapes must still match.
     */
    public java.util.List<String> loadPresent(Map<String, float[]> values) {
        java.util.List<String> missing = new java.util.ArrayList<>();
        Map<String, float[]> present = new LinkedHashMap<>();
        arrays.keySet().forEach(name -> {
            if (values.containsKey(name)) {
                present.put(name, values.get(name));
            } else {
                missing.add(name);
            }
        });
        present.forEach((name, v) -> {
            if (v.length != get(name).getShape().size()) {
                throw new IllegalArgumentException("tensor " + name + " has " + v.length + " values, model expects " + get(name).getShape());
            }
        });
        overwrite(present);
        return missing;
    }

    /** Overwrites only the named weights present in values (e.g. the DiT's EMA copy over the live DiT). */
    public void overwrite(Map<String, float[]> values) {
        values.forEach((name, v) -> get(name).set(v));
    }

    public Map<String, float[]> snapshot() {
        Map<String, float[]> out = new LinkedHashMap<>();
        arrays.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
