package studio.mammoth.tinyformer.reference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import studio.mammoth.tinyformer.compile.BlobCompiler;
import studio.mammoth.tinyformer.compile.BlobFormatException;
import studio.mammoth.tinyformer.compile.BlockRunLength;
import studio.mammoth.tinyformer.compile.CompiledModel;
import studio.mammoth.tinyformer.ir.ChannelQuant;
import studio.mammoth.tinyformer.ir.ConvGeometry;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.Int8Weights;
import studio.mammoth.tinyformer.ir.QLayer;
import studio.mammoth.tinyformer.ir.QuantizedModel;
import studio.mammoth.tinyformer.ir.QuantizedModel.QTensor;
import studio.mammoth.tinyformer.ir.Requant;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.quant.Quantizer;
import studio.mammoth.tinyformer.ir.FloatInterpreter;

/**
 * Writes the kernel test vectors of docs/tinyformer/KERNEL_VECTORS.md: for every operator family a few seeded random
 * cases (dense and sparse at every block size, strides, padding, clamps, extreme zero points), the requantisation and
 * integer square root primitives, and whole-model cases, each with the output the Java reference computes. The
 * firmware's host-compiled C tests run their kernels on these inputs and compare bytes.
 */
public final class KernelVectors {

    private final Random rnd;
    private final Path dir;
    private final List<Path> written = new ArrayList<>();

    private KernelVectors(Path dir, long seed) {
        this.dir = dir;
        this.rnd = new Random(seed);
    }

