package studio.mammoth.tinyformer.board;

import java.util.ArrayList;
import java.util.List;
import studio.mammoth.tinyformer.compile.BlobCompiler;
import studio.mammoth.tinyformer.compile.BlobFormatException;
import studio.mammoth.tinyformer.compile.BlobParser;
import studio.mammoth.tinyformer.ir.Int8Weights;
import studio.mammoth.tinyformer.ir.QLayer;
import studio.mammoth.tinyformer.ir.QuantizedModel;

/**
 * The same int8 model with every weight matrix stored dense, so the board runs it on the dense kernels:
 * identical integers (hence identical logits), only the encoding differs. Its instruction count over
 * the sparse blob's is the measured sparse speed-up.
 */
public final class DenseVariant {
    private DenseVariant() {
    }

    public static byte[] of(byte[] blob) throws BlobFormatException {
        QuantizedModel m = BlobParser.parse(blob).model();
        List<QLayer> layers = new ArrayList<>();
        for (QLayer layer : m.layers()) {
            layers.add(dense(layer));
        }
        return BlobCompiler.compile(new QuantizedModel(m.name() + "-dense", m.tensors(), layers, m.input(), m.output())).blob();
    }

    private static QLayer dense(QLayer layer) {
        if (layer instanceof QLayer.Conv2d c) {
            return new QLayer.Conv2d(c.input(), c.output(), c.geometry(), dense(c.weights()), c.quant(), c.actMin(), c.actMax());
        }
        if (layer instanceof QLayer.DepthwiseConv2d d) {
            return new QLayer.DepthwiseConv2d(d.input(), d.output(), d.geometry(), dense(d.weights()), d.quant(), d.actMin(), d.actMax());
        }
        if (layer instanceof QLayer.FullyConnected f) {
            return new QLayer.FullyConnected(f.input(), f.output(), dense(f.weights()), f.quant(), f.actMin(), f.actMax());
        }
        return layer;
    }

    private static Int8Weights dense(Int8Weights w) {
        return new Int8Weights(w.rows(), w.rowLength(), w.values(), 0);
    }
}
