package studio.mammoth.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.compile.Budget;
import studio.mammoth.tinyformer.compile.CompiledModel;
import studio.mammoth.tinyformer.compile.Cost;
import studio.mammoth.tinyformer.compile.CostModel;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.FloatModelIO;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.quant.ActivationRanges;
import studio.mammoth.tinyformer.quant.CompileTask;
import studio.mammoth.tinyformer.reference.RandomModels;

/** {@code mammoth tinyformer compile}: a float model (.tfm) -> int8 sparse blob, with its layer table and cost. */
@Command(name = "compile",
        description = "Quantise a trained TinyFormer float model (.tfm) to int8 and compile it to the deployable sparse blob "
                + "(docs/tinyformer/BLOB_FORMAT.md); print the layer table, flash, SRAM and MACs.")
public final class TinyformerCompileCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--model", paramLabel = "FILE", description = "Float model written by training (.tfm).")
        Path model;

        @Option(names = "--example", description = "Compile a seeded random (untrained) hybrid network with every operator "
                + "instead: for trying the toolchain and the board before a model is trained.")
        boolean example;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--out", paramLabel = "FILE", description = "Blob to write (default: the model's path with .blob; "
            + "tinyformer-example.blob for --example).")
    Path out;

    @Option(names = "--calibration", defaultValue = "256", description = "Training images to calibrate activation ranges on "
            + "when the model carries none (default ${DEFAULT-VALUE}).")
    int calibration;

    @Option(names = "--sparsity", defaultValue = "0.8", description = "--example only: fraction of weight blocks pruned "
            + "in its sparse layers (default ${DEFAULT-VALUE}).")
    double sparsity;

    @Override
    public Integer call() throws Exception {
        if (calibration < 1) {
            System.err.println("--calibration must be at least 1");
            return 2;
        }
        FloatModel model;
        ActivationRanges ranges = null;
        List<float[]> calibrationInputs = new ArrayList<>();
        Path target;
        if (source.example) {
            if (sparsity < 0 || sparsity >= 1) {
                System.err.println("--sparsity must be in [0, 1)");
                return 2;
            }
            model = RandomModels.hybrid(1, 28, sparsity);
            calibrationInputs.addAll(trainingImages(28, calibration));
            target = out != null ? out : Path.of("tinyformer-example.blob");
        } else {
            if (!Files.isRegularFile(source.model)) {
                System.err.println("no float model at " + source.model + " (training writes one; see ./mammoth tinyformer finetune)");
                return 2;
            }
            FloatModelIO.Saved saved = FloatModelIO.read(source.model);
            model = saved.model();
            Shape in = model.shape(model.input());
            if (saved.ranges() != null) {
                ranges = ActivationRanges.of(model, saved.ranges());
            } else if (in.h() == in.w() && in.c() == 1) {
                calibrationInputs.addAll(trainingImages(in.h(), calibration));
            } else {
                System.err.println(source.model + " carries no activation ranges and its input " + in
                        + " is not a Fashion-MNIST picture to calibrate on");
                return 2;
            }
            String name = source.model.getFileName().toString().replaceFirst("\\.tfm$", "");
            target = out != null ? out : source.model.resolveSibling(name + ".blob");
        }
        StageLog log = new StageLog();
        TaskContext ctx = new TaskContext(new CancelToken(), log);
        CompiledModel compiled = new CompileTask(model, ranges, calibrationInputs).run(ctx);
        log.finish();
        Files.write(target, compiled.blob());

        System.out.printf(Locale.ROOT, "%-3s %-22s %-16s %-10s %-7s %8s %6s %10s %10s%n", "#", "layer", "op", "output", "weights",
                "bytes", "zeros", "macs", "executed");
        for (int i = 0; i < compiled.layers().size(); i++) {
            CompiledModel.LayerFootprint l = compiled.layers().get(i);
            String format = l.weights() == 0 ? "-" : l.blockSize() == 0 ? "dense" : "B=" + l.blockSize();
            System.out.printf(Locale.ROOT, "%-3d %-22s %-16s %-10s %-7s %8d %6s %10d %10d%n", i, l.name(), l.op(),
                    l.outputShape(), format, l.weightBytes() + l.paramBytes(),
                    l.weights() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) l.zeroWeights() / l.weights()),
                    l.denseMacs(), l.effectiveMacs());
        }
        Cost cost = CostModel.current().cost(compiled);
        System.out.printf(Locale.ROOT, "wrote %s: %d bytes, arena %d bytes%n", target, compiled.blob().length,
                compiled.plan().arenaSize());
        System.out.println(cost.summary() + (cost.fits(Budget.STM32F746) ? " (fits" : " (does NOT fit") + " the STM32F746: 1024 KB flash, 320 KB SRAM)");
        System.out.println("runtime figures from " + cost.runtime().source());
        if (source.example) {
            System.out.println("note: --example is an untrained random network; its predictions mean nothing");
        }
        return 0;
    }

    private static List<float[]> trainingImages(int side, int count) throws java.io.IOException {
        FashionMnistData.Images train = FashionMnistData.load(side).train().head(count);
        List<float[]> images = new ArrayList<>();
        int n = train.pixelsPerImage();
        for (int i = 0; i < train.size(); i++) {
            images.add(java.util.Arrays.copyOfRange(train.pixels(), i * n, (i + 1) * n));
        }
        return images;
    }
}
