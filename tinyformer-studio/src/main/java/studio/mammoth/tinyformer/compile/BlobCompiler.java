package studio.mammoth.tinyformer.compile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import studio.mammoth.tinyformer.ir.ChannelQuant;
import studio.mammoth.tinyformer.ir.ConvGeometry;
import studio.mammoth.tinyformer.ir.Int8Weights;
import studio.mammoth.tinyformer.ir.IntegerLimits;
import studio.mammoth.tinyformer.ir.QLayer;
import studio.mammoth.tinyformer.ir.QuantizedModel;
import studio.mammoth.tinyformer.ir.QuantizedModel.QTensor;
import studio.mammoth.tinyformer.ir.Requant;
import studio.mammoth.tinyformer.ir.Shape;

/**
 * QuantizedModel -> blob bytes (docs/tinyformer/BLOB_FORMAT.md): plans the arena, lays out header, tensor table,
 * layer table and data (each layer's weights then parameters, 4-aligned), encodes sparse layers in block run-length,
 * fills in the CRC32, and finally parses its own output with {@link BlobParser} so it never emits a blob a board would
 * reject. The cost model reads its sizes from here: there is one source of truth for what a model costs.
 */
public final class BlobCompiler {

    private BlobCompiler() {
    }

    public static CompiledModel compile(QuantizedModel model) {
        MemoryPlan plan = MemoryPlanner.plan(model);
        int nt = model.tensors().size();
        int nl = model.layers().size();
        if (nt > BlobFormat.MAX_TENSORS || nl > BlobFormat.MAX_LAYERS) {
            throw new IllegalArgumentException("a blob holds at most 1024 tensors and 1024 layers, got " + nt + " and " + nl);
        }
        int dataOffset = BlobFormat.dataOffset(nt, nl);

        // Data section: per layer, weights then params, each 4-aligned.
        List<byte[]> weightBytes = new ArrayList<>();
        List<byte[]> paramBytes = new ArrayList<>();
        int[] weightOff = new int[nl];
        int[] paramOff = new int[nl];
        int cursor = dataOffset;
        for (int i = 0; i < nl; i++) {
            QLayer l = model.layers().get(i);
            byte[] w = l instanceof QLayer.Weighted wl ? weightBytes(wl.weights()) : new byte[0];
            byte[] p = paramBytes(l);
            weightBytes.add(w);
            paramBytes.add(p);
            if (w.length > 0) {
                weightOff[i] = cursor;
                cursor = BlockRunLength.align4(cursor + w.length);
            }
            if (p.length > 0) {
                paramOff[i] = cursor;
                cursor = BlockRunLength.align4(cursor + p.length);
            }
        }
        int total = cursor;
        ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);

        QTensor in = model.tensor(model.input());
        buf.putInt(0, BlobFormat.MAGIC);
        buf.putShort(4, (short) BlobFormat.VERSION);
        buf.putShort(6, (short) BlobFormat.HEADER_SIZE);
        buf.putInt(8, total);
        buf.putShort(16, (short) nt);
        buf.putShort(18, (short) nl);
        buf.putInt(20, BlobFormat.tensorTableOffset());
        buf.putInt(24, BlobFormat.layerTableOffset(nt));
        buf.putInt(28, dataOffset);
        buf.putInt(32, total - dataOffset);
        buf.putInt(36, plan.arenaSize());
        buf.putShort(40, (short) model.input());
        buf.putShort(42, (short) model.output());
        buf.putShort(44, (short) in.shape().h());
        buf.putShort(46, (short) in.shape().w());
        buf.putShort(48, (short) in.shape().c());
        buf.putShort(50, (short) in.zeroPoint());
        buf.putFloat(52, in.scale());
        buf.putInt(56, model.shape(model.output()).size());

        for (int t = 0; t < nt; t++) {
            QTensor tensor = model.tensor(t);
            int o = BlobFormat.tensorTableOffset() + t * BlobFormat.TENSOR_RECORD_SIZE;
            buf.putShort(o, (short) tensor.shape().h());
            buf.putShort(o + 2, (short) tensor.shape().w());
            buf.putShort(o + 4, (short) tensor.shape().c());
            buf.putInt(o + 8, plan.offset(t));
            buf.putInt(o + 12, tensor.shape().size());
            buf.putFloat(o + 16, tensor.scale());
            buf.putInt(o + 20, tensor.zeroPoint());
        }

        List<CompiledModel.LayerFootprint> footprints = new ArrayList<>();
        for (int i = 0; i < nl; i++) {
            QLayer l = model.layers().get(i);
            int o = BlobFormat.layerTableOffset(nt) + i * BlobFormat.LAYER_RECORD_SIZE;
            writeLayerRecord(buf, o, l, weightOff[i], weightBytes.get(i).length, paramOff[i], paramBytes.get(i).length);
            buf.put(weightOff[i], weightBytes.get(i));
            buf.put(paramOff[i], paramBytes.get(i));
            footprints.add(footprint(model, l, weightBytes.get(i).length, paramBytes.get(i).length));
        }

