package studio.mammoth.tinyformer.reference;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A kernel test vector file (docs/tinyformer/KERNEL_VECTORS.md): "TFKV", u32 version, u32 entry count, then named
 * little-endian arrays (u8 name length, name, u8 element type, u32 element count, data).
 */
public final class VectorFile {

    public static final int VERSION = 1;

    /** Element types and their byte widths. */
    public enum Type {
        I8(1, 1), U8(2, 1), I16(3, 2), U16(4, 2), I32(5, 4), U32(6, 4), I64(7, 8), U64(8, 8);

        final int code;
        final int width;

        Type(int code, int width) {
            this.code = code;
            this.width = width;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown element type " + code);
        }
    }

    /** One named array: its type and little-endian bytes. */
    public record Entry(Type type, byte[] bytes) {
        public int count() {
            return bytes.length / type.width;
        }

        public long get(int i) {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            return switch (type) {
                case I8 -> bytes[i];
                case U8 -> bytes[i] & 0xFF;
                case I16 -> b.getShort(2 * i);
                case U16 -> b.getShort(2 * i) & 0xFFFF;
                case I32 -> b.getInt(4 * i);
                case U32 -> b.getInt(4 * i) & 0xFFFFFFFFL;
                case I64, U64 -> b.getLong(8 * i);
            };
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    public Entry get(String name) {
        return entries.get(name);
    }

    public VectorFile bytes(String name, Type type, byte[] data) {
        if (name.length() > 255 || data.length % type.width != 0) {
            throw new IllegalArgumentException("bad entry " + name);
        }
        entries.put(name, new Entry(type, data.clone()));
        return this;
    }

    public VectorFile i8(String name, byte[] v) {
        return bytes(name, Type.I8, v);
    }

    public VectorFile u8(String name, byte[] v) {
        return bytes(name, Type.U8, v);
    }

    public VectorFile u8(String name, int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return bytes(name, Type.U8, b);
    }

    public VectorFile i8(String name, int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return bytes(name, Type.I8, b);
    }

    public VectorFile u16(String name, int... v) {
        ByteBuffer b = le(2 * v.length);
        for (int x : v) {
            b.putShort((short) x);
        }
        return bytes(name, Type.U16, b.array());
    }

    public VectorFile i32(String name, int... v) {
        ByteBuffer b = le(4 * v.length);
        for (int x : v) {
            b.putInt(x);
        }
        return bytes(name, Type.I32, b.array());
    }

    public VectorFile u32(String name, long... v) {
        ByteBuffer b = le(4 * v.length);
        for (long x : v) {
            b.putInt((int) x);
        }
        return bytes(name, Type.U32, b.array());
    }

    public VectorFile u64(String name, long... v) {
        ByteBuffer b = le(8 * v.length);
        for (long x : v) {
            b.putLong(x);
        }
        return bytes(name, Type.U64, b.array());
    }

    public void write(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer head = le(12);
        head.put("TFKV".getBytes(StandardCharsets.US_ASCII)).putInt(VERSION).putInt(entries.size());
        out.write(head.array());
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.US_ASCII);
            out.write(name.length);
            out.write(name);
            out.write(e.getValue().type().code);
            out.write(le(4).putInt(e.getValue().count()).array());
            out.write(e.getValue().bytes());
        }
        Files.write(file, out.toByteArray());
    }

    public static VectorFile read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!"TFKV".equals(new String(magic, StandardCharsets.US_ASCII)) || b.getInt() != VERSION) {
            throw new IOException(file + " is not a version " + VERSION + " TFKV file");
        }
        int n = b.getInt();
        VectorFile v = new VectorFile();
        for (int i = 0; i < n; i++) {
            byte[] name = new byte[b.get() & 0xFF];
            b.get(name);
            Type type = Type.of(b.get());
            byte[] data = new byte[Math.multiplyExact(b.getInt(), type.width)];
            b.get(data);
            v.bytes(new String(name, StandardCharsets.US_ASCII), type, data);
        }
        if (b.hasRemaining()) {
            throw new IOException(file + " has " + b.remaining() + " trailing bytes");
        }
        return v;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
