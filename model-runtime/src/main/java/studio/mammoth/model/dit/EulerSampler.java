package studio.mammoth.model.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import studio.mammoth.model.align.Condition;
import studio.mammoth.model.nn.Parameters;

/**
 * Euler integration of the learned velocity from noise (t = 0) to data (t = 1) on the shifted grid, with
 * classifier-free guidance: v = v_uncond + s (v_cond - v_uncond), the unconditional pass having its whole
 * condition masked (as condition dropout trained it).
 */
public final class EulerSampler {
    /** Called after each step with the current clean-latent estimate x + (1 - t) v, (B, D, G, G) flat; may throw. */
    public interface Listener {
        void denoised(int step, int steps, float[] estimate);
    }

    private final DiffusionTransformer dit;
    private final FlowMatching flow;

    public EulerSampler(DiffusionTransformer dit, FlowMatching flow) {
        this.dit = dit;
        this.flow = flow;
    }

    /**
     * @param condition (B, C, D) in the request's manager
     * @param latentShape (B, D, G, G)
     * @param seeds       image i starts from noise drawn by new Random(seeds[i])
     */
    public float[] sample(NDManager request, Condition condition, Shape latentShape, long[] seeds, int steps, double guidance,
                          Listener listener) {
        int b = seeds.length;
        int per = (int) (latentShape.size() / b);
        float[] x = new float[(int) latentShape.size()];
        for (int i = 0; i < b; i++) {
            Random random = new Random(seeds[i] ^ 0x5DEECE66DL);
            for (int j = 0; j < per; j++) {
                x[i * per + j] = (float) random.nextGaussian();
            }
        }
        boolean guided = guidance != 1.0;
        float[] times = flow.schedule(steps);
        for (int k = 0; k < steps; k++) {
            float t = times[k];
            float dt = times[k + 1] - t;
            float[] v;
            try (NDManager step = request.newSubManager()) {
                v = velocity(step, condition, latentShape, x, t, guided, guidance);
            }
            float[] estimate = new float[x.length];
            for (int j = 0; j < x.length; j++) {
                estimate[j] = x[j] + (1 - t) * v[j];
                x[j] += dt * v[j];
            }
            listener.denoised(k + 1, steps, k + 1 == steps ? x : estimate);
        }
        return x;
    }

    private float[] velocity(NDManager step, Condition condition, Shape shape, float[] x, float t, boolean guided, double guidance) {
        int b = (int) shape.get(0);
        NDArray latents = step.create(x, shape);
        if (!guided) {
            float[] ts = new float[b];
            java.util.Arrays.fill(ts, t);
            return dit.forward(latents, ts, condition, new boolean[b]).toFloatArray();
        }
        // One pass over [conditional ; unconditional] rows.
        NDArray both = latents.concat(latents, 0);
        float[] ts = new float[2 * b];
        java.util.Arrays.fill(ts, t);
        boolean[] dropped = new boolean[2 * b];
        java.util.Arrays.fill(dropped, b, 2 * b, true);
        NDArray tokens = Parameters.inScope(condition.tokens(), step);
        boolean[] blocked = new boolean[2 * condition.blocked().length];
        System.arraycopy(condition.blocked(), 0, blocked, 0, condition.blocked().length);
        System.arraycopy(condition.blocked(), 0, blocked, condition.blocked().length, condition.blocked().length);
        Condition doubled = new Condition(tokens.concat(tokens, 0), blocked);
        float[] v = dit.forward(both, ts, doubled, dropped).toFloatArray();
        int half = v.length / 2;
        float[] out = new float[half];
        for (int j = 0; j < half; j++) {
            out[j] = (float) (v[half + j] + guidance * (v[j] - v[half + j]));
        }
        return out;
    }
}
