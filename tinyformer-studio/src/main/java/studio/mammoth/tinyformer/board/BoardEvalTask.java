package studio.mammoth.tinyformer.board;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.compile.BlobFormatException;
import studio.mammoth.tinyformer.reference.ReferenceInterpreter;

/**
 * On-board evaluation: flash the model (if the board does not already run it), stream labelled int8
 * inputs, compare every logit vector with the Java reference interpreter (must be bit-exact), and
 * measure the cost per inference. With {@code denseImages > 0} the same model is also flashed with
 * dense weights and run on the first images, so the sparse speed-up is measured on the board in the
 * same run; the sparse model is flashed again at the end, leaving the board as a deploy would.
 */
public final class BoardEvalTask implements Task<BoardEvalTask.Result> {
    private final BoardClient client;
    private final byte[] blob;
    private final String modelName;
    private final List<byte[]> inputs;
    private final int[] labels;
    private final int denseImages;

    public BoardEvalTask(BoardClient client, byte[] blob, String modelName, List<byte[]> inputs, int[] labels, int denseImages) {
        if (inputs.isEmpty() || inputs.size() != labels.length) {
            throw new IllegalArgumentException("need as many labels as inputs, and at least one: " + inputs.size() + " / " + labels.length);
        }
        if (denseImages < 0 || denseImages > inputs.size()) {
            throw new IllegalArgumentException("dense comparison images must be in [0, " + inputs.size() + "], got " + denseImages);
        }
        this.client = client;
        this.blob = blob.clone();
        this.modelName = modelName;
        this.inputs = List.copyOf(inputs);
        this.labels = labels.clone();
        this.denseImages = denseImages;
    }

    /**
     * @param agree           images whose board logits equal the reference's byte for byte
     * @param correct         board predictions equal to the label
     * @param referenceCorrect reference predictions equal to the label
     * @param confusion       [true][predicted] counts of the board's predictions
     * @param meanUnits       mean cost of one inference on the sparse model, in {@code unit}
     * @param denseMeanUnits  mean cost of the dense variant on the first images (0 when not measured)
     * @param denseImages     images run on the dense variant (the first ones)
     * @param denseAgree      of those, the ones whose dense-variant logits equal the reference's byte for byte
     * @param sparseMeanOnDenseImages mean sparse cost on those same images
     * @param profile         per-layer cost of the last sparse inference
     * @param denseProfile    per-layer cost of the last dense-variant inference (empty when the dense variant was not run):
     *                        which layers the sparsity speeds up, and which cost the same in both
     */
    public record Result(int total, int agree, int correct, int referenceCorrect, int[][] confusion, double meanUnits, String unit,
                         double denseMeanUnits, int denseImages, int denseAgree, double sparseMeanOnDenseImages, List<BoardClient.LayerCost> profile,
                         List<BoardClient.LayerCost> denseProfile, DeployTask.Result deploy) {
        public double accuracy() {
            return (double) correct / total;
        }

        public double referenceAccuracy() {
            return (double) referenceCorrect / total;
        }

        public double agreement() {
            return (double) agree / total;
        }

        /** Every logit vector of the board, sparse and dense variant, equals the reference interpreter's. */
        public boolean bitExact() {
            return agree == total && denseAgree == denseImages;
        }

        /** Whether {@link #denseProfile} holds a cost for every layer of {@link #profile}. */
        public boolean hasDenseProfile() {
            return !denseProfile.isEmpty() && denseProfile.size() == profile.size();
        }

        /** Layer {@code i}'s dense-variant cost over its sparse cost, from the two profiles ({@link #hasDenseProfile} first). */
        public double layerSpeedup(int i) {
            return (double) denseProfile.get(i).units() / Math.max(1, profile.get(i).units());
        }

        /** Dense over sparse instructions on the same images, or NaN when the dense variant was not run. */
        public double sparseSpeedup() {
            return denseMeanUnits > 0 ? denseMeanUnits / sparseMeanOnDenseImages : Double.NaN;
        }
    }

    @Override
    public String title() {
        return "Evaluate " + modelName + " on the board (" + inputs.size() + " images)";
    }

    @Override
    public Result run(TaskContext context) throws BoardException, BlobFormatException {
        ReferenceInterpreter reference = ReferenceInterpreter.of(blob);
        int classes = reference.model().shape(reference.model().output()).size();
        double denseMean = 0;
        List<byte[]> denseOutputs = new ArrayList<>();
        List<BoardClient.LayerCost> denseProfile = List.of();
        if (denseImages > 0) {
            context.report(0, "dense", "flashing the dense variant for the speed-up measurement");
            new DeployTask(client, DenseVariant.of(blob), modelName + "-dense").run(sub(context, 0, 0.1));
            long sum = 0;
            for (int i = 0; i < denseImages; i++) {
                context.throwIfCancelled();
                BoardClient.Inference inference = client.infer(inputs.get(i), 120_000);
                denseOutputs.add(inference.output());
                sum += inference.units();
            }
            denseMean = (double) sum / denseImages;
            denseProfile = client.profile();
        }
        context.report(0.1, "flashing", "flashing " + modelName);
        DeployTask.Result deploy = new DeployTask(client, blob, modelName).run(sub(context, 0.1, 0.2));
        String unit = deploy.board().timerUnit();
        int agree = 0;
        int correct = 0;
        int referenceCorrect = 0;
        long sum = 0;
        long denseImagesSparseSum = 0;
        int denseAgree = 0;
        int[][] confusion = new int[classes][classes];
        for (int i = 0; i < inputs.size(); i++) {
            context.throwIfCancelled();
            BoardClient.Inference inference = client.infer(inputs.get(i), 120_000);
            byte[] expected = reference.run(inputs.get(i));
            boolean same = Arrays.equals(expected, inference.output());
            int predicted = ReferenceInterpreter.argmax(inference.output());
            agree += same ? 1 : 0;
            correct += predicted == labels[i] ? 1 : 0;
            referenceCorrect += ReferenceInterpreter.argmax(expected) == labels[i] ? 1 : 0;
            confusion[labels[i]][predicted]++;
            sum += inference.units();
            if (i < denseImages) {
                denseImagesSparseSum += inference.units();
                denseAgree += Arrays.equals(expected, denseOutputs.get(i)) ? 1 : 0;
            }
            context.report(0.2 + 0.8 * (i + 1) / inputs.size(), "evaluating",
                    String.format("%d/%d images, agree %d, accuracy %.4f", i + 1, inputs.size(), agree, (double) correct / (i + 1)));
        }
        List<BoardClient.LayerCost> profile = client.profile();
        return new Result(inputs.size(), agree, correct, referenceCorrect, confusion, (double) sum / inputs.size(), unit, denseMean,
                denseImages, denseAgree, denseImages > 0 ? (double) denseImagesSparseSum / denseImages : 0, profile, denseProfile, deploy);
    }

    /** Maps a sub-task's progress [0, 1] into [from, to] of this task's. */
    private static TaskContext sub(TaskContext parent, double from, double to) {
        return new TaskContext(parent.cancelToken(), p -> parent.report(from + (to - from) * Math.max(0, p.fraction()), p.stage(), p.message()));
    }
}
