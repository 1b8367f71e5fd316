package studio.mammoth.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.FloatModelIO;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.quant.ActivationRanges;
import studio.mammoth.tinyformer.reference.QuantisationCheck;
import studio.mammoth.tinyformer.reference.TestSplit;

/**
 * {@code mammoth tinyformer quant-check}: how far a model's int8 blob departs from the float model it was quantised
 * from, layer by layer, and what that costs in accuracy ({@link QuantisationCheck}).
 */
@Command(name = "quant-check",
        description = "Compare a float model (.tfm) with its int8 blob layer by layer on test images: the share of each "
                + "layer's int8 outputs that differ from its float operator on the same inputs, and the accuracies of the "
                + "float model, the simulated int8 model (what quantisation-aware training evaluates) and the blob.")
public final class TinyformerQuantCheckCommand implements Callable<Integer> {
    /** The shipped float model beside the shipped blob. */
    static final String SHIPPED_MODEL = "tinyformer.tfm";

    @Option(names = "--model", paramLabel = "FILE", description = "Float model with activation ranges (.tfm, written by "
            + "./mammoth tinyformer finetune; default: the shipped model).")
    Path model;

    @Option(names = "--limit", defaultValue = "1000", description = "Test images to check (default ${DEFAULT-VALUE}; "
            + "all 10000 take about 5 minutes on two cores).")
    int limit;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            System.err.println("--limit must be at least 1");
            return 2;
        }
        Path file = TinyformerCommand.givenOrShipped(model, SHIPPED_MODEL);
        if (!Files.isRegularFile(file)) {
            System.err.println("no float model at " + file + " (./mammoth tinyformer finetune writes one)");
            return 2;
        }
        FloatModelIO.Saved saved = FloatModelIO.read(file);
        if (saved.ranges() == null) {
            System.err.println(file + " carries no activation ranges: its blob is calibrated at compile time, so there "
                    + "is no fixed quantisation to check");
            return 2;
        }
        FloatModel floatModel = saved.model();
        Shape input = floatModel.shape(floatModel.input());
        if (input.h() != input.w() || input.c() != 1) {
            System.err.println(file + " expects " + input + " inputs; Fashion-MNIST pictures are square and grey");
            return 2;
        }
        TestSplit test = TestSplit.load(FashionMnist.defaultDirectory(), input.h(), limit);
        StageLog log = new StageLog();
        QuantisationCheck.Result r = new QuantisationCheck(floatModel, ActivationRanges.of(floatModel, saved.ranges()), test)
                .run(new TaskContext(new CancelToken(), log));
        log.finish();
        System.out.printf(Locale.ROOT, "%-3s %-24s %-18s %12s %10s %12s %6s%n", "#", "tensor", "op", "values", "differing",
                "mean signed", "max");
        for (int i = 0; i < r.layers().size(); i++) {
            QuantisationCheck.LayerAgreement a = r.layers().get(i);
            System.out.printf(Locale.ROOT, "%-3d %-24s %-18s %12d %9.2f%% %12.4f %6d%n", i, a.tensor(), a.op(), a.values(),
                    100 * a.differingShare(), a.meanSignedSteps(), a.maxSteps());
        }
        System.out.println("differing: int8 outputs of the blob's layer that differ from the layer's float operator (int8 "
                + "weights) on the blob's own inputs, rounded to the output's grid; mean signed and max in int8 steps");
        System.out.printf(Locale.ROOT, "quant-check %s: %d test images%s; accuracy float=%.4f simulated_int8=%.4f int8_blob=%.4f%n",
                file, r.images(), r.images() < 10000 ? " (NOT the full test split)" : "", r.floatAccuracy(),
                r.simulatedAccuracy(), r.int8Accuracy());
        return 0;
    }
}
