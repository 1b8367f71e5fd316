package studio.mammoth.model.judge;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import studio.mammoth.model.engine.DjlEngine;

/**
 * The judge's garment classifier: a small CNN over 28x28 grey crops (see {@link GarmentCrop}), trained by
 * {@link JudgeTraining} on the Fashion-MNIST train split.
 * <pre>
 * (N,1,28,28) conv3x3 c1 + ReLU + maxpool2 -> (N,c1,14,14) conv3x3 c2 + ReLU + maxpool2 -> (N,c2,7,7)
 *   -> flatten (N, c2*49) -> linear hidden + ReLU -> linear 10 (logits)
 * </pre>
 */
public final class GarmentClassifier implements AutoCloseable {
    public static final int CLASSES = 10;
    public static final Shape INPUT = new Shape(1, 1, GarmentCrop.SIDE, GarmentCrop.SIDE);

    /** Widths of the two convolutions and of the hidden layer. */
    public record Config(int conv1, int conv2, int hidden) {
        public static final Config DEFAULT = new Config(32, 64, 128);
    }

    private final NDManager manager;
    private final Block block;

    private GarmentClassifier(NDManager manager, Block block) {
        this.manager = manager;
        this.block = block;
    }

    public static Block newBlock(Config config) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(config.conv1()).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(config.conv2()).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(config.hidden()).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(CLASSES).build());
    }

    /** Loads weights written by {@link #save}; the caller checks the checksum first (see JudgeFiles). */
    public static GarmentClassifier load(Path file, Config config) throws IOException {
        NDManager manager = DjlEngine.engine().newBaseManager();
        try {
            Block block = newBlock(config);
            block.initialize(manager, DataType.FLOAT32, INPUT);
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                block.loadParameters(manager, in);
            }
            return new GarmentClassifier(manager, block);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            manager.close();
            throw new IOException("cannot read classifier weights " + file + ": " + e.getMessage(), e);
        }
    }

    public static void save(Block block, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }

    /**
     * Class probabilities for {@code n} crops laid out one after another in {@code crops} (784 values each).
     *
     * @return n x 10 probabilities (softmax of the logits)
     */
    public float[][] classify(float[] crops, int n) {
        float[][] out = new float[n][];
        if (n == 0) {
            return out;
        }
        try (NDManager s = manager.newSubManager()) {
            NDArray x = s.create(crops, new Shape(n, 1, GarmentCrop.SIDE, GarmentCrop.SIDE));
            NDArray probabilities = block.forward(new ParameterStore(s, false), new NDList(x), false).singletonOrThrow().softmax(1);
            float[] flat = probabilities.toFloatArray();
            for (int i = 0; i < n; i++) {
                out[i] = java.util.Arrays.copyOfRange(flat, i * CLASSES, (i + 1) * CLASSES);
            }
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
