package studio.mammoth.model.api;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.Progress;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.ar.Planner;
import studio.mammoth.model.dit.EulerSampler;

/**
 * The progress both image tasks report: "planning i/64" over the first half with one preview per planned row (the
 * plan so far decoded by the tokenizer), "denoising k/N" over the second half with the current clean estimate.
 * Both listeners check the cancel token, after every AR token and every Euler step.
 */
final class Stages {
    private Stages() {
    }

    static Planner.Listener planning(TaskContext context, MammothModel model, NDManager scope, double share) {
        int g = model.generator().layout().grid();
        return (done, total, soFar) -> {
            context.throwIfCancelled();
            RgbImage preview = null;
            if (done % g == 0) { // one preview per planned row keeps planning fast
                int[] first = Arrays.copyOf(soFar[0], total);
                Arrays.fill(first, done, total, -1);
                try (NDManager s = scope.newSubManager()) {
                    preview = model.decodePlan(s, first);
                }
            }
            context.report(new Progress(share * done / total, "planning", "planning " + done + "/" + total, preview));
        };
    }

    /** @param from fraction where denoising starts; per = latent values of one image (the preview is the first image) */
    static EulerSampler.Listener denoising(TaskContext context, MammothModel model, NDManager scope, double from, int per) {
        return (step, steps, estimate) -> {
            context.throwIfCancelled();
            RgbImage preview;
            try (NDManager s = scope.newSubManager()) {
                preview = model.decode(s, Arrays.copyOf(estimate, per), 1)[0];
            }
            context.report(new Progress(from + (1 - from) * step / steps, "denoising", "denoising " + step + "/" + steps, preview));
        };
    }
}
