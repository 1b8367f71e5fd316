package studio.mammoth.tinyformer.reference;

import studio.mammoth.tinyformer.ir.ChannelQuant;
import studio.mammoth.tinyformer.ir.ConvGeometry;
import studio.mammoth.tinyformer.ir.Int8Weights;
import studio.mammoth.tinyformer.ir.Requant;
import studio.mammoth.tinyformer.ir.Shape;

/**
 * The integer operators of docs/tinyformer/INTEGER_SEMANTICS.md, line for line. Every tensor is an int8 region
 * {@code (array, offset)} in HWC layout; zero points come from the tensor table. This class is the oracle the
 * firmware's C kernels are checked against, so it favours the spec's clarity; sums are exact int32, so skipping
 * zero weight blocks ({@link KeptBlocks}) changes nothing.
 */
public final class IntegerKernels {

    private IntegerKernels() {
    }

    // ---- requantisation (section 3) ----

    /**
     * round(x * multiplier / 2^(31 - shift)), ties away from zero, saturated to int32: one rounding of the exact
     * 64-bit product (31 - shift is in [1, 62] and |x * multiplier| < 2^62, so the sum cannot overflow).
     */
    public static int requantize(int x, int multiplier, int shift) {
        long product = (long) x * multiplier;
        int bits = 31 - shift;
        long rounded = (product + (1L << (bits - 1)) - (product < 0 ? 1 : 0)) >> bits;
        return saturate(rounded);
    }

    /** Requantise, add the output zero point without wrapping, clamp to [actMin, actMax]. */
    public static byte output(int acc, Requant r, int zeroPoint, int actMin, int actMax) {
        return output(acc, r.multiplier(), r.shift(), zeroPoint, actMin, actMax);
    }

    public static byte output(int acc, int multiplier, int shift, int zeroPoint, int actMin, int actMax) {
        long v = (long) requantize(acc, multiplier, shift) + zeroPoint;
        return (byte) Math.max(actMin, Math.min(actMax, v));
    }

    private static int saturate(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** floor(sqrt(n)) for 0 <= n < 2^63, by Newton iteration from above. */
    public static long isqrt64(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("isqrt64 of a negative number");
        }
        if (n < 2) {
            return n;
        }
        int bits = 64 - Long.numberOfLeadingZeros(n);
        long x = 1L << ((bits + 1) / 2);
        while (true) {
            long y = (x + n / x) >> 1;
            if (y >= x) {
                return x;
            }
            x = y;
        }
    }

    // ---- operators (section 4) ----

    /** 4.1 CONV2D; {@code blocks} are kept blocks of a unit dividing the input channels. */
    public static void conv2d(byte[] in, int inOff, Shape inShape, int zpIn, byte[] out, int outOff, Shape outShape,
                              int zpOut, ConvGeometry g, Int8Weights w, ChannelQuant q, int actMin, int actMax) {
        conv2d(in, inOff, inShape, zpIn, out, outOff, outShape, zpOut, g, w, KeptBlocks.of(w, inShape.c()), q, actMin,
                actMax);
    }

    static void conv2d(byte[] in, int inOff, Shape inShape, int zpIn, byte[] out, int outOff, Shape outShape, int zpOut,
                       ConvGeometry g, Int8Weights w, KeptBlocks blocks, ChannelQuant q, int actMin, int actMax) {
        int cin = inShape.c();
        int kwc = g.kernelW() * cin;
        int unit = blocks.unit;
        byte[] wv = w.values();
        for (int oy = 0; oy < outShape.h(); oy++) {
            for (int ox = 0; ox < outShape.w(); ox++) {
                int outBase = outOff + (oy * outShape.w() + ox) * outShape.c();
                for (int co = 0; co < outShape.c(); co++) {
                    int acc = q.bias()[co];
                    int rowOff = co * w.rowLength();
                    for (int start : blocks.starts[co]) {
                        int ky = start / kwc;
                        int kx = (start % kwc) / cin;
                        int ci = start % cin;
                        int iy = oy * g.strideH() - g.padTop() + ky;
                        int ix = ox * g.strideW() - g.padLeft() + kx;
                        if (iy < 0 || iy >= inShape.h() || ix < 0 || ix >= inShape.w()) {
                            continue; // padding is the real value 0
                        }
                        int inBase = inOff + (iy * inShape.w() + ix) * cin + ci;
                        int wBase = rowOff + start;
                        for (int k = 0; k < unit; k++) {
                            acc += (in[inBase + k] - zpIn) * wv[wBase + k];
                        }
                    }
                    out[outBase + co] = output(acc, q.multiplier()[co], q.shift()[co], zpOut, actMin, actMax);
                }
            }
        }
    }

