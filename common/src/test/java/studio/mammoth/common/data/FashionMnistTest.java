package studio.mammoth.common.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    private void writeIdx(Path file, int magic, int[] shape, byte[] data) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(magic);
            for (int s : shape) {
                out.writeInt(s);
            }
            out.write(data);
        }
    }

    private void writeSplit(String prefix, int count) throws IOException {
        byte[] images = new byte[count * FashionMnist.PIXELS];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
            images[i * FashionMnist.PIXELS + 3 * 28 + 5] = (byte) (200 + i);
        }
        writeIdx(dir.resolve(prefix + "-images-idx3-ubyte.gz"), 0x803, new int[] {count, 28, 28}, images);
        writeIdx(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), 0x801, new int[] {count}, labels);
    }

    @Test
    void readsImagesAndLabels() throws IOException {
        writeSplit("train", 12);
        writeSplit("t10k", 3);
        assertTrue(FashionMnist.isInstalled(dir));
        FashionMnist.Split train = FashionMnist.load(dir, FashionMnist.Part.TRAIN);
        assertEquals(12, train.size());
        assertEquals(7, train.label(7));
        assertEquals(207, train.pixel(7, 5, 3));
        assertEquals(0, train.pixel(7, 3, 5));
    }

    @Test
    void missingFilesNameThePackage() {
        IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir, FashionMnist.Part.TEST));
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void wrongMagicIsRefused() throws IOException {
        writeSplit("t10k", 2);
        writeIdx(dir.resolve("t10k-labels-idx1-ubyte.gz"), 0x803, new int[] {2, 28, 28}, new byte[2 * 784]);
        IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir, FashionMnist.Part.TEST));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    }
}
