package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) with its moment estimates held here, so a checkpoint can save and restore them.
 * Decoupled weight decay is skipped for 1-D tensors (norm gains, biases), as is usual.
 */
public final class AdamW implements AutoCloseable {
    private final double beta1 = 0.9;
    private final double beta2 = 0.999;
    private final double eps = 1e-8;
    private final double weightDecay;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private long steps;

    public AdamW(double weightDecay) {
        this.weightDecay = weightDecay;
    }

    public long steps() {
        return steps;
    }

    /** One update of every parameter from its gradient; gradients are zeroed afterwards. */
    public void step(ParameterStore params, double lr) {
        steps++;
        double c1 = 1 - Math.pow(beta1, steps);
        double c2 = 1 - Math.pow(beta2, steps);
        NDManager root = params.manager();
        for (Map.Entry<String, NDArray> e : params.trainable().entrySet()) {
            NDArray w = e.getValue();
            NDArray mt = m.computeIfAbsent(e.getKey(), k -> root.zeros(w.getShape()));
            NDArray vt = v.computeIfAbsent(e.getKey(), k -> root.zeros(w.getShape()));
            try (NDManager s = root.newSubManager()) {
                NDArray g = w.getGradient();
                g.attach(s); // getGradient returns a fresh handle; let the step scope free it
                mt.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
                vt.muli((float) beta2).addi(g.square().mul((float) (1 - beta2)));
                // the moments and the weight are read through the step's scope, so the temporaries die with it
                NDArray update = ParameterStore.inScope(mt, s).divi((float) c1)
                        .divi(ParameterStore.inScope(vt, s).divi((float) c2).sqrt().addi((float) eps));
                if (w.getShape().dimension() > 1 && weightDecay > 0) {
                    update.addi(ParameterStore.inScope(w, s).muli((float) weightDecay));
                }
                w.subi(update.muli((float) lr));
                g.subi(g); // zero in place
            }
        }
    }

    /** Frees the moment estimates. */
    @Override
    public void close() {
        m.values().forEach(NDArray::close);
        v.values().forEach(NDArray::close);
        m.clear();
        v.clear();
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        out.writeInt(m.size());
        for (String k : m.keySet()) {
            ParameterStore.writeTensor(out, k + "#m", m.get(k));
            ParameterStore.writeTensor(out, k + "#v", v.get(k));
        }
    }

    public void read(DataInputStream in, ParameterStore params) throws IOException {
        steps = in.readLong();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            for (Map<String, NDArray> target : java.util.List.of(m, v)) {
                String name = in.readUTF();
                String key = name.substring(0, name.lastIndexOf('#'));
                NDArray w = params.trainable().get(key);
                if (w == null) {
                    throw new IOException("optimizer state for unknown parameter " + key);
                }
                float[] values = ParameterStore.readValues(in, name, w.getShape());
                target.put(key, params.manager().create(values, w.getShape()));
            }
        }
    }
}
