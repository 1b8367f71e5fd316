package studio.mammoth.app.studio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.compile.CompiledModel;
import studio.mammoth.tinyformer.data.BatchSampler;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.nas.SearchDefaults;
import studio.mammoth.tinyformer.nas.SparseNas;
import studio.mammoth.tinyformer.quant.CompileTask;
import studio.mammoth.tinyformer.space.SearchSpace;
import studio.mammoth.tinyformer.train.Int8Deployment;
import studio.mammoth.tinyformer.train.Supernet;
import studio.mammoth.tinyformer.train.SubnetMasks;
import studio.mammoth.tinyformer.train.SupernetScorer;
import studio.mammoth.tinyformer.train.SupernetTraining;
import studio.mammoth.tinyformer.train.TrainingRun;

/**
 * The product's search: SparseNAS in the space SuperNAS chose, candidates scored with the trained supernet's inherited
 * weights (pruned, normalisation recalibrated) on validation images - what {@code mammoth tinyformer search} does.
 * Choosing a candidate compiles it with those inherited weights (no fine-tuning: that is {@code tinyformer finetune}).
 */
final class SupernetBackend implements SearchBackend {
    static final int VALIDATION_IMAGES = 500;
    static final int CALIBRATION_IMAGES = 256;

    @Override
    public Optional<String> missing() {
        Path choice = SearchDefaults.chosenSpaceFile();
        if (!Files.isRegularFile(choice)) {
            return Optional.of("No search space chosen yet (" + choice + "): run ./mammoth tinyformer search --supernas-only, "
                    + "then ./mammoth tinyformer train-supernet --minutes 20");
        }
        try {
            Path checkpoint = SearchDefaults.supernetCheckpoint(space());
            if (!Files.isRegularFile(checkpoint)) {
                return Optional.of("No trained supernet at " + checkpoint + ": run ./mammoth tinyformer train-supernet --minutes 20");
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("Cannot read the chosen space " + choice + ": " + e.getMessage()
                    + " — run ./mammoth tinyformer search --supernas-only again");
        }
        return Optional.empty();
    }

    private static SearchSpace space() throws IOException {
        return SearchSpace.parse(Files.readString(SearchDefaults.chosenSpaceFile()).trim());
    }

    @Override
    public Task<SparseNas.Result> search(SearchRequest request, Consumer<CandidatePoint> points) {
        return new Task<>() {
            @Override
            public String title() {
                return "SparseNAS search (" + request.candidates() + " candidates)";
            }

            @Override
            public SparseNas.Result run(TaskContext ctx) throws IOException {
                SearchSpace space = space();
                ctx.report(0, "loading", "supernet " + space.label() + " and Fashion-MNIST");
                FashionMnistData.Splits data = FashionMnistData.load(space.resolution());
                try (NDManager manager = NDManager.newBaseManager()) {
                    Supernet net = new Supernet(space, manager, request.seed());
                    TrainingRun.loadWeights(SearchDefaults.supernetCheckpoint(space), net);
                    SupernetScorer scorer = new SupernetScorer(net, SupernetTraining.calibrationBatches(data.train(), 4, 128),
                            data.validation(), VALIDATION_IMAGES);
                    Pairing pairing = new Pairing(space, points);
                    return new SparseNas(space, SearchDefaults.searchCost(), request.constraints(), pairing.wrap(scorer),
                            request.settings(), pairing::accept).run(ctx);
                }
            }
        };
    }

    @Override
    public Task<Path> compile(CandidatePoint chosen) {
        return new Task<>() {
            @Override
            public String title() {
                return "Compile candidate #" + chosen.event().index();
            }

            @Override
            public Path run(TaskContext ctx) throws IOException {
                SearchSpace space = chosen.space();
                ctx.report(0.05, "loading", "supernet weights");
                FashionMnistData.Splits data = FashionMnistData.load(space.resolution());
                FloatModel model;
                try (NDManager manager = NDManager.newBaseManager()) {
                    Supernet net = new Supernet(space, manager, 1);
                    TrainingRun.loadWeights(SearchDefaults.supernetCheckpoint(space), net);
                    ctx.throwIfCancelled();
                    ctx.report(0.3, "exporting", "inherited weights, pruned blocks, recalibrated normalisation");
                    Map<String, NDArray> masks = SubnetMasks.of(net, chosen.candidate().arch(), chosen.candidate().sparsity());
                    List<BatchSampler.Batch> calibration = SupernetTraining.calibrationBatches(data.train(), 4, 128);
                    net.recalibrate(chosen.candidate().arch(), masks, calibration);
                    model = Int8Deployment.floatModel(net, chosen.candidate().arch(), chosen.candidate().sparsity(), masks);
                }
                ctx.throwIfCancelled();
                ctx.report(0.6, "compiling", "int8 quantisation and blob");
                CompiledModel compiled = new CompileTask(model, null, images(data.train(), CALIBRATION_IMAGES)).run(ctx);
                Path out = SearchDefaults.workDir().resolve("studio-candidate-" + chosen.event().index() + ".blob");
                Files.createDirectories(out.getParent());
                Files.write(out, compiled.blob());
                return out;
            }
        };
    }

    static List<float[]> images(FashionMnistData.Images images, int count) {
        int n = images.pixelsPerImage();
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < Math.min(count, images.size()); i++) {
            out.add(Arrays.copyOfRange(images.pixels(), i * n, (i + 1) * n));
        }
        return out;
    }
}
