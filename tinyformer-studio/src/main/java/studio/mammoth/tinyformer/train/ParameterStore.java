package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Named float32 tensors of a network: trainable weights (with gradients attached) and buffers (normalisation
 * statistics) that are not trained. Serialised as (name, rank, dims, floats) records — the checkpoint's core.
 */
public final class ParameterStore {
    private final NDManager manager;
    private final Map<String, NDArray> trainable = new LinkedHashMap<>();
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    public ParameterStore(NDManager manager) {
        this.manager = manager;
    }

    public NDManager manager() {
        return manager;
    }

    /** He-normal (fan-in) initialisation: the default for ReLU convolutions. */
    public NDArray heNormal(String name, Random rnd, long... shape) {
        long fanIn = 1;
        for (int i = 1; i < shape.length; i++) {
            fanIn *= shape[i];
        }
        return normal(name, rnd, Math.sqrt(2.0 / fanIn), shape);
    }

    public NDArray normal(String name, Random rnd, double std, long... shape) {
        Shape s = new Shape(shape);
        float[] v = new float[(int) s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * std);
        }
        return add(name, manager.create(v, s));
    }

    public NDArray constant(String name, float value, long... shape) {
        return add(name, manager.full(new Shape(shape), value, DataType.FLOAT32));
    }

    public NDArray buffer(String name, float value, long... shape) {
        NDArray b = manager.full(new Shape(shape), value, DataType.FLOAT32);
        b.setName(name);
        buffers.put(name, b);
        return b;
    }

    private NDArray add(String name, NDArray a) {
        if (trainable.containsKey(name)) {
            throw new IllegalStateException("parameter " + name + " defined twice");
        }
        a.setName(name);
        a.setRequiresGradient(true);
        trainable.put(name, a);
        return a;
    }

    public NDArray get(String name) {
        NDArray a = trainable.get(name);
        if (a == null) {
            a = buffers.get(name);
        }
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return a;
    }

    /**
     * Tensor {@code name} as the first operand of an expression: DJL attaches an operation's result to its first
     * operand's manager, so slices taken straight off a weight stay alive with the weights — and keep the step's
     * autograd graph alive with them (about 12 MB a step while fine-tuning). Routed through the step's scope, they are
     * freed with it; gradients still flow to the weight.
     */
    public NDArray inScope(String name, NDManager scope) {
        return inScope(get(name), scope);
    }

    /** Any long-lived tensor (a weight, an optimiser moment) as the first operand of an expression in {@code scope}. */
    public static NDArray inScope(NDArray tensor, NDManager scope) {
        return scope.zeros(new Shape(1)).add(tensor);
    }

    public Map<String, NDArray> trainable() {
        return trainable;
    }

    public Map<String, NDArray> buffers() {
        return buffers;
    }

    /** Overwrites a tensor's values in place (keeps its gradient attachment). */
    public void assign(String name, float[] values) {
        NDArray a = get(name);
        if (values.length != a.size()) {
            throw new IllegalArgumentException(name + " holds " + a.size() + " values, got " + values.length);
        }
        a.set(values);
    }

    public void write(DataOutputStream out) throws IOException {
        Map<String, NDArray> all = new LinkedHashMap<>(trainable);
        all.putAll(buffers);
        out.writeInt(all.size());
        for (Map.Entry<String, NDArray> e : all.entrySet()) {
            writeTensor(out, e.getKey(), e.getValue());
        }
    }

    static void writeTensor(DataOutputStream out, String name, NDArray a) throws IOException {
        out.writeUTF(name);
        long[] shape = a.getShape().getShape();
        out.writeInt(shape.length);
        for (long d : shape) {
            out.writeInt((int) d);
        }
        for (float f : a.toFloatArray()) {
            out.writeFloat(f);
        }
    }

    /** Reads tensors written by {@link #write}; every name and shape must match this store's. */
    public void read(DataInputStream in) throws IOException {
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            NDArray target = trainable.containsKey(name) ? trainable.get(name) : buffers.get(name);
            float[] values = readValues(in, name, target == null ? null : target.getShape());
            if (target == null) {
                throw new IOException("checkpoint has a tensor " + name + " that this network does not (was it made for another space?)");
            }
            target.set(values);
        }
    }

    static float[] readValues(DataInputStream in, String name, Shape expected) throws IOException {
        int rank = in.readInt();
        if (rank < 0 || rank > 8) {
            throw new IOException("tensor " + name + ": bad rank " + rank);
        }
        long[] dims = new long[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = in.readInt();
        }
        Shape shape = new Shape(dims);
        if (expected != null && !expected.equals(shape)) {
            throw new IOException("tensor " + name + " is " + shape + " in the checkpoint but " + expected + " here");
        }
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }
}