    /** 4.2 DEPTHWISE_CONV2D (depth multiplier 1). */
    public static void depthwise(byte[] in, int inOff, Shape inShape, int zpIn, byte[] out, int outOff, Shape outShape,
                                 int zpOut, ConvGeometry g, Int8Weights w, ChannelQuant q, int actMin, int actMax) {
        int c = inShape.c();
        byte[] wv = w.values();
        for (int oy = 0; oy < outShape.h(); oy++) {
            for (int ox = 0; ox < outShape.w(); ox++) {
                for (int ch = 0; ch < c; ch++) {
                    int acc = q.bias()[ch];
                    for (int ky = 0; ky < g.kernelH(); ky++) {
                        int iy = oy * g.strideH() - g.padTop() + ky;
                        if (iy < 0 || iy >= inShape.h()) {
                            continue;
                        }
                        for (int kx = 0; kx < g.kernelW(); kx++) {
                            int ix = ox * g.strideW() - g.padLeft() + kx;
                            if (ix < 0 || ix >= inShape.w()) {
                                continue;
                            }
                            acc += (in[inOff + (iy * inShape.w() + ix) * c + ch] - zpIn)
                                    * wv[ch * w.rowLength() + ky * g.kernelW() + kx];
                        }
                    }
                    out[outOff + (oy * outShape.w() + ox) * c + ch] =
                            output(acc, q.multiplier()[ch], q.shift()[ch], zpOut, actMin, actMax);
                }
            }
        }
    }

    /** 4.3 FULLY_CONNECTED over the T = h * w rows of the input. */
    public static void fullyConnected(byte[] in, int inOff, Shape inShape, int zpIn, byte[] out, int outOff, int zpOut,
                                      Int8Weights w, ChannelQuant q, int actMin, int actMax) {
        fullyConnected(in, inOff, inShape, zpIn, out, outOff, zpOut, w, KeptBlocks.of(w, w.rowLength()), q, actMin,
                actMax);
    }

    static void fullyConnected(byte[] in, int inOff, Shape inShape, int zpIn, byte[] out, int outOff, int zpOut,
                               Int8Weights w, KeptBlocks blocks, ChannelQuant q, int actMin, int actMax) {
        int din = inShape.c();
        int dout = w.rows();
        int unit = blocks.unit;
        byte[] wv = w.values();
        for (int t = 0; t < inShape.rows(); t++) {
            int inBase = inOff + t * din;
            for (int r = 0; r < dout; r++) {
                int acc = q.bias()[r];
                int rowOff = r * din;
                for (int start : blocks.starts[r]) {
                    for (int k = start; k < start + unit; k++) {
                        acc += (in[inBase + k] - zpIn) * wv[rowOff + k];
                    }
                }
                out[outOff + t * dout + r] = output(acc, q.multiplier()[r], q.shift()[r], zpOut, actMin, actMax);
            }
        }
    }

    /** 4.4 ADD with two input scales (TFLite's left shift of 20). */
    public static void add(byte[] a, int aOff, int zpA, byte[] b, int bOff, int zpB, byte[] out, int outOff, int zpOut,
                           int count, Requant left, Requant right, Requant sum, int actMin, int actMax) {
        for (int i = 0; i < count; i++) {
            int x = (a[aOff + i] - zpA) * (1 << 20);
            int y = (b[bOff + i] - zpB) * (1 << 20);
            int sx = requantize(x, left.multiplier(), left.shift());
            int sy = requantize(y, right.multiplier(), right.shift());
            out[outOff + i] = output(sx + sy, sum, zpOut, actMin, actMax);
        }
    }

    /** 4.5 AVG_POOL2D without padding. */
    public static void avgPool(byte[] in, int inOff, Shape inShape, int zpIn, byte[] out, int outOff, Shape outShape,
                               int zpOut, int kernelH, int kernelW, int strideH, int strideW, Requant r, int actMin,
                               int actMax) {
        int c = inShape.c();
        for (int oy = 0; oy < outShape.h(); oy++) {
            for (int ox = 0; ox < outShape.w(); ox++) {
                for (int ch = 0; ch < c; ch++) {
                    int acc = 0;
                    for (int ky = 0; ky < kernelH; ky++) {
                        for (int kx = 0; kx < kernelW; kx++) {
                            int iy = oy * strideH + ky;
                            int ix = ox * strideW + kx;
                            acc += in[inOff + (iy * inShape.w() + ix) * c + ch] - zpIn;
                        }
                    }
                    out[outOff + (oy * outShape.w() + ox) * c + ch] = output(acc, r, zpOut, actMin, actMax);
                }
            }
        }
    }

