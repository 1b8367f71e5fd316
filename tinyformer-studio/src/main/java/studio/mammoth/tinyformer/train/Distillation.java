package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.ir.FloatInterpreter;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.space.ArchConfig;

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

    private static final int MAGIC = 0x54464454; // "TFDT"

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
            float[] image = Arrays.copyOfRange(train.pixels(), i * ppi, (i + 1) * ppi);
            float[] mirror = new float[ppi];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    mirror[y * side + x] = image[y * side + side - 1 - x];
                }
            }
            averageOfViews(FloatInterpreter.run(teacher, image), FloatInterpreter.run(teacher, mirror), settings.temperature(), targets, i * classes);
            synchronized (done) {
                if (++done[0] % 5000 == 0) {
                    reportTargets(ctx, done[0], train.size());
                }
            }
        });
        return new Distillation(settings, targets, classes);
    }

    /**
     * The same targets from a network being trained (self-distillation: the dense network teaches its pruned self), in
     * batches through the training engine instead of the scalar interpreter.
     */
    public static Distillation fromNetwork(Supernet net, ArchConfig arch, Supernet.Mode mode, FashionMnistData.Images train, Settings settings,
                                           TaskContext ctx) {
        int batch = 500;
        float[] targets = null;
        int classes = 0;
        for (int from = 0; from < train.size(); from += batch) {
            ctx.throwIfCancelled();
            BatchSampler.Batch b = BatchSampler.slice(train, from, batch);
            try (NDManager step = net.parameters().manager().newSubManager()) {
                NDArray x = b.toArrays(step)[0];
                NDArray logits = net.forward(x, arch, mode); // N x classes
                NDArray mirrored = net.forward(x.flip(3), arch, mode);
                classes = (int) logits.getShape().get(1);
                if (targets == null) {
                    targets = new float[train.size() * classes];
                }
                float[] a = logits.toFloatArray();
                float[] m = mirrored.toFloatArray();
                for (int n = 0; n < b.size(); n++) {
                    averageOfViews(Arrays.copyOfRange(a, n * classes, (n + 1) * classes), Arrays.copyOfRange(m, n * classes, (n + 1) * classes),
                            settings.temperature(), targets, (from + n) * classes);
                }
            }
            reportTargets(ctx, from + b.size(), train.size());
        }
        return new Distillation(settings, targets, classes);
    }

    /** Writes {@code (softened(a) + softened(b)) / 2} at {@code at}. */
    private static void averageOfViews(float[] a, float[] b, double temperature, float[] targets, int at) {
        double[] pa = softened(a, temperature);
        double[] pb = softened(b, temperature);
        for (int c = 0; c < pa.length; c++) {
            targets[at + c] = (float) ((pa[c] + pb[c]) / 2);
        }
    }

    private static void reportTargets(TaskContext ctx, int done, int total) {
        ctx.report((double) done / total, "teacher", String.format(Locale.ROOT, "teacher targets %d/%d", done, total));
    }

    /** Keeps the targets beside a checkpoint, so that a resumed run distils from the same teacher. */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
            out.writeInt(MAGIC);
            out.writeInt(classes);
            out.writeInt(targets.length);
            for (float t : targets) {
                out.writeFloat(t);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads targets written by {@link #write}; they must cover {@code images} training images. */
    public static Distillation read(Path file, int images, Settings settings) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a file of distillation targets");
            }
            int classes = in.readInt();
            int count = in.readInt();
            if (classes <= 0 || count != images * classes) {
                throw new IOException(file + " holds " + count + " targets of " + classes + " classes, not one per class of " + images + " images");
            }
            float[] targets = new float[count];
            for (int i = 0; i < count; i++) {
                targets[i] = in.readFloat();
            }
            return new Distillation(settings, targets, classes);
        }
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
