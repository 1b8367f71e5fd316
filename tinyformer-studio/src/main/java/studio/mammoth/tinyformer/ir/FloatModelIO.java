package studio.mammoth.tinyformer.ir;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves and loads a {@link FloatModel} (file extension .tfm): "TFFM", version, name, input shape, then each layer as
 * the builder call that made it (op, output name, input ids, fields, float arrays), so loading re-validates every
 * shape. Optional per-tensor activation ranges (from quantisation-aware training) travel with it. Host-side only;
 * big-endian (DataOutputStream).
 */
public final class FloatModelIO {

    private static final int MAGIC = 0x5446464D; // "TFFM"
    private static final int VERSION = 1;

    /** A model and, per tensor id, its observed [min, max] (null when the file has none). */
    public record Saved(FloatModel model, double[][] ranges) {
    }

    private FloatModelIO() {
    }

    public static void write(Path file, FloatModel model, double[][] ranges) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            write(os, model, ranges);
        }
    }

    public static void write(OutputStream os, FloatModel model, double[][] ranges) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os));
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(model.name());
        Shape in = model.shape(model.input());
        out.writeInt(in.h());
        out.writeInt(in.w());
        out.writeInt(in.c());
        out.writeInt(model.layers().size());
        for (FloatLayer l : model.layers()) {
            out.writeByte(l.op().code());
            out.writeUTF(model.tensors().get(l.output()).name());
            for (int i : l.inputs()) {
                out.writeInt(i);
            }
            if (l instanceof FloatLayer.Conv2d c) {
                out.writeInt(c.outChannels());
                geometry(out, c.geometry());
                weighted(out, c);
            } else if (l instanceof FloatLayer.DepthwiseConv2d d) {
                geometry(out, d.geometry());
                weighted(out, d);
            } else if (l instanceof FloatLayer.FullyConnected f) {
                out.writeInt(f.outFeatures());
                weighted(out, f);
            } else if (l instanceof FloatLayer.Add a) {
                out.writeByte(a.activation().ordinal());
            } else if (l instanceof FloatLayer.AvgPool p) {
                out.writeInt(p.kernelH());
                out.writeInt(p.kernelW());
                out.writeInt(p.strideH());
                out.writeInt(p.strideW());
            } else if (l instanceof FloatLayer.LayerNorm n) {
                floats(out, n.gamma());
                floats(out, n.beta());
                out.writeFloat(n.epsilon());
            } else if (l instanceof FloatLayer.AttentionScores s) {
                out.writeInt(s.heads());
            } else if (l instanceof FloatLayer.AttentionContext c) {
                out.writeInt(c.heads());
            }
        }
        out.writeInt(model.output());
        out.writeBoolean(ranges != null);
        if (ranges != null) {
            for (int t = 0; t < model.tensors().size(); t++) {
                out.writeDouble(ranges[t][0]);
                out.writeDouble(ranges[t][1]);
            }
        }
        out.flush();
    }

    public static Saved read(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file)) {
            return read(is);
        }
    }

    public static Saved read(InputStream is) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(is));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a TinyFormer float model (bad magic)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported float model version " + version);
        }
        FloatModel.Builder b = FloatModel.builder(in.readUTF(), new Shape(in.readInt(), in.readInt(), in.readInt()));
        int layers = in.readInt();
        try {
            for (int i = 0; i < layers; i++) {
                OpType op = OpType.ofCode(in.readUnsignedByte());
                if (op == null) {
                    throw new IOException("layer " + i + ": unknown op");
                }
                String name = in.readUTF();
                switch (op) {
                    case CONV2D -> {
                        int x = in.readInt();
                        int out = in.readInt();
                        ConvGeometry g = geometry(in);
                        b.conv2d(name, x, out, g, floats(in), floats(in), activation(in), in.readInt());
                    }
                    case DEPTHWISE_CONV2D -> {
                        int x = in.readInt();
                        ConvGeometry g = geometry(in);
                        b.depthwise(name, x, g, floats(in), floats(in), activation(in), in.readInt());
                    }
                    case FULLY_CONNECTED -> {
                        int x = in.readInt();
                        int out = in.readInt();
                        b.fullyConnected(name, x, out, floats(in), floats(in), activation(in), in.readInt());
                    }
                    case ADD -> b.add(name, in.readInt(), in.readInt(), Activation.values()[in.readUnsignedByte()]);
                    case AVG_POOL2D -> b.avgPool(name, in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt());
                    case LAYER_NORM -> b.layerNorm(name, in.readInt(), floats(in), floats(in), in.readFloat());
                    case ATTN_SCORES -> b.attentionScores(name, in.readInt(), in.readInt(), in.readInt());
                    case SOFTMAX -> b.softmax(name, in.readInt());
                    case ATTN_CONTEXT -> b.attentionContext(name, in.readInt(), in.readInt(), in.readInt());
                    case GELU -> b.gelu(name, in.readInt());
                    default -> throw new IOException("layer " + i + ": unhandled op " + op);
                }
            }
            FloatModel model = b.build(in.readInt());
            double[][] ranges = null;
            if (in.readBoolean()) {
                ranges = new double[model.tensors().size()][];
                for (int t = 0; t < ranges.length; t++) {
                    ranges[t] = new double[] {in.readDouble(), in.readDouble()};
                }
            }
            return new Saved(model, ranges);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IOException("invalid float model: " + e.getMessage(), e);
        }
    }

    private static void weighted(DataOutputStream out, FloatLayer.Weighted w) throws IOException {
        floats(out, w.weights());
        floats(out, w.bias());
        out.writeByte(w.activation().ordinal());
        out.writeInt(w.blockSize());
    }

    private static void geometry(DataOutputStream out, ConvGeometry g) throws IOException {
        for (int v : List.of(g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padTop(), g.padBottom(), g.padLeft(),
                g.padRight())) {
            out.writeInt(v);
        }
    }

    private static ConvGeometry geometry(DataInputStream in) throws IOException {
        return new ConvGeometry(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                in.readInt(), in.readInt());
    }

    private static Activation activation(DataInputStream in) throws IOException {
        int a = in.readUnsignedByte();
        if (a >= Activation.values().length) {
            throw new IOException("unknown activation " + a);
        }
        return Activation.values()[a];
    }

    private static void floats(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        for (float f : v) {
            out.writeFloat(f);
        }
    }

    private static float[] floats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 26)) {
            throw new IOException("implausible array length " + n);
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }
}