        byte[] blob = buf.array();
        CRC32 crc = new CRC32();
        crc.update(blob, BlobFormat.CRC_START, total - BlobFormat.CRC_START);
        buf.putInt(12, (int) crc.getValue());
        try {
            BlobParser.parse(blob);
        } catch (BlobFormatException e) {
            throw new IllegalArgumentException("model cannot be compiled to a valid blob: " + e.getMessage(), e);
        }
        return new CompiledModel(model, blob, plan, List.copyOf(footprints));
    }

    static byte[] weightBytes(Int8Weights w) {
        return w.sparse() ? BlockRunLength.encode(w) : w.values().clone();
    }

    static byte[] paramBytes(QLayer l) {
        if (l instanceof QLayer.Weighted w) {
            return channelParams(w.quant());
        }
        if (l instanceof QLayer.LayerNorm n) {
            ByteBuffer b = le(8 * n.gamma().length);
            for (int g : n.gamma()) {
                b.putInt(g);
            }
            for (int v : n.beta()) {
                b.putInt(v);
            }
            return b.array();
        }
        if (l instanceof QLayer.Softmax s) {
            ByteBuffer b = le(2 * IntegerLimits.TABLE_ENTRIES);
            for (int e : s.expTable()) {
                b.putShort((short) e);
            }
            return b.array();
        }
        if (l instanceof QLayer.Gelu g) {
            return g.table().clone();
        }
        return new byte[0];
    }

    private static byte[] channelParams(ChannelQuant q) {
        ByteBuffer b = le(12 * q.channels());
        for (int v : q.bias()) {
            b.putInt(v);
        }
        for (int v : q.multiplier()) {
            b.putInt(v);
        }
        for (int v : q.shift()) {
            b.putInt(v);
        }
        return b.array();
    }

    /** Encodes one 64-byte layer record at {@code o}; fields the op does not use stay 0 (in1 = 0xFFFF). */
    static void writeLayerRecord(ByteBuffer buf, int o, QLayer l, int weightsOffset, int weightsSize, int paramsOffset,
                                 int paramsSize) {
        buf.put(o, (byte) l.op().code());
        if (l instanceof QLayer.Weighted w && w.weights().sparse()) {
            buf.put(o + 1, (byte) BlobFormat.FLAG_SPARSE);
            buf.put(o + 2, (byte) w.weights().blockSize());
        }
        List<Integer> inputs = l.inputs();
        buf.putShort(o + 4, inputs.get(0).shortValue());
        buf.putShort(o + 6, (short) (inputs.size() > 1 ? inputs.get(1) : BlobFormat.NO_TENSOR));
        buf.putShort(o + 8, (short) l.output());
        buf.put(o + 20, (byte) l.actMin());
        buf.put(o + 21, (byte) l.actMax());
        buf.putInt(o + 24, weightsOffset);
        buf.putInt(o + 28, weightsSize);
        buf.putInt(o + 32, paramsOffset);
        buf.putInt(o + 36, paramsSize);
        if (l instanceof QLayer.Conv2d c) {
            geometry(buf, o, c.geometry());
        } else if (l instanceof QLayer.DepthwiseConv2d d) {
            geometry(buf, o, d.geometry());
        } else if (l instanceof QLayer.Add a) {
            requant(buf, o + 40, a.leftScale());
            requant(buf, o + 48, a.rightScale());
            requant(buf, o + 56, a.outScale());
        } else if (l instanceof QLayer.AvgPool p) {
            geometry(buf, o, new ConvGeometry(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), 0, 0, 0, 0));
            requant(buf, o + 40, p.scale());
        } else if (l instanceof QLayer.LayerNorm n) {
            requant(buf, o + 40, n.scale());
        } else if (l instanceof QLayer.AttentionScores s) {
            buf.putShort(o + 10, (short) s.heads());
            requant(buf, o + 40, s.scale());
        } else if (l instanceof QLayer.AttentionContext c) {
            buf.putShort(o + 10, (short) c.heads());
            requant(buf, o + 40, c.scale());
        }
    }

    private static void geometry(ByteBuffer buf, int o, ConvGeometry g) {
        buf.put(o + 12, (byte) g.kernelH());
        buf.put(o + 13, (byte) g.kernelW());
        buf.put(o + 14, (byte) g.strideH());
        buf.put(o + 15, (byte) g.strideW());
        buf.put(o + 16, (byte) g.padTop());
        buf.put(o + 17, (byte) g.padBottom());
        buf.put(o + 18, (byte) g.padLeft());
        buf.put(o + 19, (byte) g.padRight());
    }

    private static void requant(ByteBuffer buf, int o, Requant r) {
        buf.putInt(o, r.multiplier());
        buf.putInt(o + 4, r.shift());
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Dense and effective MACs (BLOB_FORMAT.md section 8) and weight counts of a layer. */
    static CompiledModel.LayerFootprint footprint(QuantizedModel m, QLayer l, int weightBytes, int paramBytes) {
        long dense = 0;
        long effective = 0;
        long weights = 0;
        long stored = 0;
        long zeros = 0;
        if (l instanceof QLayer.Weighted w) {
            Int8Weights iw = w.weights();
            Shape out = m.shape(l.output());
            long perRow = (long) out.h() * out.w(); // output positions (conv) or tokens (fully connected)
            weights = iw.values().length;
            zeros = iw.zeroCount();
            stored = iw.sparse() ? (long) BlockRunLength.storedBlocks(iw) * iw.blockSize() : weights;
            dense = perRow * weights;
            effective = perRow * stored;
        } else if (l instanceof QLayer.AttentionScores s) {
            Shape q = m.shape(s.query());
            dense = (long) q.rows() * q.rows() * q.c();
            effective = dense;
        } else if (l instanceof QLayer.AttentionContext c) {
            Shape v = m.shape(c.value());
            dense = (long) v.rows() * v.rows() * v.c();
            effective = dense;
        }
        int block = l instanceof QLayer.Weighted w ? w.weights().blockSize() : 0;
        return new CompiledModel.LayerFootprint(m.tensor(l.output()).name(), l.op(), m.shape(l.output()), block,
                weightBytes, paramBytes, dense, effective, weights, stored, zeros);
    }
}
