package studio.mammoth.tinyformer.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.quant.ActivationRanges;

/** The layer-by-layer comparison of a blob with its float model, on a random hybrid network with every operator. */
class QuantisationCheckTest {

    @Test
    void everyIntegerKernelAgreesWithItsFloatOperatorWithinOneStep() throws Exception {
        FloatModel model = RandomModels.hybrid(3, 28, 0.7);
        List<float[]> pictures = RandomModels.pictures(3, new Shape(28, 28, 1), 12);
        ActivationRanges ranges = ActivationRanges.calibrate(model, pictures.subList(0, 8));
        List<byte[]> inputs = new ArrayList<>();
        int[] labels = new int[pictures.size()];
        for (int i = 0; i < pictures.size(); i++) {
            inputs.add(RandomModels.int8Input(pictures.get(i)));
            labels[i] = i % 10;
        }
        QuantisationCheck.Result r = new QuantisationCheck(model, ranges, new TestSplit(inputs, labels))
                .run(TaskContext.unobserved());

        assertEquals(12, r.images());
        assertEquals(model.layers().size(), r.layers().size());
        // One rounding of exact sums leaves ties and the bias's rounding; LayerNorm's and softmax's integer forms
        // approximate a little more. A kernel with a wrong zero point, scale or rounding would miss on most outputs.
        for (QuantisationCheck.LayerAgreement a : r.layers()) {
            assertTrue(a.maxSteps() <= 1, a.tensor() + " " + a.op() + " is " + a.maxSteps() + " int8 steps off its float operator");
            assertTrue(a.differingShare() < 0.1, a.tensor() + " " + a.op() + ": " + a.differingShare() + " of its outputs differ");
            assertEquals(model.shape(model.tensorId(a.tensor())).size() * 12L, a.values());
        }
    }
}
