package studio.mammoth.tinyformer.compile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import studio.mammoth.tinyformer.ir.ChannelQuant;
import studio.mammoth.tinyformer.ir.ConvGeometry;
import studio.mammoth.tinyformer.ir.Int8Weights;
import studio.mammoth.tinyformer.ir.IntegerLimits;
import studio.mammoth.tinyformer.ir.OpType;
import studio.mammoth.tinyformer.ir.QLayer;
import studio.mammoth.tinyformer.ir.QuantizedModel;
import studio.mammoth.tinyformer.ir.QuantizedModel.QTensor;
import studio.mammoth.tinyformer.ir.Requant;
import studio.mammoth.tinyformer.ir.Shape;

/**
 * Parses and validates a blob against every rule of docs/tinyformer/BLOB_FORMAT.md, in the order the document lists
 * them, and rejects the first broken rule with a {@link BlobFormatException} that names the field, the tensor or layer
 * index, and the value. Nothing is trusted before it is checked; a blob that parses is safe to execute.
 */
public final class BlobParser {

    private final byte[] blob;
    private final ByteBuffer buf;

    private BlobParser(byte[] blob) {
        this.blob = blob;
        this.buf = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static ParsedBlob parse(byte[] blob) throws BlobFormatException {
        return new BlobParser(blob).parse();
    }

    private ParsedBlob parse() throws BlobFormatException {
        if (blob.length < BlobFormat.HEADER_SIZE) {
            throw fail("blob of " + blob.length + " bytes is shorter than its 64-byte header");
        }
        if (buf.getInt(0) != BlobFormat.MAGIC) {
            throw fail(String.format("bad magic %02x %02x %02x %02x (expected 'TFMB')", blob[0], blob[1], blob[2], blob[3]));
        }
        int version = u16(4);
        if (version != BlobFormat.VERSION) {
            throw fail("unsupported version " + version + " (this reader implements version " + BlobFormat.VERSION + ")");
        }
        require(u16(6) == BlobFormat.HEADER_SIZE, "header_size " + u16(6) + " is not 64");
        long total = u32(8);
        require(total == blob.length, "total_size " + total + " differs from the blob length " + blob.length);
        CRC32 crc = new CRC32();
        crc.update(blob, BlobFormat.CRC_START, blob.length - BlobFormat.CRC_START);
        long stored = u32(12);
        if (crc.getValue() != stored) {
            throw fail(String.format("CRC mismatch: header says %08x, bytes give %08x", stored, crc.getValue()));
        }
        int nt = u16(16);
        int nl = u16(18);
        require(nt >= 1 && nt <= BlobFormat.MAX_TENSORS, "num_tensors " + nt + " outside [1, 1024]");
        require(nl >= 1 && nl <= BlobFormat.MAX_LAYERS, "num_layers " + nl + " outside [1, 1024]");
        require(u32(20) == BlobFormat.tensorTableOffset(), "tensor_table_offset " + u32(20) + " is not 64");
        require(u32(24) == BlobFormat.layerTableOffset(nt), "layer_table_offset " + u32(24) + " is not "
                + BlobFormat.layerTableOffset(nt));
        int dataOffset = BlobFormat.dataOffset(nt, nl);
        require(u32(28) == dataOffset, "data_offset " + u32(28) + " is not " + dataOffset);
        require(u32(28) + u32(32) == total, "data_offset + data_size " + (u32(28) + u32(32)) + " differs from total_size "
                + total);
        long arena = u32(36);
        require(arena >= 4 && arena % 4 == 0 && arena <= Integer.MAX_VALUE, "arena_size " + arena
                + " is not a positive multiple of 4");
        int input = u16(40);
        int output = u16(42);
        require(input < nt, "input_tensor " + input + " out of range (" + nt + " tensors)");
        require(output < nt, "output_tensor " + output + " out of range (" + nt + " tensors)");
        require(input != output, "input_tensor equals output_tensor");
        require(u32(60) == 0, "reserved header field at 60 is not 0");

        List<QTensor> tensors = new ArrayList<>();
        int[] offsets = new int[nt];
        for (int t = 0; t < nt; t++) {
            tensors.add(tensor(t, arena, offsets));
        }
        QTensor in = tensors.get(input);
        require(u16(44) == in.shape().h() && u16(46) == in.shape().w() && u16(48) == in.shape().c(),
                "header input shape " + u16(44) + "x" + u16(46) + "x" + u16(48) + " differs from tensor " + input + " ("
                        + in.shape() + ")");
        require(buf.getShort(50) == in.zeroPoint(), "header input_zero_point " + buf.getShort(50)
                + " differs from the input tensor's " + in.zeroPoint());
        require(buf.getInt(52) == Float.floatToRawIntBits(in.scale()), "header input_scale differs from the input tensor's");
        require(u32(56) == tensors.get(output).shape().size(), "output_size " + u32(56) + " differs from the output tensor's "
                + tensors.get(output).shape().size());

        List<QLayer> layers = new ArrayList<>();
        for (int i = 0; i < nl; i++) {
            layers.add(layer(i, BlobFormat.layerTableOffset(nt) + i * BlobFormat.LAYER_RECORD_SIZE, tensors, dataOffset));
        }
        QuantizedModel model = new QuantizedModel("blob", tensors, layers, input, output);
        checkGraph(model);
        MemoryPlan plan = new MemoryPlan(offsets, (int) arena);
        checkAliasing(model, plan);
        return new ParsedBlob(model, plan, stored, blob.length);
    }

    private QTensor tensor(int t, long arena, int[] offsets) throws BlobFormatException {
        int o = BlobFormat.tensorTableOffset() + t * BlobFormat.TENSOR_RECORD_SIZE;
        int h = u16(o);
        int w = u16(o + 2);
        int c = u16(o + 4);
        String where = "tensor " + t + ": ";
        require(h >= 1 && w >= 1 && c >= 1, where + "dimension 0 in " + h + "x" + w + "x" + c);
        require(u16(o + 6) == 0, where + "reserved field is not 0");
        long offset = u32(o + 8);
        long size = u32(o + 12);
        require(offset % 4 == 0, where + "arena_offset " + offset + " is not a multiple of 4");
        require(size == (long) h * w * c, where + "size " + size + " is not " + h + "*" + w + "*" + c);
        require(offset + size <= arena, where + "arena_offset + size " + (offset + size) + " exceeds arena_size " + arena);
        float scale = buf.getFloat(o + 16);
        require(scale > 0 && !Float.isInfinite(scale), where + "scale " + scale + " is not positive and finite");
        int zp = buf.getInt(o + 20);
        require(zp >= -128 && zp <= 127, where + "zero_point " + zp + " outside [-128, 127]");
        offsets[t] = (int) offset;
        return new QTensor("t" + t, new Shape(h, w, c), scale, zp);
    }

    private QLayer layer(int i, int o, List<QTensor> tensors, int dataOffset) throws BlobFormatException {
        String where = "layer " + i + ": ";
        OpType op = OpType.ofCode(blob[o] & 0xFF);
        require(op != null, where + "unknown op code " + (blob[o] & 0xFF));
        where = "layer " + i + " (" + op + "): ";
        int flags = blob[o + 1] & 0xFF;
        int blockSize = blob[o + 2] & 0xFF;
        boolean weighted = op == OpType.CONV2D || op == OpType.DEPTHWISE_CONV2D || op == OpType.FULLY_CONNECTED;
        require((flags & ~BlobFormat.FLAG_SPARSE) == 0, where + "reserved flag bits set: " + flags);
        boolean sparse = (flags & BlobFormat.FLAG_SPARSE) != 0;
        require(!sparse || weighted, where + "SPARSE flag on an op without weights");
        require(sparse ? (blockSize == 1 || blockSize == 4 || blockSize == 8 || blockSize == 16) : blockSize == 0,
                where + "block_size " + blockSize + (sparse ? " not in {1, 4, 8, 16}" : " must be 0 for a dense layer"));
        require(blob[o + 3] == 0 && buf.getShort(o + 22) == 0, where + "reserved field is not 0");
        boolean twoInputs = op == OpType.ADD || op == OpType.ATTN_SCORES || op == OpType.ATTN_CONTEXT;
        int in0 = u16(o + 4);
        int in1 = u16(o + 6);
        int out = u16(o + 8);
        require(in0 < tensors.size(), where + "in0 " + in0 + " out of range");
        require(twoInputs ? in1 < tensors.size() : in1 == BlobFormat.NO_TENSOR, where + "in1 " + in1
                + (twoInputs ? " out of range" : " must be 0xFFFF"));
        require(out < tensors.size(), where + "out " + out + " out of range");
        int actMin = blob[o + 20];
        int actMax = blob[o + 21];
        require(actMin <= actMax, where + "act_min " + actMin + " > act_max " + actMax);
        if (op == OpType.SOFTMAX || op == OpType.GELU) {
            require(actMin == -128 && actMax == 127, where + "act_min/act_max must be -128/127");
        }
        long weightsOffset = u32(o + 24);
        long weightsSize = u32(o + 28);
        long paramsOffset = u32(o + 32);
        long paramsSize = u32(o + 36);
        checkRange(where + "weights", weightsOffset, weightsSize, dataOffset);
        checkRange(where + "params", paramsOffset, paramsSize, dataOffset);

        Shape s0 = tensors.get(in0).shape();
        Shape s1 = twoInputs ? tensors.get(in1).shape() : null;
        Shape so = tensors.get(out).shape();
        QLayer layer;
        switch (op) {
            case CONV2D, DEPTHWISE_CONV2D -> {
                ConvGeometry g = geometry(where, o, s0, so);
                boolean depthwise = op == OpType.DEPTHWISE_CONV2D;
                if (depthwise) {
                    require(so.c() == s0.c(), where + "output channels " + so.c() + " differ from input " + s0.c());
                }
                int rowLength = g.kernelH() * g.kernelW() * (depthwise ? 1 : s0.c());
                require(rowLength <= IntegerLimits.MAX_ROW_LENGTH, where + "row length " + rowLength + " exceeds 32768");
                if (sparse && !depthwise) {
                    require(s0.c() % blockSize == 0, where + "input channels " + s0.c() + " not a multiple of block size "
                            + blockSize);
                }
                Int8Weights w = weights(where, weightsOffset, weightsSize, so.c(), rowLength, blockSize);
                ChannelQuant q = channelQuant(where, paramsOffset, paramsSize, so.c());
                layer = depthwise ? new QLayer.DepthwiseConv2d(in0, out, g, w, q, actMin, actMax)
                        : new QLayer.Conv2d(in0, out, g, w, q, actMin, actMax);
            }
            case FULLY_CONNECTED -> {
                requireNoGeometry(where, o);
                require(so.h() == s0.h() && so.w() == s0.w(), where + "output " + so + " does not keep the input's rows "
                        + s0);
                require(s0.c() <= IntegerLimits.MAX_ROW_LENGTH, where + "row length " + s0.c() + " exceeds 32768");
                Int8Weights w = weights(where, weightsOffset, weightsSize, so.c(), s0.c(), blockSize);
                layer = new QLayer.FullyConnected(in0, out, w, channelQuant(where, paramsOffset, paramsSize, so.c()),
                        actMin, actMax);
            }
            case ADD -> {
                requireNoGeometry(where, o);
                require(s0.equals(s1) && s0.equals(so), where + "shapes differ: " + s0 + ", " + s1 + " -> " + so);
                noData(where, weightsSize, paramsSize);
                layer = new QLayer.Add(in0, in1, out, requant(where, o + 40), requant(where, o + 48),
                        requant(where, o + 56), actMin, actMax);
            }
            case AVG_POOL2D -> {
                ConvGeometry g = geometry(where, o, s0, so);
                require(g.padTop() == 0 && g.padBottom() == 0 && g.padLeft() == 0 && g.padRight() == 0,
                        where + "pooling has no padding");
                require(so.c() == s0.c(), where + "channels change from " + s0.c() + " to " + so.c());
                require(g.kernelH() * g.kernelW() <= 65535, where + "window larger than 65535");
                noData(where, weightsSize, paramsSize);
                layer = new QLayer.AvgPool(in0, out, g.kernelH(), g.kernelW(), g.strideH(), g.strideW(),
                        requant(where, o + 40), actMin, actMax);
                unusedRequant(where, o, 48);
            }
            case LAYER_NORM -> {
                requireNoGeometry(where, o);
                require(so.equals(s0), where + "output shape " + so + " differs from input " + s0);
                int d = s0.c();
                require(d >= IntegerLimits.MIN_NORM_WIDTH && d <= IntegerLimits.MAX_NORM_WIDTH, where + "width " + d
                        + " outside [2, 1024]");
                require(weightsSize == 0 && weightsOffset == 0, where + "has no weights");
                require(paramsSize == 8L * d, where + "params_size " + paramsSize + " is not 8*" + d);
                int[] gamma = ints((int) paramsOffset, d);
                int[] beta = ints((int) paramsOffset + 4 * d, d);
                for (int k = 0; k < d; k++) {
                    require(Math.abs((long) gamma[k]) <= IntegerLimits.MAX_GAMMA, where + "gamma[" + k + "] = " + gamma[k]
                            + " outside [-32767, 32767]");
                    require(Math.abs((long) beta[k]) <= IntegerLimits.MAX_BETA, where + "beta[" + k + "] = " + beta[k]
                            + " exceeds 2^29");
                }
                layer = new QLayer.LayerNorm(in0, out, gamma, beta, requant(where, o + 40), actMin, actMax);
                unusedRequant(where, o, 48);
            }
            case ATTN_SCORES, ATTN_CONTEXT -> {
                requireNoGeometry(where, o);
                int heads = u16(o + 10);
                Shape qkv = op == OpType.ATTN_SCORES ? s0 : s1;
                require(heads >= 1 && qkv.c() % heads == 0, where + "width " + qkv.c() + " not divisible into " + heads
                        + " heads");
                require(qkv.c() / heads <= IntegerLimits.MAX_HEAD_WIDTH, where + "head width exceeds 16384");
                require(qkv.rows() <= IntegerLimits.MAX_TOKENS, where + "more than 16384 tokens");
                Shape probs = new Shape(heads, qkv.rows(), qkv.rows());
                if (op == OpType.ATTN_SCORES) {
                    require(s0.equals(s1), where + "Q " + s0 + " and K " + s1 + " differ");
                    require(so.equals(probs), where + "output " + so + " is not " + probs);
                } else {
                    require(s0.equals(probs), where + "probabilities " + s0 + " are not " + probs);
                    require(so.equals(s1), where + "output " + so + " differs from V " + s1);
                }
                noData(where, weightsSize, paramsSize);
                Requant r = requant(where, o + 40);
                unusedRequant(where, o, 48);
                layer = op == OpType.ATTN_SCORES ? new QLayer.AttentionScores(in0, in1, out, heads, r, actMin, actMax)
                        : new QLayer.AttentionContext(in0, in1, out, heads, r, actMin, actMax);
            }
            case SOFTMAX -> {
                requireNoGeometry(where, o);
                require(so.equals(s0), where + "output shape " + so + " differs from input " + s0);
                require(tensors.get(out).zeroPoint() == -128, where + "output zero point must be -128");
                require(weightsSize == 0 && weightsOffset == 0, where + "has no weights");
                require(paramsSize == 512, where + "params_size " + paramsSize + " is not 512");
                int[] table = new int[IntegerLimits.TABLE_ENTRIES];
                for (int k = 0; k < table.length; k++) {
                    table[k] = u16((int) paramsOffset + 2 * k);
                    require(table[k] <= IntegerLimits.EXP_ONE, where + "exp_table[" + k + "] = " + table[k] + " > 32768");
                }
                require(table[0] >= 1, where + "exp_table[0] is 0");
                unusedRequant(where, o, 40);
                layer = new QLayer.Softmax(in0, out, table);
            }
            case GELU -> {
                requireNoGeometry(where, o);
                require(so.equals(s0), where + "output shape " + so + " differs from input " + s0);
                require(weightsSize == 0 && weightsOffset == 0, where + "has no weights");
                require(paramsSize == 256, where + "params_size " + paramsSize + " is not 256");
                unusedRequant(where, o, 40);
                layer = new QLayer.Gelu(in0, out, Arrays.copyOfRange(blob, (int) paramsOffset, (int) paramsOffset + 256));
            }
            default -> throw fail(where + "unhandled op");
        }
        if (op != OpType.ATTN_SCORES && op != OpType.ATTN_CONTEXT) {
            require(u16(o + 10) == 0, where + "heads must be 0 for this op");
        }
        if (weighted) {
            unusedRequant(where, o, 40);
        }
        return layer;
    }

    private ConvGeometry geometry(String where, int o, Shape in, Shape out) throws BlobFormatException {
        int kh = blob[o + 12] & 0xFF;
        int kw = blob[o + 13] & 0xFF;
        int sh = blob[o + 14] & 0xFF;
        int sw = blob[o + 15] & 0xFF;
        int pt = blob[o + 16] & 0xFF;
        int pb = blob[o + 17] & 0xFF;
        int pl = blob[o + 18] & 0xFF;
        int pr = blob[o + 19] & 0xFF;
        require(kh >= 1 && kw >= 1 && sh >= 1 && sw >= 1, where + "kernel and stride must be >= 1");
        require(pt < kh && pb < kh && pl < kw && pr < kw, where + "padding must be smaller than the kernel");
        require(in.h() + pt + pb >= kh && in.w() + pl + pr >= kw, where + "kernel larger than the padded input");
        ConvGeometry g = new ConvGeometry(kh, kw, sh, sw, pt, pb, pl, pr);
        require(out.h() == g.outputHeight(in.h()) && out.w() == g.outputWidth(in.w()), where + "output " + out.h() + "x"
                + out.w() + " is not the window's " + g.outputHeight(in.h()) + "x" + g.outputWidth(in.w()));
        return g;
    }

    private void requireNoGeometry(String where, int o) throws BlobFormatException {
        for (int k = 12; k < 20; k++) {
            require(blob[o + k] == 0, where + "kernel/stride/padding field at +" + k + " must be 0 for this op");
        }
    }

    private Int8Weights weights(String where, long offset, long size, int rows, int rowLength, int blockSize)
            throws BlobFormatException {
        require(offset != 0, where + "weights_offset is 0");
        if (blockSize == 0) {
            require(size == (long) rows * rowLength, where + "dense weights_size " + size + " is not " + rows + "*"
                    + rowLength);
            byte[] values = Arrays.copyOfRange(blob, (int) offset, (int) (offset + size));
            for (int k = 0; k < values.length; k++) {
                require(values[k] != Byte.MIN_VALUE, where + "weight -128 at index " + k);
            }
            return new Int8Weights(rows, rowLength, values, 0);
        }
        require(rowLength % blockSize == 0, where + "row length " + rowLength + " not a multiple of block size "
                + blockSize);
        try {
            return BlockRunLength.decode(blob, (int) offset, (int) size, rows, rowLength, blockSize);
        } catch (IllegalArgumentException e) {
            throw fail(where + "sparse weights: " + e.getMessage());
        }
    }

    private ChannelQuant channelQuant(String where, long offset, long size, int rows) throws BlobFormatException {
        require(size == 12L * rows, where + "params_size " + size + " is not 12*" + rows);
        int[] bias = ints((int) offset, rows);
        int[] mult = ints((int) offset + 4 * rows, rows);
        int[] shift = ints((int) offset + 8 * rows, rows);
        for (int r = 0; r < rows; r++) {
            require(Math.abs((long) bias[r]) <= IntegerLimits.MAX_BIAS, where + "bias[" + r + "] = " + bias[r]
                    + " exceeds 2^30");
            checkRequant(where + "channel " + r + ": ", mult[r], shift[r]);
        }
        return new ChannelQuant(bias, mult, shift);
    }

    private Requant requant(String where, int o) throws BlobFormatException {
        int mult = buf.getInt(o);
        int shift = buf.getInt(o + 4);
        checkRequant(where, mult, shift);
        return new Requant(mult, shift);
    }

    private void unusedRequant(String where, int o, int from) throws BlobFormatException {
        for (int k = from; k < BlobFormat.LAYER_RECORD_SIZE; k += 4) {
            require(buf.getInt(o + k) == 0, where + "unused mult/shift field at +" + k + " is not 0");
        }
    }

    private static void checkRequant(String where, int mult, int shift) throws BlobFormatException {
        require(mult >= (1 << 30), where + "mult " + mult + " outside [2^30, 2^31-1]");
        require(shift >= Requant.MIN_SHIFT && shift <= Requant.MAX_SHIFT, where + "shift " + shift + " outside [-31, 30]");
    }

    private void noData(String where, long weightsSize, long paramsSize) throws BlobFormatException {
        require(weightsSize == 0 && paramsSize == 0, where + "this op has no weights or parameters");
    }

    private void checkRange(String what, long offset, long size, int dataOffset) throws BlobFormatException {
        if (size == 0) {
            require(offset == 0, what + "_offset must be 0 when the size is 0");
            return;
        }
        require(offset % 4 == 0, what + "_offset " + offset + " is not a multiple of 4");
        require(offset >= dataOffset && offset + size <= blob.length, what + " [" + offset + ", " + (offset + size)
                + ") outside the data section [" + dataOffset + ", " + blob.length + ")");
    }

    /** Every tensor but the input produced exactly once, inputs produced before use, the output produced. */
    private static void checkGraph(QuantizedModel m) throws BlobFormatException {
        int[] producer = new int[m.tensors().size()];
        Arrays.fill(producer, -2);
        producer[m.input()] = -1;
        for (int i = 0; i < m.layers().size(); i++) {
            QLayer l = m.layers().get(i);
            for (int in : l.inputs()) {
                require(producer[in] != -2 && producer[in] < i, "layer " + i + ": input tensor " + in
                        + " is not the model input or produced by an earlier layer");
            }
            require(producer[l.output()] == -2, "layer " + i + ": tensor " + l.output()
                    + (l.output() == m.input() ? " is the model input" : " is already produced by layer " + producer[l.output()]));
            producer[l.output()] = i;
        }
        for (int t = 0; t < producer.length; t++) {
            require(producer[t] != -2, "tensor " + t + " is produced by no layer");
        }
    }

    /** Tensors with intersecting live ranges must not share arena bytes. */
    private static void checkAliasing(QuantizedModel m, MemoryPlan plan) throws BlobFormatException {
        MemoryPlanner.Lifetime[] life = MemoryPlanner.lifetimes(m);
        int n = life.length;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                if (!life[a].overlaps(life[b])) {
                    continue;
                }
                long aStart = plan.offset(a);
                long aEnd = aStart + m.shape(a).size();
                long bStart = plan.offset(b);
                long bEnd = bStart + m.shape(b).size();
                require(aEnd <= bStart || bEnd <= aStart, "tensors " + a + " and " + b
                        + " are live at the same time but overlap in the arena");
            }
        }
    }

    private int[] ints(int offset, int count) {
        int[] v = new int[count];
        for (int k = 0; k < count; k++) {
            v[k] = buf.getInt(offset + 4 * k);
        }
        return v;
    }

    private int u16(int off) {
        return buf.getShort(off) & 0xFFFF;
    }

    private long u32(int off) {
        return buf.getInt(off) & 0xFFFFFFFFL;
    }

    private static void require(boolean ok, String reason) throws BlobFormatException {
        if (!ok) {
            throw new BlobFormatException(reason);
        }
    }

    private static BlobFormatException fail(String reason) {
        return new BlobFormatException(reason);
    }
}