    /** Writes every vector into {@code dir} (created if needed); returns the files written. */
    public static List<Path> writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        KernelVectors v = new KernelVectors(dir, 20261123L);
        v.primitives();
        v.convolutions();
        v.fullyConnected();
        v.elementwiseAndPooling();
        v.transformerOps();
        v.models();
        return List.copyOf(v.written);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: KernelVectors <output directory>");
            System.exit(2);
        }
        List<Path> files = writeAll(Path.of(args[0]));
        System.out.println("wrote " + files.size() + " kernel vector files to " + args[0]);
    }

    // ---- primitives ----

    private void primitives() throws IOException {
        int n = 4096;
        int[] x = new int[n];
        int[] mult = new int[n];
        int[] shift = new int[n];
        int[] expected = new int[n];
        int[] edgesX = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, -(1 << 30), 12345, -12345};
        int[] edgesM = {1 << 30, Integer.MAX_VALUE, (1 << 30) + 1, 1518500250};
        int[] edgesS = {-31, -30, -1, 0, 1, 2, 30};
        int i = 0;
        for (int ex : edgesX) {
            for (int em : edgesM) {
                for (int es : edgesS) {
                    x[i] = ex;
                    mult[i] = em;
                    shift[i++] = es;
                }
            }
        }
        for (; i < n; i++) {
            x[i] = rnd.nextBoolean() ? rnd.nextInt() : rnd.nextInt(1 << 20) - (1 << 19);
            mult[i] = (1 << 30) + rnd.nextInt(1 << 30);
            shift[i] = rnd.nextInt(20) - 18;
        }
        for (int k = 0; k < n; k++) {
            expected[k] = IntegerKernels.requantize(x[k], mult[k], shift[k]);
        }
        write("requantize", new VectorFile().i32("x", x).i32("mult", mult).i32("shift", shift)
                .i32("expected", expected));

        long[] values = new long[2048];
        long[] roots = new long[values.length];
        long[] edges = {0, 1, 2, 3, 4, 8, 9, 15, 16, 17, (1L << 32) - 1, 1L << 32, (1L << 62), Long.MAX_VALUE,
            4611686014132420609L, 4611686014132420608L};
        for (int k = 0; k < values.length; k++) {
            values[k] = k < edges.length ? edges[k] : rnd.nextLong() >>> (1 + rnd.nextInt(63));
            roots[k] = IntegerKernels.isqrt64(values[k]);
        }
        write("isqrt64", new VectorFile().u64("n", values).u32("expected", roots));
    }

    // ---- convolutions ----

    private void convolutions() throws IOException {
        conv("conv2d_3x3_s1_same", new Shape(6, 6, 8), 16, ConvGeometry.same(3, 1), 0, 0.0, false);
        conv("conv2d_3x3_s2_stem", new Shape(12, 12, 1), 8, ConvGeometry.same(3, 2), 0, 0.0, true);
        conv("conv2d_5x5_s2_asym", new Shape(9, 7, 4), 6, new ConvGeometry(5, 5, 2, 2, 2, 1, 2, 0), 0, 0.0, false);
        conv("conv2d_1x1", new Shape(5, 5, 16), 24, ConvGeometry.valid(1, 1), 0, 0.0, true);
        for (int b : new int[] {1, 4, 8, 16}) {
            conv("conv2d_1x1_sparse_b" + b, new Shape(4, 4, 32), 24, ConvGeometry.valid(1, 1), b, 0.85, false);
        }
        conv("conv2d_3x3_sparse_b4", new Shape(6, 6, 8), 12, ConvGeometry.same(3, 1), 4, 0.7, true);
        depthwise("depthwise_3x3_s1", new Shape(6, 6, 16), ConvGeometry.same(3, 1), 0, true);
        depthwise("depthwise_5x5_s2", new Shape(9, 9, 8), ConvGeometry.same(5, 2), 0, false);
        depthwise("depthwise_7x7_s1", new Shape(7, 7, 4), ConvGeometry.same(7, 1), 0, true);
        depthwise("depthwise_3x3_sparse_b1", new Shape(5, 5, 8), ConvGeometry.same(3, 1), 1, false);
        // the short rows SparseNAS now prunes as well: a 1-channel stem and 5x5 / 7x7 depthwise taps
        conv("conv2d_3x3_s1_stem_sparse_b1", new Shape(12, 12, 1), 16, ConvGeometry.same(3, 1), 1, 0.6, true);
        depthwise("depthwise_5x5_s2_sparse_b1", new Shape(9, 9, 8), ConvGeometry.same(5, 2), 1, true);
        depthwise("depthwise_7x7_s1_sparse_b1", new Shape(7, 7, 8), ConvGeometry.same(7, 1), 1, false);
    }

    private void conv(String name, Shape in, int outChannels, ConvGeometry g, int block, double sparsity, boolean relu)
            throws IOException {
        Shape out = new Shape(g.outputHeight(in.h()), g.outputWidth(in.w()), outChannels);
        int len = g.kernelH() * g.kernelW() * in.c();
        Int8Weights w = weights(outChannels, len, block, sparsity);
        int zpOut = zeroPoint();
        QLayer l = new QLayer.Conv2d(0, 1, g, w, channelQuant(outChannels, len * (1 - sparsity)), relu ? zpOut : -128,
                127);
        layerVector(name, List.of(tensor(in), new QTensor("out", out, 0.05f, zpOut)), l);
    }

    private void depthwise(String name, Shape in, ConvGeometry g, int block, boolean relu) throws IOException {
        Shape out = new Shape(g.outputHeight(in.h()), g.outputWidth(in.w()), in.c());
        int len = g.kernelH() * g.kernelW();
        Int8Weights w = weights(in.c(), len, block, block > 0 ? 0.5 : 0);
        int zpOut = zeroPoint();
        QLayer l = new QLayer.DepthwiseConv2d(0, 1, g, w, channelQuant(in.c(), len), relu ? zpOut : -128, 127);
        layerVector(name, List.of(tensor(in), new QTensor("out", out, 0.05f, zpOut)), l);
    }

    // ---- fully connected ----

    private void fullyConnected() throws IOException {
        fc("fully_connected_dense", new Shape(3, 3, 32), 24, 0, 0.0);
        fc("fully_connected_classifier", new Shape(1, 1, 64), 10, 0, 0.0);
        for (int b : new int[] {1, 4, 8, 16}) {
            fc("fully_connected_sparse_b" + b + "_50", new Shape(1, 8, 64), 32, b, 0.5);
            fc("fully_connected_sparse_b" + b + "_90", new Shape(1, 8, 64), 32, b, 0.9);
        }
        fc("fully_connected_sparse_b1_fillers", new Shape(1, 2, 1024), 8, 1, 0.995);
    }

    private void fc(String name, Shape in, int outFeatures, int block, double sparsity) throws IOException {
        Int8Weights w = weights(outFeatures, in.c(), block, sparsity);
        QLayer l = new QLayer.FullyConnected(0, 1, w, channelQuant(outFeatures, Math.max(1, in.c() * (1 - sparsity))),
                -128, 127);
        layerVector(name, List.of(tensor(in), new QTensor("out", new Shape(in.h(), in.w(), outFeatures), 0.05f,
                zeroPoint())), l);
    }

    // ---- add, pooling ----

    private void elementwiseAndPooling() throws IOException {
        for (int c = 0; c < 3; c++) {
            Shape s = new Shape(4, 4, 8);
            double s0 = 0.01 + 0.1 * rnd.nextDouble();
            double s1 = 0.01 + 0.1 * rnd.nextDouble();
            double so = (s0 + s1) * (0.6 + 0.6 * rnd.nextDouble());
            double twiceMax = 2 * Math.max(s0, s1);
            int zpOut = zeroPoint();
            QLayer add = new QLayer.Add(0, 1, 2, Requant.of(s0 / twiceMax), Requant.of(s1 / twiceMax),
                    Requant.of(twiceMax / ((1 << 20) * so)), c == 2 ? zpOut : -128, 127);
            layerVector("add_" + c, List.of(tensor(s), tensor(s), new QTensor("out", s, (float) so, zpOut)), add);
        }
        pool("avg_pool2d_global", new Shape(6, 6, 16), 6, 6, 1, 1);
        pool("avg_pool2d_2x2_s2", new Shape(6, 6, 8), 2, 2, 2, 2);
        pool("avg_pool2d_3x3_s1", new Shape(5, 4, 4), 3, 3, 1, 1);
    }

    private void pool(String name, Shape in, int kh, int kw, int sh, int sw) throws IOException {
        ConvGeometry g = new ConvGeometry(kh, kw, sh, sw, 0, 0, 0, 0);
        Shape out = new Shape(g.outputHeight(in.h()), g.outputWidth(in.w()), in.c());
        QLayer l = new QLayer.AvgPool(0, 1, kh, kw, sh, sw, Requant.of((0.5 + 1.5 * rnd.nextDouble()) / (kh * kw)), -128,
                127);
        layerVector(name, List.of(tensor(in), new QTensor("out", out, 0.05f, zeroPoint())), l);
    }

    // ---- transformer operators ----

    private void transformerOps() throws IOException {
        for (int d : new int[] {16, 64, 200, 30}) { // 30: a row that does not end on a word
            int[] gamma = new int[d];
            int[] beta = new int[d];
            for (int i = 0; i < d; i++) {
                gamma[i] = rnd.nextInt(65535) - 32767;
                beta[i] = rnd.nextInt(1 << 22) - (1 << 21);
            }
            gamma[0] = 32767;
            gamma[1] = -32767;
            Shape s = new Shape(1, 6, d);
            QLayer ln = new QLayer.LayerNorm(0, 1, gamma, beta, Requant.of(100.0 / (768 * 32767)), -128, 127);
            List<QTensor> t = List.of(tensor(s), new QTensor("out", s, 0.05f, zeroPoint()));
            byte[] in = random(s.size());
            System.arraycopy(new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}, 0, in, 0, 16); // constant row part
            layerVector("layer_norm_d" + d, t, ln, in, null);
        }
        byte[] constantRow = new byte[16];
        java.util.Arrays.fill(constantRow, (byte) -3);
        Shape row = new Shape(1, 1, 16);
        int[] g16 = new int[16];
        int[] b16 = new int[16];
        for (int i = 0; i < 16; i++) {
            g16[i] = 1000 * i;
            b16[i] = 256 * (i - 8) * 50;
        }
        layerVector("layer_norm_constant_row", List.of(tensor(row), new QTensor("out", row, 0.05f, 3)),
                new QLayer.LayerNorm(0, 1, g16, b16, Requant.of(1.0 / 256 / 50), -128, 127), constantRow, null);

        // {10, 30, 3}: heads of 10 values, neither a multiple of four long nor four in number
        for (int[] c : new int[][] {{16, 32, 2}, {49, 64, 4}, {9, 48, 1}, {10, 30, 3}}) {
            int tokens = c[0];
            int d = c[1];
            int heads = c[2];
            Shape qkv = new Shape(1, tokens, d);
            Shape scores = new Shape(heads, tokens, tokens);
            double m = 40 / (Math.sqrt(d / (double) heads) * 5476);
            QTensor q = new QTensor("q", qkv, 0.05f, zeroPoint());
            QTensor k = new QTensor("k", qkv, 0.05f, zeroPoint());
            layerVector("attn_scores_t" + tokens + "_h" + heads,
                    List.of(q, k, new QTensor("out", scores, 0.05f, zeroPoint())),
                    new QLayer.AttentionScores(0, 1, 2, heads, Requant.of(m), -128, 127));
            // Probabilities as attention produces them: softmax rows of random scores (each row sums to ~256 steps),
            // so the context is a weighted mean of V and the multiplier ~1/256 keeps it in range.
            QTensor probs = new QTensor("p", scores, 1f / 256, -128);
            byte[] p = new byte[scores.size()];
            IntegerKernels.softmax(random(scores.size()), 0, scores, p, 0, expTable(0.03));
            layerVector("attn_context_t" + tokens + "_h" + heads,
                    List.of(probs, tensor(qkv), new QTensor("out", qkv, 0.05f, zeroPoint())),
                    new QLayer.AttentionContext(0, 1, 2, heads, Requant.of((0.5 + rnd.nextDouble()) / 256), -128, 127),
                    p, random(qkv.size()));
        }
        for (int[] c : new int[][] {{4, 16}, {2, 49}, {3, 200}}) {
            Shape s = new Shape(1, c[0], c[1]);
            double scale = 0.005 + 0.055 * rnd.nextDouble();
            layerVector("softmax_c" + c[1], List.of(tensor(s), new QTensor("out", s, 1f / 256, -128)),
                    new QLayer.Softmax(0, 1, expTable(scale)));
        }
        Shape s = new Shape(2, 3, 15); // 90 values: not a whole number of words
        QTensor in = tensor(s);
        QTensor out = new QTensor("out", s, 0.03f, -100);
        byte[] table = new byte[256];
        for (int q = -128; q <= 127; q++) {
            double x = in.scale() * (q - in.zeroPoint());
            table[q + 128] = (byte) studio.mammoth.tinyformer.quant.QuantParams.quantize(FloatInterpreter.gelu(x),
                    out.scale(), out.zeroPoint());
        }
        layerVector("gelu", List.of(in, out), new QLayer.Gelu(0, 1, table));
    }

    // ---- whole models ----

    private void models() throws IOException {
        model("model_hybrid_sparsity0", 0.0, false);
        model("model_hybrid_sparsity80", 0.8, false);
        model("model_hybrid_stem_dw_sparsity80", 0.8, true);
    }

    private void model(String name, double sparsity, boolean pruneStemAndDepthwise) throws IOException {
        FloatModel m = RandomModels.hybrid(7, 16, sparsity, pruneStemAndDepthwise);
        QuantizedModel q = Quantizer.quantize(m, RandomModels.pictures(8, m.shape(0), 16));
        CompiledModel c = BlobCompiler.compile(q);
        ReferenceInterpreter r;
        try {
            r = ReferenceInterpreter.of(c.blob());
        } catch (BlobFormatException e) {
            throw new IllegalStateException("the compiler emitted a blob its parser rejects", e);
        }
        VectorFile v = new VectorFile().u8("blob", c.blob());
        List<float[]> pictures = RandomModels.pictures(9, m.shape(0), 4);
        for (int i = 0; i < pictures.size(); i++) {
            byte[] input = RandomModels.int8Input(pictures.get(i));
            v.i8("input_" + i, input).i8("expected_" + i, r.run(input));
        }
        byte[][] layers = r.runLayers(RandomModels.int8Input(pictures.get(0)));
        for (int i = 0; i < layers.length; i++) {
            v.i8(String.format("layer_%03d", i), layers[i]);
        }
        write(name, v);
    }

    // ---- helpers ----

    private void layerVector(String name, List<QTensor> tensors, QLayer layer) throws IOException {
        byte[] in0 = random(tensors.get(0).shape().size());
        byte[] in1 = layer.inputs().size() > 1 ? random(tensors.get(1).shape().size()) : null;
        layerVector(name, tensors, layer, in0, in1);
    }

    /** Computes the layer on the inputs with the reference kernels and writes every parameter and the output. */
    private void layerVector(String name, List<QTensor> tensors, QLayer layer, byte[] in0, byte[] in1)
            throws IOException {
        int outId = layer.output();
        QuantizedModel model = new QuantizedModel(name, tensors, List.of(layer), 0, outId);
        byte[][] memory = new byte[tensors.size()][];
        memory[0] = in0;
        if (in1 != null) {
            memory[1] = in1;
        }
        byte[] expected = LayerExecutor.runAlone(model, 0, memory);

        VectorFile v = new VectorFile().u8("op", layer.op().code());
        tensorEntries(v, "in0", tensors.get(0), in0);
        if (in1 != null) {
            tensorEntries(v, "in1", tensors.get(1), in1);
        }
        QTensor out = tensors.get(outId);
        v.u16("out_shape", out.shape().h(), out.shape().w(), out.shape().c()).i32("out_zp", out.zeroPoint());
        v.i8("act", layer.actMin(), layer.actMax());
        if (layer instanceof QLayer.Conv2d c) {
            window(v, c.geometry());
        } else if (layer instanceof QLayer.DepthwiseConv2d d) {
            window(v, d.geometry());
        } else if (layer instanceof QLayer.AvgPool p) {
            window(v, new ConvGeometry(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), 0, 0, 0, 0));
            v.i32("requant", p.scale().multiplier(), p.scale().shift(), 0, 0, 0, 0);
        } else if (layer instanceof QLayer.Add a) {
            v.i32("requant", a.leftScale().multiplier(), a.leftScale().shift(), a.rightScale().multiplier(),
                    a.rightScale().shift(), a.outScale().multiplier(), a.outScale().shift());
        } else if (layer instanceof QLayer.LayerNorm n) {
            v.i32("gamma", n.gamma()).i32("beta", n.beta()).i32("requant", n.scale().multiplier(), n.scale().shift(), 0,
                    0, 0, 0);
        } else if (layer instanceof QLayer.AttentionScores s) {
            v.u16("heads", s.heads()).i32("requant", s.scale().multiplier(), s.scale().shift(), 0, 0, 0, 0);
        } else if (layer instanceof QLayer.AttentionContext c) {
            v.u16("heads", c.heads()).i32("requant", c.scale().multiplier(), c.scale().shift(), 0, 0, 0, 0);
        } else if (layer instanceof QLayer.Softmax s) {
            v.u16("exp_table", s.expTable());
        } else if (layer instanceof QLayer.Gelu g) {
            v.i8("table", g.table());
        }
        if (layer instanceof QLayer.Weighted w) {
            Int8Weights iw = w.weights();
            v.u8("block_size", iw.blockSize());
            v.u8("weights", iw.sparse() ? BlockRunLength.encode(iw) : iw.values());
            v.i8("weights_dense", iw.values());
            v.i32("bias", w.quant().bias()).i32("mult", w.quant().multiplier()).i32("shift", w.quant().shift());
        }
        v.i8("expected", expected);
        if (in1 == null) {
            v.u8("blob", BlobCompiler.compile(model).blob());
        }
        write(name, v);
    }

    /** The softmax table the quantiser emits for an input scale. */
    private static int[] expTable(double inputScale) {
        int[] table = new int[256];
        for (int k = 0; k < 256; k++) {
            table[k] = (int) Math.round(32768 * StrictMath.exp(-k * inputScale));
        }
        return table;
    }

    private static void tensorEntries(VectorFile v, String name, QTensor t, byte[] data) {
        v.u16(name + "_shape", t.shape().h(), t.shape().w(), t.shape().c()).i32(name + "_zp", t.zeroPoint())
                .i8(name, data);
    }

    private static void window(VectorFile v, ConvGeometry g) {
        v.u8("window", g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padTop(), g.padBottom(), g.padLeft(),
                g.padRight());
    }

    private QTensor tensor(Shape s) {
        return new QTensor("in", s, 0.05f, inputZeroPoint());
    }

    /** Output zero points: moderate, so clamps and ReLU leave a range of values to compare. */
    private int zeroPoint() {
        return rnd.nextInt(61) - 30;
    }

    /** Input zero points: mostly moderate, sometimes the extremes -128 and 127. */
    private int inputZeroPoint() {
        int r = rnd.nextInt(8);
        return r == 0 ? -128 : r == 1 ? 127 : zeroPoint();
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** Random int8 weights in [-127, 127]; with a block size, blocks are zeroed with probability {@code sparsity}. */
    private Int8Weights weights(int rows, int len, int block, double sparsity) {
        byte[] v = new byte[rows * len];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (rnd.nextInt(255) - 127);
        }
        if (block > 0) {
            for (int i = 0; i < v.length; i += block) {
                if (rnd.nextDouble() < sparsity) {
                    java.util.Arrays.fill(v, i, i + block, (byte) 0);
                }
            }
        }
        return new Int8Weights(rows, len, v, block);
    }

    /** Bias and per-channel multipliers that put outputs near the int8 range, with some clamping. */
    private ChannelQuant channelQuant(int rows, double effectiveLength) {
        int[] bias = new int[rows];
        int[] mult = new int[rows];
        int[] shift = new int[rows];
        double accStd = Math.sqrt(effectiveLength) * 74 * 73;
        for (int r = 0; r < rows; r++) {
            bias[r] = (int) (0.3 * rnd.nextGaussian() * accStd);
            Requant q = Requant.of(40 / accStd * (0.5 + 1.5 * rnd.nextDouble()));
            mult[r] = q.multiplier();
            shift[r] = q.shift();
        }
        return new ChannelQuant(bias, mult, shift);
    }

    private void write(String name, VectorFile v) throws IOException {
        Path file = dir.resolve(name + ".tfkv");
        v.write(file);
        written.add(file);
    }
}
