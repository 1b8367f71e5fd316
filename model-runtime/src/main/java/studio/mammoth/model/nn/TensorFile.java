package studio.mammoth.model.nn;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float tensors plus a JSON header in one file, with a SHA-256 sidecar ({@code <file>.sha256}) that
 * loading verifies. Shipped weights use float16 storage (half the bytes); training checkpoints keep float32.
 * Layout: magic "MMTF", version, header JSON, count, then per tensor: name, dtype (0 = f32, 1 = f16), length, values.
 */
public final class TensorFile {
    private static final int MAGIC = 0x4D4D5446;
    private static final int VERSION = 1;

    public enum Storage { FLOAT32, FLOAT16 }

    /** @param sha256 the file's checksum, verified against its sidecar by {@link #read} */
    public record Contents(String header, Map<String, float[]> tensors, String sha256) {
    }

    private TensorFile() {
    }

    /** Writes atomically (temp file + move) so a crash never leaves a half-written checkpoint behind. */
    public static void write(Path file, String header, Map<String, float[]> tensors, Storage storage) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream raw = Files.newOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            byte[] h = header.getBytes(StandardCharsets.UTF_8);
            out.writeInt(h.length);
            out.write(h);
            out.writeInt(tensors.size());
            for (Map.Entry<String, float[]> e : tensors.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeByte(storage == Storage.FLOAT16 ? 1 : 0);
                float[] v = e.getValue();
                out.writeInt(v.length);
                for (float f : v) {
                    if (storage == Storage.FLOAT16) {
                        out.writeShort(Half.fromFloat(f));
                    } else {
                        out.writeFloat(f);
                    }
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(checksumFile(file), sha256(file) + "  " + file.getFileName() + "\n");
    }

    /**
     * Reads and verifies the file.
     *
     * @param recreate the command that produces the file, named in the error when it is missing or corrupt
     */
    public static Contents read(Path file, String recreate) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("weights " + file + " are missing; recreate them with: " + recreate);
        }
        Path sidecar = checksumFile(file);
        if (!Files.isRegularFile(sidecar)) {
            throw new IOException("checksum " + sidecar + " is missing; recreate the weights with: " + recreate);
        }
        byte[] bytes = Files.readAllBytes(file);
        String expected = Files.readString(sidecar).trim().split("\\s+")[0];
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new IOException("weights " + file + " are corrupt (SHA-256 " + actual.substring(0, 12) + "… expected "
                    + expected.substring(0, Math.min(12, expected.length())) + "…); recreate them with: " + recreate);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new ByteArrayInputStream(bytes)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + " is not a Mammoth tensor file; recreate it with: " + recreate);
            }
            byte[] h = new byte[in.readInt()];
            in.readFully(h);
            int count = in.readInt();
            Map<String, float[]> tensors = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                boolean half = in.readByte() == 1;
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = half ? Half.toFloat(in.readShort()) : in.readFloat();
                }
                tensors.put(name, v);
            }
            return new Contents(new String(h, StandardCharsets.UTF_8), tensors, actual);
        }
    }

    public static Path checksumFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    public static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