    /** 4.6 integer LAYER_NORM over each row of D = shape.c() values. */
    public static void layerNorm(byte[] in, int inOff, Shape shape, int zpIn, byte[] out, int outOff, int zpOut,
                                 int[] gamma, int[] beta, Requant r, int actMin, int actMax) {
        int d = shape.c();
        int[] x = new int[d];
        int[] dev = new int[d];
        for (int row = 0; row < shape.rows(); row++) {
            int base = row * d;
            int sum = 0;
            for (int i = 0; i < d; i++) {
                x[i] = in[inOff + base + i] - zpIn;
                sum += x[i];
            }
            long variance = 0;
            for (int i = 0; i < d; i++) {
                dev[i] = d * x[i] - sum;
                variance += (long) dev[i] * dev[i];
            }
            long sigma = isqrt64((variance << 8) / d);
            for (int i = 0; i < d; i++) {
                int n = 0;
                if (sigma != 0) {
                    int a = dev[i] * (1 << 12);
                    int s = (int) sigma;
                    n = a >= 0 ? (a + (s >> 1)) / s : -((-a + (s >> 1)) / s);
                }
                int acc = n * gamma[i] + beta[i];
                out[outOff + base + i] = output(acc, r, zpOut, actMin, actMax);
            }
        }
    }

    /** 4.7 ATTN_SCORES: out (heads, T, T) = Q K^T per head. */
    public static void attentionScores(byte[] q, int qOff, int zpQ, byte[] k, int kOff, int zpK, Shape shape, int heads,
                                       byte[] out, int outOff, int zpOut, Requant r, int actMin, int actMax) {
        int t = shape.rows();
        int d = shape.c();
        int dh = d / heads;
        int[] qh = new int[t * dh]; // one head's (q - zp_q) and (k - zp_k), token-major, contiguous
        int[] kh = new int[t * dh];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < t; i++) {
                for (int c = 0; c < dh; c++) {
                    qh[i * dh + c] = q[qOff + i * d + h * dh + c] - zpQ;
                    kh[i * dh + c] = k[kOff + i * d + h * dh + c] - zpK;
                }
            }
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    int acc = 0;
                    for (int c = 0; c < dh; c++) {
                        acc += qh[i * dh + c] * kh[j * dh + c];
                    }
                    out[outOff + (h * t + i) * t + j] = output(acc, r, zpOut, actMin, actMax);
                }
            }
        }
    }

    /** 4.8 SOFTMAX over each row of c values; output scale 1/256, zero point -128. */
    public static void softmax(byte[] in, int inOff, Shape shape, byte[] out, int outOff, int[] expTable) {
        int c = shape.c();
        int rows = shape.h() * shape.w();
        int[] e = new int[c];
        for (int row = 0; row < rows; row++) {
            int base = inOff + row * c;
            int max = -128;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, in[base + j]);
            }
            int sum = 0; // <= 65535 * 32768 < 2^31
            for (int j = 0; j < c; j++) {
                e[j] = expTable[max - in[base + j]];
                sum += e[j];
            }
            int half = sum >> 1;
            for (int j = 0; j < c; j++) {
                int p = ((e[j] << 8) + half) / sum; // (e << 8) + sum / 2 < 2^31: the uint32 division of the spec
                out[outOff + row * c + j] = (byte) Math.min(127, p - 128);
            }
        }
    }

    /** 4.9 ATTN_CONTEXT: out (h, w, D) = P V per head, heads concatenated. */
    public static void attentionContext(byte[] p, int pOff, int zpP, byte[] v, int vOff, int zpV, Shape vShape,
                                        int heads, byte[] out, int outOff, int zpOut, Requant r, int actMin,
                                        int actMax) {
        int t = vShape.rows();
        int d = vShape.c();
        int dh = d / heads;
        int[] vt = new int[dh * t]; // one head's (v - zp_v), transposed to [c][j] for contiguous dot products
        int[] pr = new int[t];
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < t; j++) {
                for (int c = 0; c < dh; c++) {
                    vt[c * t + j] = v[vOff + j * d + h * dh + c] - zpV;
                }
            }
            for (int i = 0; i < t; i++) {
                int pBase = pOff + (h * t + i) * t;
                for (int j = 0; j < t; j++) {
                    pr[j] = p[pBase + j] - zpP;
                }
                for (int c = 0; c < dh; c++) {
                    int acc = 0;
                    for (int j = 0; j < t; j++) {
                        acc += pr[j] * vt[c * t + j];
                    }
                    out[outOff + i * d + h * dh + c] = output(acc, r, zpOut, actMin, actMax);
                }
            }
        }
    }

    /** 4.10 GELU by table: out = table[in + 128]. */
    public static void gelu(byte[] in, int inOff, byte[] out, int outOff, int count, byte[] table) {
        for (int i = 0; i < count; i++) {
            out[outOff + i] = table[in[inOff + i] + 128];
        }
    }
}
