package studio.mammoth.tinyformer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.space.ArchConfig;

/** Float accuracy of a subnet on a split (forward only, fixed batches, no augmentation). */
public final class Evaluator {
    private Evaluator() {
    }

    public static double accuracy(Supernet net, ArchConfig arch, Supernet.Mode mode, FashionMnistData.Images data, int limit) {
        int n = Math.min(limit, data.size());
        int correct = 0;
        int batch = 500;
        for (int from = 0; from < n; from += batch) {
            BatchSampler.Batch b = BatchSampler.slice(data, from, Math.min(batch, n - from));
            try (NDManager step = net.parameters().manager().newSubManager()) {
                NDArray logits = net.forward(b.toArrays(step)[0], arch, mode);
                correct += Losses.correct(logits, b.labels());
            }
        }
        return (double) correct / n;
    }
}
