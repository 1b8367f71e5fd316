package studio.mammoth.model.align;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import studio.mammoth.model.nn.Attention;
import studio.mammoth.model.nn.Linear;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.RmsNorm;
import studio.mammoth.model.nn.SwiGlu;

/**
 * Reads the image-code states into learned queries: each layer is query self-attention, cross-attention to the
 * (projected) inputs, and a SwiGLU FFN, all pre-norm residual. A spatial Q-Former ({@link AlignConfig#spatial()}) adds a
 * learned position embedding to the inputs, so a query can find its own cell of the plan.
 */
public final class QFormer {
    private final NDArray queries; // (Q, Ddit)
    private final RmsNorm inputNorm;
    private final Linear inputProjection;
    private final NDArray inputPosition; // (N, Ddit) for a spatial Q-Former, else null
    private final List<Layer> layers = new ArrayList<>();
    private final RmsNorm outputNorm;

    private record Layer(RmsNorm selfNorm, Attention self, RmsNorm crossNorm, Attention cross, RmsNorm ffnNorm, SwiGlu ffn) {
    }

    /** @param inputs how many states it reads (the plan's G*G codes) */
    public QFormer(Parameters p, String name, AlignConfig config, int arWidth, int width, int inputs) {
        queries = p.normal(name + ".queries", 0.02, config.queries(), width);
        inputNorm = new RmsNorm(p, name + ".input_norm", arWidth);
        inputProjection = new Linear(p, name + ".input_proj", arWidth, width, true);
        inputPosition = config.spatial() ? p.normal(name + ".input_position", 0.02, inputs, width) : null;
        for (int i = 0; i < config.qformerLayers(); i++) {
            String l = name + ".layer" + i;
            layers.add(new Layer(new RmsNorm(p, l + ".self_norm", width), new Attention(p, l + ".self", width, width, config.heads()),
                    new RmsNorm(p, l + ".cross_norm", width), new Attention(p, l + ".cross", width, width, config.heads()),
                    new RmsNorm(p, l + ".ffn_norm", width), new SwiGlu(p, l + ".ffn", width, SwiGlu.hiddenFor(width))));
        }
        outputNorm = new RmsNorm(p, name + ".output_norm", width);
    }

    /** states (B, N, Dar) -> (B, Q, Ddit). */
    public NDArray forward(NDArray states) {
        long b = states.getShape().get(0);
        NDArray context = inputProjection.forward(inputNorm.forward(states));                 // (B, N, Ddit)
        if (inputPosition != null) {
            context = context.add(inputPosition);
        }
        NDArray q = Parameters.inScope(queries, states.getManager()).expandDims(0).repeat(0, b); // (B, Q, Ddit)
        for (Layer layer : layers) {
            NDArray n = layer.selfNorm().forward(q);
            q = q.add(layer.self().forward(n, n, null, null));
            q = q.add(layer.cross().forward(layer.crossNorm().forward(q), context, null, null));
            q = q.add(layer.ffn().forward(layer.ffnNorm().forward(q)));
        }
        return outputNorm.forward(q);
    }
}
