package studio.mammoth.tinyformer.ir;

/** Activation fused into a layer's output; in int8 it becomes the output clamp [act_min, act_max]. */
public enum Activation {
    NONE, RELU, RELU6;

    public float apply(float x) {
        return switch (this) {
            case NONE -> x;
            case RELU -> Math.max(0f, x);
            case RELU6 -> Math.min(6f, Math.max(0f, x));
        };
    }
}
