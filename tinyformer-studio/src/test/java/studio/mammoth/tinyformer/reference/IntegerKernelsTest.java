package studio.mammoth.tinyformer.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.ir.ChannelQuant;
import studio.mammoth.tinyformer.ir.ConvGeometry;
import studio.mammoth.tinyformer.ir.Int8Weights;
import studio.mammoth.tinyformer.ir.Requant;
import studio.mammoth.tinyformer.ir.Shape;

/** Each operator of INTEGER_SEMANTICS.md against small cases computed by hand. */
class IntegerKernelsTest {

    /** multiplier 2^30 with shift 0 is the real multiplier 0.5. */
    private static final int HALF = 1 << 30;

    @Test
    void requantizeRoundsTheExactProductOnceHalfAwayFromZero() {
        // 0.75 = 0.75 * 2^0: multiplier round(0.75 * 2^31), shift 0
        Requant r = Requant.of(0.75);
        assertEquals(0, r.shift());
        assertEquals(75, IntegerKernels.requantize(100, r.multiplier(), r.shift()));
        // 3.0 = 0.75 * 2^2
        Requant three = Requant.of(3.0);
        assertEquals(2, three.shift());
        assertEquals(300, IntegerKernels.requantize(100, three.multiplier(), three.shift()));
        // 0.1875 = 0.75 * 2^-2: 8 * 0.1875 = 1.5 is a tie, rounded away from zero
        Requant small = Requant.of(0.1875);
        assertEquals(2, IntegerKernels.requantize(8, small.multiplier(), small.shift()));
        assertEquals(-2, IntegerKernels.requantize(-8, small.multiplier(), small.shift()));
        assertEquals(1, IntegerKernels.requantize(7, small.multiplier(), small.shift())); // 1.3125
        // 2 * 0.2375 = 0.475 -> 0. TFLite's two roundings give 1: 2 * 0.95 = 1.9 -> 2, then 2 / 4 = 0.5 -> 1.
        Requant m = Requant.of(0.2375);
        assertEquals(-2, m.shift());
        assertEquals(0, IntegerKernels.requantize(2, m.multiplier(), m.shift()));
        assertEquals(0, IntegerKernels.requantize(-2, m.multiplier(), m.shift()));
        // a result beyond int32 saturates: 2^30 * 0.5 * 2^2 = 2^31
        assertEquals(Integer.MAX_VALUE, IntegerKernels.requantize(1 << 30, HALF, 2));
        assertEquals(Integer.MIN_VALUE, IntegerKernels.requantize(-(1 << 30) - 1, HALF, 2));
    }

