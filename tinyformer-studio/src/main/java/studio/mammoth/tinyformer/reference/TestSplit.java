package studio.mammoth.tinyformer.reference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.quant.QuantParams;

/**
 * The Fashion-MNIST test split as int8 model inputs at a model's resolution: resampled exactly as training sees it
 * ({@link FashionMnistData#resample}), then {@link QuantParams#inputOf}. The host reference, the report and the
 * on-board evaluation all feed these bytes, so their accuracies are comparable bit for bit.
 */
public record TestSplit(List<byte[]> inputs, int[] labels) {

    /** The first {@code limit} test images (all 10,000 when limit >= 10,000) at {@code side x side}. */
    public static TestSplit load(Path dir, int side, int limit) throws IOException {
        FashionMnist.Split test = FashionMnist.load(dir, FashionMnist.Part.TEST);
        int n = Math.min(limit, test.size());
        List<byte[]> inputs = new ArrayList<>(n);
        int[] labels = new int[n];
        float[] src = new float[FashionMnist.PIXELS];
        float[] dst = new float[side * side];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < FashionMnist.PIXELS; p++) {
                src[p] = (test.images()[i * FashionMnist.PIXELS + p] & 0xFF) / 255f;
            }
            FashionMnistData.resample(src, FashionMnist.SIDE, dst, 0, side);
            inputs.add(QuantParams.inputOf(dst, 0, dst.length));
            labels[i] = test.label(i);
        }
        return new TestSplit(inputs, labels);
    }

    public int size() {
        return labels.length;
    }
}
