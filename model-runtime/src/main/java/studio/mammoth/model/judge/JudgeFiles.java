package studio.mammoth.model.judge;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Properties;
import java.util.function.IntPredicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.model.api.ModelFiles;

/**
 * The judge's files under assets/models/judge: classifier weights, the curated exemplar lists of both splits, and
 * judge.properties holding the architecture and a SHA-256 of every file, checked on load.
 */
public final class JudgeFiles {
    public static final String WEIGHTS = "classifier.params";
    public static final String PROPERTIES = "judge.properties";
    public static final String RECREATE = "./mammoth bench train-judge";

    private JudgeFiles() {
    }

    /** assets/models/judge of the checkout ({@link ModelFiles#checkoutModels()}). */
    public static Path directory() {
        return ModelFiles.checkoutModels().resolve("judge");
    }

    public static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(WEIGHTS)) && Files.isRegularFile(dir.resolve(PROPERTIES));
    }

    public static Properties properties(Path dir) throws IOException {
        Path file = dir.resolve(PROPERTIES);
        if (!Files.isRegularFile(file)) {
            throw new IOException("the judge is not trained: " + file + " is missing (run " + RECREATE + ")");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    public static GarmentClassifier loadClassifier(Path dir) throws IOException {
        Properties p = properties(dir);
        Path weights = verified(dir, WEIGHTS, p);
        GarmentClassifier.Config config = new GarmentClassifier.Config(Integer.parseInt(p.getProperty("conv1")),
                Integer.parseInt(p.getProperty("conv2")), Integer.parseInt(p.getProperty("hidden")));
        return GarmentClassifier.load(weights, config);
    }

    /** The exemplars of the split the judge recognises confidently (see ExemplarCuration), checksum verified. */
    public static IntPredicate curatedExemplars(Path dir, FashionMnist.Part part) throws IOException {
        Path file = verified(dir, curationFile(part), properties(dir));
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file))))) {
            int n = in.readInt();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            BitSet keep = BitSet.valueOf(bytes);
            return i -> i < n && keep.get(i);
        }
    }

    static String curationFile(FashionMnist.Part part) {
        return "exemplars-" + part.name().toLowerCase(java.util.Locale.ROOT) + ".bits.gz";
    }

    static void writeCuration(Path dir, FashionMnist.Part part, BitSet keep, int n) throws IOException {
        try (OutputStream raw = Files.newOutputStream(dir.resolve(curationFile(part)));
             DataOutputStream out = new DataOutputStream(new GZIPOutputStream(new BufferedOutputStream(raw)))) {
            byte[] bytes = keep.toByteArray();
            out.writeInt(n);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    static void writeProperties(Path dir, Properties p) throws IOException {
        for (String file : new String[] {WEIGHTS, curationFile(FashionMnist.Part.TRAIN), curationFile(FashionMnist.Part.TEST)}) {
            p.setProperty("sha256." + file, sha256(dir.resolve(file)));
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
            p.store(w, "Judge of the benchmark suite; written by " + RECREATE);
        }
    }

    private static Path verified(Path dir, String name, Properties p) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IOException("judge file " + file + " is missing (run " + RECREATE + ")");
        }
        String expected = p.getProperty("sha256." + name);
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            throw new IOException("judge file " + file + " is corrupt (SHA-256 " + actual + ", expected " + expected + "); run " + RECREATE);
        }
        return file;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
