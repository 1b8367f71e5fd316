package studio.mammoth.tinyformer.ir;

import java.util.List;

/**
 * Runs a {@link FloatModel} in float32 (HWC, batch 1): the meaning the int8 model approximates. Used to calibrate
 * activation ranges and to measure quantisation error; training code can use it to check that its export matches its
 * own forward pass.
 */
public final class FloatInterpreter {

    private FloatInterpreter() {
    }

    /** Output tensor for one input (HWC floats, pixel / 255 for pictures). */
    public static float[] run(FloatModel model, float[] input) {
        return runAll(model, input)[model.output()];
    }

    /** Every tensor's values for one input, indexed by tensor id. */
    public static float[][] runAll(FloatModel model, float[] input) {
        if (input.length != model.shape(model.input()).size()) {
            throw new IllegalArgumentException("input has " + input.length + " values, model expects "
                    + model.shape(model.input()).size());
        }
        float[][] t = new float[model.tensors().size()][];
        t[model.input()] = input;
        for (FloatLayer layer : model.layers()) {
            t[layer.output()] = runLayer(model, layer, t);
        }
        return t;
    }

    /**
     * One layer's output from the tensors computed so far (indexed by tensor id; only the layer's inputs are read).
     * Lets a caller run a layer on inputs of its choosing, e.g. the integer engine's own, dequantised.
     */
    public static float[] runLayer(FloatModel model, FloatLayer layer, float[][] t) {
        List<Integer> in = layer.inputs();
        Shape s0 = model.shape(in.get(0));
        Shape so = model.shape(layer.output());
        float[] x = t[in.get(0)];
        float[] y = new float[so.size()];
        if (layer instanceof FloatLayer.Conv2d c) {
            conv(x, s0, y, so, c.geometry(), c.weights(), c.bias(), false);
        } else if (layer instanceof FloatLayer.DepthwiseConv2d d) {
            conv(x, s0, y, so, d.geometry(), d.weights(), d.bias(), true);
        } else if (layer instanceof FloatLayer.FullyConnected f) {
            int din = s0.c();
            int dout = so.c();
            for (int r = 0; r < s0.rows(); r++) {
                for (int o = 0; o < dout; o++) {
                    double acc = f.bias()[o];
                    for (int k = 0; k < din; k++) {
                        acc += x[r * din + k] * f.weights()[o * din + k];
                    }
                    y[r * dout + o] = (float) acc;
                }
            }
        } else if (layer instanceof FloatLayer.Add a) {
            float[] b = t[a.right()];
            for (int i = 0; i < y.length; i++) {
                y[i] = x[i] + b[i];
            }
        } else if (layer instanceof FloatLayer.AvgPool p) {
            for (int oy = 0; oy < so.h(); oy++) {
                for (int ox = 0; ox < so.w(); ox++) {
                    for (int c = 0; c < so.c(); c++) {
                        double acc = 0;
                        for (int ky = 0; ky < p.kernelH(); ky++) {
                            for (int kx = 0; kx < p.kernelW(); kx++) {
                                acc += x[((oy * p.strideH() + ky) * s0.w() + ox * p.strideW() + kx) * s0.c() + c];
                            }
                        }
                        y[(oy * so.w() + ox) * so.c() + c] = (float) (acc / (p.kernelH() * p.kernelW()));
                    }
                }
            }
        } else if (layer instanceof FloatLayer.LayerNorm n) {
            int d = s0.c();
            for (int r = 0; r < s0.rows(); r++) {
                double mean = 0;
                for (int i = 0; i < d; i++) {
                    mean += x[r * d + i];
                }
                mean /= d;
                double var = 0;
                for (int i = 0; i < d; i++) {
                    double dv = x[r * d + i] - mean;
                    var += dv * dv;
                }
                var /= d;
                double inv = 1 / Math.sqrt(var + n.epsilon());
                for (int i = 0; i < d; i++) {
                    y[r * d + i] = (float) ((x[r * d + i] - mean) * inv * n.gamma()[i] + n.beta()[i]);
                }
            }
        } else if (layer instanceof FloatLayer.AttentionScores s) {
            float[] k = t[s.key()];
            int tokens = s0.rows();
            int d = s0.c();
            int dh = d / s.heads();
            double scale = 1 / Math.sqrt(dh);
            for (int h = 0; h < s.heads(); h++) {
                for (int i = 0; i < tokens; i++) {
                    for (int j = 0; j < tokens; j++) {
                        double acc = 0;
                        for (int c = 0; c < dh; c++) {
                            acc += x[i * d + h * dh + c] * k[j * d + h * dh + c];
                        }
                        y[(h * tokens + i) * tokens + j] = (float) (acc * scale);
                    }
                }
            }
        } else if (layer instanceof FloatLayer.Softmax) {
            int c = s0.c();
            for (int r = 0; r < s0.rows(); r++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) {
                    max = Math.max(max, x[r * c + j]);
                }
                double sum = 0;
                for (int j = 0; j < c; j++) {
                    sum += Math.exp(x[r * c + j] - max);
                }
                for (int j = 0; j < c; j++) {
                    y[r * c + j] = (float) (Math.exp(x[r * c + j] - max) / sum);
                }
            }
        } else if (layer instanceof FloatLayer.AttentionContext a) {
            float[] v = t[a.value()];
            Shape vs = model.shape(a.value());
            int tokens = vs.rows();
            int d = vs.c();
            int dh = d / a.heads();
            for (int i = 0; i < tokens; i++) {
                for (int h = 0; h < a.heads(); h++) {
                    for (int c = 0; c < dh; c++) {
                        double acc = 0;
                        for (int j = 0; j < tokens; j++) {
                            acc += x[(h * tokens + i) * tokens + j] * v[j * d + h * dh + c];
                        }
                        y[i * d + h * dh + c] = (float) acc;
                    }
                }
            }
        } else if (layer instanceof FloatLayer.Gelu) {
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) gelu(x[i]);
            }
        } else {
            throw new IllegalStateException("unknown layer " + layer);
        }
        if (layer instanceof FloatLayer.Weighted w) {
            for (int i = 0; i < y.length; i++) {
                y[i] = w.activation().apply(y[i]);
            }
        } else if (layer instanceof FloatLayer.Add a) {
            for (int i = 0; i < y.length; i++) {
                y[i] = a.activation().apply(y[i]);
            }
        }
        return y;
    }

    private static void conv(float[] x, Shape s0, float[] y, Shape so, ConvGeometry g, float[] w, float[] bias,
                             boolean depthwise) {
        int cin = s0.c();
        int rowLength = g.kernelH() * g.kernelW() * (depthwise ? 1 : cin);
        for (int oy = 0; oy < so.h(); oy++) {
            for (int ox = 0; ox < so.w(); ox++) {
                for (int co = 0; co < so.c(); co++) {
                    double acc = bias[co];
                    for (int ky = 0; ky < g.kernelH(); ky++) {
                        int iy = oy * g.strideH() - g.padTop() + ky;
                        if (iy < 0 || iy >= s0.h()) {
                            continue;
                        }
                        for (int kx = 0; kx < g.kernelW(); kx++) {
                            int ix = ox * g.strideW() - g.padLeft() + kx;
                            if (ix < 0 || ix >= s0.w()) {
                                continue;
                            }
                            int base = (iy * s0.w() + ix) * cin;
                            if (depthwise) {
                                acc += x[base + co] * w[co * rowLength + ky * g.kernelW() + kx];
                            } else {
                                int wBase = co * rowLength + (ky * g.kernelW() + kx) * cin;
                                for (int ci = 0; ci < cin; ci++) {
                                    acc += x[base + ci] * w[wBase + ci];
                                }
                            }
                        }
                    }
                    y[(oy * so.w() + ox) * so.c() + co] = (float) acc;
                }
            }
        }
    }

    /** Exact GELU: x * Phi(x) = x / 2 * (1 + erf(x / sqrt 2)). */
    public static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf with |error| < 1.2e-7 (Numerical Recipes' Chebyshev fit of erfc), deterministic (StrictMath). */
    public static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * StrictMath.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc : erfc - 1;
    }
}
