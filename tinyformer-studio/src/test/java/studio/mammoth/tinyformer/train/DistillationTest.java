package studio.mammoth.tinyformer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.ir.FloatInterpreter;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.reference.RandomModels;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SearchSpace;

class DistillationTest {
    private static final TaskContext QUIET = new TaskContext(new CancelToken(), p -> { });

    @Test
    void lossIsTheTemperatureScaledKlDivergenceAndVanishesWhereTheStudentMatchesTheTeacher() {
        double temperature = 3;
        float[] teacherLogits = {2f, -1f, 0.5f};
        double[] p = Distillation.softened(teacherLogits, temperature);
        float[] targets = new float[6];
        for (int c = 0; c < 3; c++) {
            targets[c] = (float) p[c];
            targets[3 + c] = 1f / 3;
        }
        Distillation d = new Distillation(new Distillation.Settings(0.5, temperature), targets, 3);
        float[] student = {0f, 1f, 0f};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray same = m.create(teacherLogits, new Shape(1, 3));
            assertEquals(0.0, d.loss(same, new int[] {0}, m).getFloat(), 1e-5);

            double[] q = Distillation.softened(student, temperature);
            double kl = 0;
            for (int c = 0; c < 3; c++) {
                kl += p[c] * Math.log(p[c] / q[c]);
            }
            NDArray other = m.create(student, new Shape(1, 3));
            assertEquals(temperature * temperature * kl, d.loss(other, new int[] {0}, m).getFloat(), 1e-4);
            // the second image's target is uniform: a student with equal logits matches it exactly
            assertEquals(0.0, d.loss(m.create(new float[] {4f, 4f, 4f}, new Shape(1, 3)), new int[] {1}, m).getFloat(), 1e-5);
        }
    }

    @Test
    void teacherTargetsAverageTheImageAndItsMirror() {
        int side = 16;
        FloatModel teacher = RandomModels.hybrid(3, side, 0.5);
        int ppi = side * side;
        Random rnd = new Random(8);
        float[] pixels = new float[2 * ppi];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rnd.nextFloat();
        }
        FashionMnistData.Images train = new FashionMnistData.Images(pixels, new int[] {0, 1}, side);
        Distillation d = Distillation.fromTeacher(teacher, train, new Distillation.Settings(1, 2), QUIET);

        float[] image = java.util.Arrays.copyOfRange(pixels, ppi, 2 * ppi);
        float[] mirror = new float[ppi];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                mirror[y * side + x] = image[y * side + side - 1 - x];
            }
        }
        double[] a = Distillation.softened(FloatInterpreter.run(teacher, image), 2);
        double[] b = Distillation.softened(FloatInterpreter.run(teacher, mirror), 2);
        int classes = a.length;
        float[] expectedLogits = new float[classes];
        for (int c = 0; c < classes; c++) {
            // softmax(logits / T) of T * log(average) is the average itself
            expectedLogits[c] = (float) (2 * Math.log((a[c] + b[c]) / 2));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray student = m.create(expectedLogits, new Shape(1, classes));
            assertEquals(0.0, d.loss(student, new int[] {1}, m).getFloat(), 1e-4);
            assertTrue(d.loss(student, new int[] {0}, m).getFloat() > 1e-4, "image 0 has targets of its own");
        }
    }

    @Test
    void networkTargetsAverageTheImageAndItsMirrorAndSurviveAWriteAndRead(@TempDir Path dir) throws IOException {
        SearchSpace space = SearchSpace.hybrid(0.5, 16);
        ArchConfig arch = ArchConfig.sample(space, new Random(5));
        FashionMnistData.Images train = TrainingRunTest.randomImages(3, 16, 2);
        Distillation.Settings settings = new Distillation.Settings(1, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            Supernet net = new Supernet(space, m, 1);
            Supernet.Mode eval = Supernet.Mode.eval();
            Distillation d = Distillation.fromNetwork(net, arch, eval, train, settings, QUIET);

            // image 2 and its mirror, one at a time: the student logits T * log(average) match its targets exactly
            float[] image = Arrays.copyOfRange(train.pixels(), 2 * 256, 3 * 256);
            float[] mirror = new float[256];
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    mirror[y * 16 + x] = image[y * 16 + 15 - x];
                }
            }
            double[] a = Distillation.softened(net.forward(m.create(image, new Shape(1, 1, 16, 16)), arch, eval).toFloatArray(), 2);
            double[] b = Distillation.softened(net.forward(m.create(mirror, new Shape(1, 1, 16, 16)), arch, eval).toFloatArray(), 2);
            float[] expectedLogits = new float[a.length];
            for (int c = 0; c < a.length; c++) {
                expectedLogits[c] = (float) (2 * Math.log((a[c] + b[c]) / 2));
            }
            NDArray student = m.create(expectedLogits, new Shape(1, a.length));
            assertEquals(0.0, d.loss(student, new int[] {2}, m).getFloat(), 1e-4);
            assertTrue(d.loss(student, new int[] {0}, m).getFloat() > 1e-4, "image 0 has targets of its own");

            Path file = dir.resolve("targets.bin");
            d.write(file);
            Distillation back = Distillation.read(file, train.size(), settings);
            for (int i = 0; i < train.size(); i++) {
                NDArray probe = m.create(new float[] {0.3f, -1f, 2f, 0f, 0.5f, 1f, -2f, 0.1f, 0f, 0.7f}, new Shape(1, 10));
                assertEquals(d.loss(probe, new int[] {i}, m).getFloat(), back.loss(probe, new int[] {i}, m).getFloat(), 0f);
            }
            IOException wrongCount = assertThrows(IOException.class, () -> Distillation.read(file, train.size() + 1, settings));
            assertTrue(wrongCount.getMessage().contains("not one per class"), wrongCount.getMessage());
        }
    }

    @Test
    void aTeacherOfAnotherResolutionIsRefused() {
        FloatModel teacher = RandomModels.hybrid(3, 16, 0.5);
        FashionMnistData.Images train = new FashionMnistData.Images(new float[2 * 20 * 20], new int[2], 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Distillation.fromTeacher(teacher, train, new Distillation.Settings(0.5, 4), QUIET));
        assertTrue(e.getMessage().contains("resolution"), e.getMessage());
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Distillation.Settings(0, 4));
        assertThrows(IllegalArgumentException.class, () -> new Distillation.Settings(1.5, 4));
        assertThrows(IllegalArgumentException.class, () -> new Distillation.Settings(0.5, 0.5));
    }
}