    @Test
    void requantizeAgreesWithExactArithmetic() {
        Random rnd = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            int x = rnd.nextInt();
            int multiplier = HALF + rnd.nextInt(Integer.MAX_VALUE - HALF);
            int shift = Requant.MIN_SHIFT + rnd.nextInt(Requant.MAX_SHIFT - Requant.MIN_SHIFT + 1);
            assertEquals(exactRequantize(x, multiplier, shift), IntegerKernels.requantize(x, multiplier, shift),
                    () -> x + " * " + multiplier + " * 2^(" + shift + " - 31)");
        }
    }

    /** round(x * multiplier * 2^(shift - 31)) half away from zero in exact decimal arithmetic, clamped to int32. */
    private static int exactRequantize(int x, int multiplier, int shift) {
        BigDecimal real = new BigDecimal(BigInteger.valueOf(x).multiply(BigInteger.valueOf(multiplier)))
                .multiply(new BigDecimal(Math.scalb(1.0, shift - 31)));
        BigInteger rounded = real.setScale(0, RoundingMode.HALF_UP).toBigInteger(); // HALF_UP is away from zero
        return rounded.max(BigInteger.valueOf(Integer.MIN_VALUE)).min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
    }

    @Test
    void outputAddsZeroPointAndClamps() {
        Requant one = Requant.of(1.0);
        assertEquals(5, IntegerKernels.output(10, one, -5, -128, 127));
        assertEquals(127, IntegerKernels.output(1000, one, 0, -128, 127));
        assertEquals(0, IntegerKernels.output(-1000, one, 3, 0, 127)); // ReLU clamp at the zero point
        assertEquals(127, IntegerKernels.output(Integer.MAX_VALUE, one, 127, -128, 127)); // no wrap
    }

    @Test
    void isqrt64IsFloorOfSquareRoot() {
        assertEquals(0, IntegerKernels.isqrt64(0));
        assertEquals(1, IntegerKernels.isqrt64(3));
        assertEquals(2, IntegerKernels.isqrt64(4));
        assertEquals(3037000499L, IntegerKernels.isqrt64(Long.MAX_VALUE));
        Random rnd = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            long n = rnd.nextLong() >>> (1 + rnd.nextInt(63));
            long r = IntegerKernels.isqrt64(n);
            assertEquals(true, r * r <= n && (r + 1) * (r + 1) > n, "isqrt64(" + n + ") = " + r);
        }
    }

    @Test
    void conv2dWithPaddingAndStride() {
        // 3x3x1 input, 2x2 kernel of ones, stride 2, pad top/left 1: output 2x2
        Shape in = new Shape(3, 3, 1);
        byte[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        ConvGeometry g = new ConvGeometry(2, 2, 2, 2, 1, 0, 1, 0);
        Int8Weights w = new Int8Weights(1, 4, new byte[] {1, 1, 1, 1}, 0);
        Requant one = Requant.of(1.0);
        ChannelQuant q = new ChannelQuant(new int[] {10}, new int[] {one.multiplier()}, new int[] {one.shift()});
        byte[] out = new byte[4];
        IntegerKernels.conv2d(x, 0, in, 0, out, 0, new Shape(2, 2, 1), 0, g, w, q, -128, 127);
        // windows: (-1,-1): x[0][0]=1; (-1,1): 2+3; (1,-1): 4+7; (1,1): 5+6+8+9; plus bias 10
        assertArrayEquals(new byte[] {11, 15, 21, 38}, out);
    }

    @Test
    void conv2dSubtractsInputZeroPointAndPaddingContributesNothing() {
        Shape in = new Shape(1, 1, 2);
        byte[] x = {3, -1};
        ConvGeometry g = ConvGeometry.same(3, 1); // only the centre tap sees data
        byte[] wv = new byte[9 * 2];
        wv[8] = 2;  // centre tap (ky=1,kx=1), channel 0
        wv[9] = -3; // centre tap, channel 1
        for (int i = 0; i < 18; i++) {
            if (i != 8 && i != 9) {
                wv[i] = 100; // padding taps: must not count
            }
        }
        Requant half = Requant.of(0.5);
        ChannelQuant q = new ChannelQuant(new int[] {0}, new int[] {half.multiplier()}, new int[] {half.shift()});
        byte[] out = new byte[1];
        IntegerKernels.conv2d(x, 0, in, 1, out, 0, new Shape(1, 1, 1), -4, g, new Int8Weights(1, 18, wv, 0), q, -128,
                127);
        // acc = (3-1)*2 + (-1-1)*(-3) = 10; 10 * 0.5 = 5; + zp -4 = 1
        assertArrayEquals(new byte[] {1}, out);
    }

    @Test
    void depthwiseUsesOneKernelPerChannel() {
        Shape in = new Shape(2, 2, 2);
        byte[] x = {1, 10, 2, 20, 3, 30, 4, 40};
        Int8Weights w = new Int8Weights(2, 4, new byte[] {1, 1, 1, 1, 1, 0, 0, -1}, 0);
        Requant one = Requant.of(1.0);
        ChannelQuant q = new ChannelQuant(new int[] {0, 5}, new int[] {one.multiplier(), one.multiplier()},
                new int[] {one.shift(), one.shift()});
        byte[] out = new byte[2];
        IntegerKernels.depthwise(x, 0, in, 0, out, 0, new Shape(1, 1, 2), 0, ConvGeometry.valid(2, 1), w, q, -128, 127);
        assertArrayEquals(new byte[] {10, 5 + 10 - 40}, out);
    }

    @Test
    void fullyConnectedOverTokensAndSparseBlocksGiveTheSameResult() {
        Shape in = new Shape(1, 2, 4); // two tokens of 4
        byte[] x = {1, 2, 3, 4, -1, -2, -3, -4};
        byte[] wv = {1, 0, 0, 2, 0, 0, 0, 0, 0, 0, -1, 0};
        Requant one = Requant.of(1.0);
        ChannelQuant q = new ChannelQuant(new int[] {0, 1, 2}, new int[] {one.multiplier(), one.multiplier(),
            one.multiplier()}, new int[] {one.shift(), one.shift(), one.shift()});
        byte[] dense = new byte[6];
        IntegerKernels.fullyConnected(x, 0, in, 0, dense, 0, 0, new Int8Weights(3, 4, wv, 0), q, -128, 127);
        assertArrayEquals(new byte[] {9, 1, -1, -9, 1, 5}, dense);
        byte[] sparse = new byte[6];
        IntegerKernels.fullyConnected(x, 0, in, 0, sparse, 0, 0, new Int8Weights(3, 4, wv, 1), q, -128, 127);
        assertArrayEquals(dense, sparse);
    }

    @Test
    void addRescalesBothInputs() {
        // a: scale 0.5 zp 0; b: scale 0.25 zp 10; out: scale 1 zp 0
        double twiceMax = 2 * 0.5;
        Requant left = Requant.of(0.5 / twiceMax);
        Requant right = Requant.of(0.25 / twiceMax);
        Requant sum = Requant.of(twiceMax / ((1 << 20) * 1.0));
        byte[] a = {4, -6};
        byte[] b = {18, 2};
        byte[] out = new byte[2];
        IntegerKernels.add(a, 0, 0, b, 0, 10, out, 0, 0, 2, left, right, sum, -128, 127);
        // reals: 2 + 2 = 4; -3 + -2 = -5
        assertArrayEquals(new byte[] {4, -5}, out);
    }

    @Test
    void avgPoolAveragesTheWindow() {
        Shape in = new Shape(2, 2, 1);
        byte[] x = {1, 2, 3, 5};
        byte[] out = new byte[1];
        IntegerKernels.avgPool(x, 0, in, -1, out, 0, new Shape(1, 1, 1), 0, 2, 2, 1, 1, Requant.of(0.25), -128, 127);
        // (2 + 3 + 4 + 6) / 4 = 3.75 -> 4
        assertArrayEquals(new byte[] {4}, out);
    }

    @Test
    void layerNormNormalisesEachRow() {
        // row {0, 2}: mean 1, std 1 -> z = {-1, 1}; gamma 100, beta 0, out scale: 100 * 256 * z -> * 1/256 -> 100
        Shape shape = new Shape(1, 1, 2);
        byte[] x = {0, 2};
        byte[] out = new byte[2];
        IntegerKernels.layerNorm(x, 0, shape, 0, out, 0, 0, new int[] {100, 50}, new int[] {0, 256 * 7},
                Requant.of(1.0 / 256), -128, 127);
        // d = {-2, 2}, V = 8, sigma = isqrt(8*256/2 = 1024) = 32, n = +-2*4096/32 = +-256
        // acc = {-25600, 12800 + 1792}; /256 = {-100, 57}
        assertArrayEquals(new byte[] {-100, 57}, out);
        byte[] constant = new byte[2];
        IntegerKernels.layerNorm(new byte[] {5, 5}, 0, shape, 0, constant, 0, 3, new int[] {100, 100},
                new int[] {256, -256}, Requant.of(1.0 / 256), -128, 127);
        assertArrayEquals(new byte[] {4, 2}, constant); // sigma 0 -> beta only, plus zero point 3
    }

    @Test
    void softmaxUsesTheExpTable() {
        int[] table = new int[256];
        table[0] = 32768;
        table[1] = 16384; // exp(-1 step) = 0.5
        Shape shape = new Shape(1, 2, 3); // two rows of 3
        byte[] x = {5, 4, 4, 0, 0, -128};
        byte[] out = new byte[6];
        IntegerKernels.softmax(x, 0, shape, out, 0, table);
        // row 0: e = {32768, 16384, 16384}, p = {128, 64, 64} -> {0, -64, -64}
        // row 1: e = {32768, 32768, 0}: p = {128, 128, 0} -> {0, 0, -128}
        assertArrayEquals(new byte[] {0, -64, -64, 0, 0, -128}, out);
        byte[] single = new byte[1];
        IntegerKernels.softmax(new byte[] {9}, 0, new Shape(1, 1, 1), single, 0, table);
        assertArrayEquals(new byte[] {127}, single); // probability 1 saturates at 127
    }

    @Test
    void attentionScoresAndContextPerHead() {
        Shape shape = new Shape(1, 2, 2); // 2 tokens, 2 heads of width 1
        byte[] q = {1, 2, 3, 4};
        byte[] k = {5, 6, 7, 8};
        byte[] scores = new byte[8];
        IntegerKernels.attentionScores(q, 0, 0, k, 0, 0, shape, 2, scores, 0, 0, Requant.of(1.0), -128, 127);
        // head 0: q {1,3} k {5,7}: [[5,7],[15,21]]; head 1: q {2,4} k {6,8}: [[12,16],[24,32]]
        assertArrayEquals(new byte[] {5, 7, 15, 21, 12, 16, 24, 32}, scores);
        byte[] p = {1, 0, 0, 1, 1, 1, 0, 2}; // (2 heads, 2, 2), zero point 0
        byte[] ctx = new byte[4];
        IntegerKernels.attentionContext(p, 0, 0, k, 0, 0, shape, 2, ctx, 0, 0, Requant.of(1.0), -128, 127);
        // token 0: head0 = 1*5 + 0*7 = 5, head1 = 1*6 + 1*8 = 14; token 1: head0 = 7, head1 = 0*6 + 2*8 = 16
        assertArrayEquals(new byte[] {5, 14, 7, 16}, ctx);
    }

    @Test
    void geluLooksUpTheTable() {
        byte[] table = new byte[256];
        for (int i = 0; i < 256; i++) {
            table[i] = (byte) (255 - i - 128);
        }
        byte[] out = new byte[3];
        IntegerKernels.gelu(new byte[] {-128, 0, 127}, 0, out, 0, 3, table);
        assertArrayEquals(new byte[] {127, -1, -128}, out);
    }
}
