package studio.mammoth.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import studio.mammoth.model.ModelFixture;

class AdamWTest {
    /** Two steps on f(w) = sum(w * c), checked against Adam-with-decoupled-decay written out by hand. */
    @Test
    void matchesTheTextbookUpdate() {
        try (NDManager m = ModelFixture.manager(); Parameters p = new Parameters(m, 1)) {
            NDArray w = p.normal("w", 1.0, 2, 2);
            float[] w0 = w.toFloatArray();
            float[] c = {0.5f, -1f, 2f, 0.1f};
            p.setTrainable(true);
            AdamW adam = new AdamW(p, new AdamW.Config(0.9, 0.99, 1e-8, 0.1, 100.0));
            double lr = 0.01;
            double[] mRef = new double[4];
            double[] vRef = new double[4];
            double[] wRef = new double[4];
            for (int i = 0; i < 4; i++) {
                wRef[i] = w0[i];
            }
            for (int step = 1; step <= 2; step++) {
                try (NDManager s = m.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(s.zeros(new ai.djl.ndarray.types.Shape(1)).add(w).mul(s.create(c, w.getShape())).sum());
                    }
                }
                adam.step(lr);
                for (int i = 0; i < 4; i++) {
                    mRef[i] = 0.9 * mRef[i] + 0.1 * c[i];
                    vRef[i] = 0.99 * vRef[i] + 0.01 * c[i] * c[i];
                    double mHat = mRef[i] / (1 - Math.pow(0.9, step));
                    double vHat = vRef[i] / (1 - Math.pow(0.99, step));
                    wRef[i] = wRef[i] - lr * (mHat / (Math.sqrt(vHat) + 1e-8) + 0.1 * wRef[i]);
                }
            }
            float[] got = w.toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertEquals(wRef[i], got[i], 1e-4, "weight " + i);
            }
        }
    }
}
