package studio.mammoth.tinyformer.reference;

import studio.mammoth.tinyformer.ir.QLayer;
import studio.mammoth.tinyformer.ir.QuantizedModel;
import studio.mammoth.tinyformer.ir.QuantizedModel.QTensor;

/**
 * Runs one layer of a quantised model with {@link IntegerKernels}. Tensor t lives at {@code memory[t]} from byte
 * {@code offsets[t]}: the interpreter points every tensor into one arena at the planned offsets; kernel tests and
 * test vectors give each tensor its own array.
 */
final class LayerExecutor {

    private LayerExecutor() {
    }

    /** Kept blocks a weighted layer's kernel iterates (the block size when sparse, else whole channel runs). */
    static KeptBlocks blocksOf(QuantizedModel model, QLayer l) {
        if (l instanceof QLayer.Conv2d c) {
            return KeptBlocks.of(c.weights(), c.weights().sparse() ? c.weights().blockSize()
                    : model.shape(c.input()).c());
        }
        if (l instanceof QLayer.FullyConnected f) {
            return KeptBlocks.of(f.weights(), f.weights().sparse() ? f.weights().blockSize() : f.weights().rowLength());
        }
        return null;
    }

    /** Layer {@code index} with each tensor in its own array (inputs from {@code tensors}); returns its output. */
    static byte[] runAlone(QuantizedModel model, int index, byte[][] tensors) {
        QLayer l = model.layers().get(index);
        byte[][] memory = tensors.clone();
        memory[l.output()] = new byte[model.shape(l.output()).size()];
        execute(model, l, blocksOf(model, l), memory, new int[tensors.length]);
        return memory[l.output()];
    }

    static void execute(QuantizedModel model, QLayer l, KeptBlocks blocks, byte[][] memory, int[] offsets) {
        int outId = l.output();
        QTensor out = model.tensor(outId);
        byte[] y = memory[outId];
        int o = offsets[outId];
        int inId = l.inputs().get(0);
        QTensor x = model.tensor(inId);
        byte[] a = memory[inId];
        int xo = offsets[inId];
        if (l instanceof QLayer.Conv2d c) {
            IntegerKernels.conv2d(a, xo, x.shape(), x.zeroPoint(), y, o, out.shape(), out.zeroPoint(), c.geometry(),
                    c.weights(), blocks, c.quant(), c.actMin(), c.actMax());
        } else if (l instanceof QLayer.DepthwiseConv2d d) {
            IntegerKernels.depthwise(a, xo, x.shape(), x.zeroPoint(), y, o, out.shape(), out.zeroPoint(), d.geometry(),
                    d.weights(), d.quant(), d.actMin(), d.actMax());
        } else if (l instanceof QLayer.FullyConnected f) {
            IntegerKernels.fullyConnected(a, xo, x.shape(), x.zeroPoint(), y, o, out.zeroPoint(), f.weights(), blocks,
                    f.quant(), f.actMin(), f.actMax());
        } else if (l instanceof QLayer.Add add) {
            QTensor b = model.tensor(add.right());
            IntegerKernels.add(a, xo, x.zeroPoint(), memory[add.right()], offsets[add.right()], b.zeroPoint(), y, o,
                    out.zeroPoint(), out.shape().size(), add.leftScale(), add.rightScale(), add.outScale(), add.actMin(),
                    add.actMax());
        } else if (l instanceof QLayer.AvgPool p) {
            IntegerKernels.avgPool(a, xo, x.shape(), x.zeroPoint(), y, o, out.shape(), out.zeroPoint(), p.kernelH(),
                    p.kernelW(), p.strideH(), p.strideW(), p.scale(), p.actMin(), p.actMax());
        } else if (l instanceof QLayer.LayerNorm n) {
            IntegerKernels.layerNorm(a, xo, x.shape(), x.zeroPoint(), y, o, out.zeroPoint(), n.gamma(), n.beta(),
                    n.scale(), n.actMin(), n.actMax());
        } else if (l instanceof QLayer.AttentionScores s) {
            QTensor k = model.tensor(s.key());
            IntegerKernels.attentionScores(a, xo, x.zeroPoint(), memory[s.key()], offsets[s.key()], k.zeroPoint(),
                    x.shape(), s.heads(), y, o, out.zeroPoint(), s.scale(), s.actMin(), s.actMax());
        } else if (l instanceof QLayer.Softmax s) {
            IntegerKernels.softmax(a, xo, x.shape(), y, o, s.expTable());
        } else if (l instanceof QLayer.AttentionContext c) {
            QTensor v = model.tensor(c.value());
            IntegerKernels.attentionContext(a, xo, x.zeroPoint(), memory[c.value()], offsets[c.value()], v.zeroPoint(),
                    v.shape(), c.heads(), y, o, out.zeroPoint(), c.scale(), c.actMin(), c.actMax());
        } else if (l instanceof QLayer.Gelu g) {
            IntegerKernels.gelu(a, xo, y, o, out.shape().size(), g.table());
        } else {
            throw new IllegalStateException("unknown layer " + l);
        }
    }
}
