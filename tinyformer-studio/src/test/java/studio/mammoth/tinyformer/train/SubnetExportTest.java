package studio.mammoth.tinyformer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.ir.FloatLayer;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.prune.SparsityPlan;
import studio.mammoth.tinyformer.ir.FloatInterpreter;
import studio.mammoth.tinyformer.space.ArchConfig;
import studio.mammoth.tinyformer.space.SearchSpace;

/** The exported IR computes what the supernet's forward pass computes (BN folding, layouts, attention, masks). */
class SubnetExportTest {

    static List<BatchSampler.Batch> randomBatches(int count, int size, int side, long seed) {
        Random rnd = new Random(seed);
        List<BatchSampler.Batch> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            float[] px = new float[size * side * side];
            int[] labels = new int[size];
            for (int i = 0; i < px.length; i++) {
                px[i] = rnd.nextFloat();
            }
            out.add(new BatchSampler.Batch(px, labels, side, new int[size]));
        }
        return out;
    }

    @Test
    void exportedFloatModelMatchesTheSupernetForward() {
        SearchSpace space = SearchSpace.hybrid(0.5, 16);
        ArchConfig arch = ArchConfig.sample(space, new Random(5));
        SparsityPlan plan = SparsityPlan.uniform(space, arch, 0.75, 8);
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet net = new Supernet(space, manager, 3);
            Map<String, NDArray> masks = SubnetMasks.of(net, arch, plan);
            List<BatchSampler.Batch> batches = randomBatches(2, 16, 16, 9);
            net.recalibrate(arch, masks, batches);
            FloatModel model = Int8Deployment.floatModel(net, arch, plan, masks);
            BatchSampler.Batch probe = batches.get(0);
            float[] djl;
            try (NDManager s = manager.newSubManager()) {
                djl = net.forward(probe.toArrays(s)[0], arch, Supernet.Mode.eval().withMasks(masks)).toFloatArray();
            }
            for (int n = 0; n < 3; n++) {
                float[] image = java.util.Arrays.copyOfRange(probe.pixels(), n * 256, (n + 1) * 256); // 16x16x1: HWC = CHW
                float[] ir = FloatInterpreter.run(model, image);
                for (int c = 0; c < 10; c++) {
                    assertEquals(djl[n * 10 + c], ir[c], 2e-3 + 2e-3 * Math.abs(ir[c]), "image " + n + " logit " + c);
                }
            }
            assertEquals(plan.weightSparsity(space, arch), SubnetMasks.weightSparsity(net, arch, masks), 1e-9,
                    "the masks prune exactly the planned blocks");
            // stem and depthwise layers (rows of k x k taps, the depthwise ones cropped from the shared 7 x 7) are
            // pruned tap by tap: a quarter of each layer's taps kept, stored with single-weight blocks
            int shortRowLayers = 0;
            for (FloatLayer l : model.layers()) {
                if (l instanceof FloatLayer.Weighted w && (l instanceof FloatLayer.DepthwiseConv2d || l == model.layers().get(0))) {
                    int zeros = 0;
                    for (float v : w.weights()) {
                        zeros += v == 0f ? 1 : 0;
                    }
                    assertEquals(1, w.blockSize());
                    assertEquals(Math.round(0.75 * w.weights().length), zeros, "pruned taps of " + l);
                    shortRowLayers++;
                }
            }
            assertEquals(1 + java.util.Arrays.stream(arch.stageDepths()).sum(), shortRowLayers);
        }
    }
}
