package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import java.util.stream.IntStream;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.ir.FloatInterpreter;
import studio.mammoth.tinyformer.ir.FloatModel;

/**
 * Knowledge distillation (Hinton et al., 2015) from a trained model to the one being trained: the loss gains a term
 * {@code weight * T^2 * KL(teacher_T || student_T)}, the teacher's and student's class distributions softened by the
 * temperature T, beside {@code (1 - weight)} times the usual cross-entropy.
 *
 * <p>Why it pays here: the fine-tuned networks underfit (training and validation accuracy within a point of each other),
 * and a teacher's soft targets carry which garments look alike, an easier target than one-hot labels. The teacher runs
 * once, before training, on every training image and on its mirror image (an ensemble of two views, slightly stronger
 * than the teacher alone); the augmented views a step draws (2-pixel shift, flip) are matched against those
 * distributions of the image they come from.
 */
public final class Distillation {
    /**
     * @param weight      share of the distillation term in the loss, in (0, 1]
     * @param temperature softening of both distributions, at least 1
     */
    public record Settings(double weight, double temperature) {
        public Settings {
            if (!(weight > 0 && weight <= 1)) {
                throw new IllegalArgumentException("distillation weight must be in (0, 1], got " + weight);
            }
            if (!(temperature >= 1)) {
                throw new IllegalArgumentException("distillation temperature must be at least 1, got " + temperature);
            }
        }
    }

    private final Settings settings;
    /** images x classes: the teacher's softened class distribution of each training image. */
    private final float[] targets;
    private final int classes;

    Distillation(Settings settings, float[] targets, int classes) {
        this.settings = settings;
        this.targets = targets;
        this.classes = classes;
    }

    /**
     * Runs the teacher on every image of {@code train} and on its left-right mirror (both threads), averaging the two
     * softened distributions.
     */
    public static Distillation fromTeacher(FloatModel teacher, FashionMnistData.Images train, Settings settings, TaskContext ctx) {
        int side = train.side();
        int ppi = train.pixelsPerImage();
        if (teacher.shape(teacher.input()).size() != ppi) {
            throw new IllegalArgumentException("the teacher takes " + teacher.shape(teacher.input()).size()
                    + " input values per image, the training images have " + ppi + " (" + side + "x" + side + "): a teacher must share the student's resolution");
        }
        int classes = teacher.shape(teacher.output()).size();
        float[] targets = new float[train.size() * classes];
        int[] done = {0};
        IntStream.range(0, train.size()).parallel().forEach(i -> {
            ctx.throwIfCancelled();
            float[] image = java.util.Arrays.copyOfRange(train.pixels(), i * ppi, (i + 1) * ppi);
            float[] mirror = new float[ppi];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    mirror[y * side + x] = image[y * side + side - 1 - x];
                }
            }
            double[] a = softened(FloatInterpreter.run(teacher, image), settings.temperature());
            double[] b = softened(FloatInterpreter.run(teacher, mirror), settings.temperature());
            for (int c = 0; c < classes; c++) {
                targets[i * classes + c] = (float) ((a[c] + b[c]) / 2);
            }
            synchronized (done) {
                if (++done[0] % 5000 == 0) {
                    ctx.report((double) done[0] / train.size(), "teacher", String.format(Locale.ROOT, "teacher targets %d/%d", done[0], train.size()));
                }
            }
        });
        return new Distillation(settings, targets, classes);
    }

    /** softmax(logits / T) in double precision. */
    static double[] softened(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v / temperature);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            p[c] = Math.exp(logits[c] / temperature - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /**
     * {@code T^2 * KL(teacher_T || student_T)} averaged over the batch (T^2 keeps its gradients on the scale of the
     * cross-entropy's, as in Hinton et al.).
     *
     * @param studentLogits N x classes
     * @param images        the training-set index of each row's source image
     */
    public NDArray loss(NDArray studentLogits, int[] images, NDManager manager) {
        float[] t = new float[images.length * classes];
        for (int n = 0; n < images.length; n++) {
            System.arraycopy(targets, images[n] * classes, t, n * classes, classes);
        }
        NDArray teacher = manager.create(t, new Shape(images.length, classes));
        float temp = (float) settings.temperature();
        NDArray logStudent = studentLogits.div(temp).logSoftmax(1);
        // sum p log p of the teacher is a constant: kept so that the loss is the KL divergence itself (0 when they agree)
        NDArray teacherEntropy = teacher.mul(teacher.clip(1e-12f, 1f).log());
        return teacherEntropy.sub(teacher.mul(logStudent)).sum(new int[] {1}).mean().mul(temp * temp);
    }

    /** {@code (1 - weight) * crossEntropy + weight * distillation}. */
    public NDArray blend(NDArray crossEntropy, NDArray studentLogits, int[] images, NDManager manager) {
        float w = (float) settings.weight();
        return crossEntropy.mul(1 - w).add(loss(studentLogits, images, manager).mul(w));
    }
}
