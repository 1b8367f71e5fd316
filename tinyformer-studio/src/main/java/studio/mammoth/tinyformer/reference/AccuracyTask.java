package studio.mammoth.tinyformer.reference;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;

/**
 * Accuracy of a blob as the reference interpreter computes it (the int8 figure that counts, and the one a board
 * must reproduce): predictions for labelled int8 inputs, on all cores, with a confusion matrix.
 */
public final class AccuracyTask implements Task<AccuracyTask.Result> {

    /**
     * @param predictions predicted class per input
     * @param confusion   [true class][predicted class] counts
     */
    public record Result(int correct, int total, int[] predictions, int[][] confusion) {
        public double accuracy() {
            return total == 0 ? 0 : (double) correct / total;
        }
    }

    private final ReferenceInterpreter interpreter;
    private final List<byte[]> inputs;
    private final int[] labels;
    private final int classes;

    public AccuracyTask(ReferenceInterpreter interpreter, List<byte[]> inputs, int[] labels) {
        if (inputs.size() != labels.length) {
            throw new IllegalArgumentException(inputs.size() + " inputs but " + labels.length + " labels");
        }
        this.interpreter = interpreter;
        this.inputs = inputs;
        this.labels = labels;
        this.classes = interpreter.model().shape(interpreter.model().output()).size();
    }

    @Override
    public String title() {
        return "Reference accuracy on " + inputs.size() + " images";
    }

    @Override
    public Result run(TaskContext context) {
        int n = inputs.size();
        int[] predictions = new int[n];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, n).parallel().forEach(i -> {
            context.throwIfCancelled();
            predictions[i] = interpreter.predict(inputs.get(i));
            int d = done.incrementAndGet();
            if (d % 500 == 0 || d == n) {
                context.report((double) d / n, "evaluating", d + "/" + n + " images");
            }
        });
        int[][] confusion = new int[classes][classes];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of input " + i + " is not one of " + classes
                        + " classes");
            }
            confusion[labels[i]][predictions[i]]++;
            correct += predictions[i] == labels[i] ? 1 : 0;
        }
        return new Result(correct, n, predictions, confusion);
    }
}
