package studio.mammoth.model.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
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

    /** The velocity at x (B, D, G, G flat) and time t, computed in the step's scope. */
    public interface Velocity {
        float[] at(NDManager step, float[] x, float t);
    }

    /**
     * Latent blending for masked edits: after every step the cells outside the brush mask are set to the source noised
     * to the current time, t source + (1 - t) noise with the run's own starting noise, so at t = 1 they are the source.
     *
     * @param source (B, D, G, G) flat source latents
     * @param keep   same length: 1 where the latent belongs to a cell entirely outside the mask
     */
    public record Blend(float[] source, float[] keep) {
    }

    /**
     * @param condition (B, C, D) in the request's manager
     * @param latentShape (B, D, G, G)
     * @param seeds       image i starts from noise drawn by new Random(seeds[i])
     */
    public float[] sample(NDManager request, Condition condition, Shape latentShape, long[] seeds, int steps, double guidance,
                          Listener listener) {
        boolean guided = guidance != 1.0;
        return sample(request, latentShape, seeds, steps, (step, x, t) -> velocity(step, condition, latentShape, x, t, guided, guidance),
                null, listener);
    }

    /**
     * An edit's render with dual classifier-free guidance over three rows per image — full (instruction and reference),
     * reference only, neither: v = u + imageGuidance (r - u) + textGuidance (c - r) — and, with a brush mask, blending.
     */
    public float[] sampleEdit(NDManager request, Condition condition, Reference reference, Shape latentShape, long[] seeds, int steps,
                              double textGuidance, double imageGuidance, Blend blend, Listener listener) {
        return sample(request, latentShape, seeds, steps,
                (step, x, t) -> dualVelocity(step, condition, reference, latentShape, x, t, textGuidance, imageGuidance), blend, listener);
    }

    /** Euler from the seeds' noise (t = 0) to data (t = 1) on the shifted grid. */
    public float[] sample(NDManager request, Shape latentShape, long[] seeds, int steps, Velocity velocity, Blend blend, Listener listener) {
        int b = seeds.length;
        int per = (int) (latentShape.size() / b);
        float[] x = new float[(int) latentShape.size()];
        for (int i = 0; i < b; i++) {
            Random random = new Random(seeds[i] ^ 0x5DEECE66DL);
            for (int j = 0; j < per; j++) {
                x[i * per + j] = (float) random.nextGaussian();
            }
        }
        float[] noise = x.clone();
        float[] times = flow.schedule(steps);
        for (int k = 0; k < steps; k++) {
            float t = times[k];
            float next = times[k + 1];
            float dt = next - t;
            float[] v;
            try (NDManager step = request.newSubManager()) {
                v = velocity.at(step, x, t);
            }
            float[] estimate = new float[x.length];
            for (int j = 0; j < x.length; j++) {
                estimate[j] = x[j] + (1 - t) * v[j];
                x[j] += dt * v[j];
                if (blend != null && blend.keep()[j] > 0) {
                    x[j] = next * blend.source()[j] + (1 - next) * noise[j];
                    estimate[j] = blend.source()[j];
                }
            }
            listener.denoised(k + 1, steps, k + 1 == steps ? x : estimate);
        }
        return x;
    }

    private float[] velocity(NDManager step, Condition condition, Shape shape, float[] x, float t, boolean guided, double guidance) {
        int b = (int) shape.get(0);
        NDArray latents = step.create(x, shape);
        if (!guided) {
            return dit.forward(latents, times(b, t), condition, new boolean[b]).toFloatArray();
        }
        // One pass over [conditional ; unconditional] rows.
        boolean[] dropped = new boolean[2 * b];
        Arrays.fill(dropped, b, 2 * b, true);
        float[] v = dit.forward(latents.concat(latents, 0), times(2 * b, t), repeat(step, condition, 2), dropped).toFloatArray();
        int half = v.length / 2;
        float[] out = new float[half];
        for (int j = 0; j < half; j++) {
            out[j] = (float) (v[half + j] + guidance * (v[j] - v[half + j]));
        }
        return out;
    }

    /** Rows [full ; reference only ; unconditional] in one pass, combined by the dual guidance rule. */
    private float[] dualVelocity(NDManager step, Condition condition, Reference reference, Shape shape, float[] x, float t,
                                 double textGuidance, double imageGuidance) {
        int b = (int) shape.get(0);
        NDArray latents = step.create(x, shape);
        boolean[] textDropped = new boolean[3 * b];
        Arrays.fill(textDropped, b, 3 * b, true);
        boolean[] referenceDropped = new boolean[3 * b];
        Arrays.fill(referenceDropped, 2 * b, 3 * b, true);
        NDArray source = Parameters.inScope(reference.latents(), step);
        Reference tripled = new Reference(source.concat(source, 0).concat(source, 0), repeat(reference.region(), 3),
                repeat(reference.masked(), 3), referenceDropped);
        float[] v = dit.forward(latents.concat(latents, 0).concat(latents, 0), times(3 * b, t), repeat(step, condition, 3), textDropped, tripled)
                .toFloatArray();
        int third = v.length / 3;
        float[] out = new float[third];
        for (int j = 0; j < third; j++) {
            double full = v[j], ref = v[third + j], none = v[2 * third + j];
            out[j] = (float) (none + imageGuidance * (ref - none) + textGuidance * (full - ref));
        }
        return out;
    }

    private static float[] times(int n, float t) {
        float[] ts = new float[n];
        Arrays.fill(ts, t);
        return ts;
    }

    /** The condition's rows k times over, (k B, C, D), in the step's scope. */
    private static Condition repeat(NDManager step, Condition condition, int k) {
        NDArray tokens = Parameters.inScope(condition.tokens(), step);
        NDArray out = tokens;
        for (int i = 1; i < k; i++) {
            out = out.concat(tokens, 0);
        }
        return new Condition(out, repeat(condition.blocked(), k));
    }

    private static boolean[] repeat(boolean[] a, int k) {
        boolean[] out = new boolean[a.length * k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(a, 0, out, i * a.length, a.length);
        }
        return out;
    }

    private static float[] repeat(float[] a, int k) {
        float[] out = new float[a.length * k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(a, 0, out, i * a.length, a.length);
        }
        return out;
    }
}
