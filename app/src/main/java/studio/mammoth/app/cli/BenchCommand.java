package studio.mammoth.app.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.Progress;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.api.ModelFiles;
import studio.mammoth.model.api.ModelAnswerer;
import studio.mammoth.model.api.ModelEditor;
import studio.mammoth.model.api.ModelRenderer;
import studio.mammoth.model.api.PlanRenderer;
import studio.mammoth.model.ar.SamplingSettings;
import studio.mammoth.model.bench.Answerer;
import studio.mammoth.model.bench.Editor;
import studio.mammoth.model.bench.EditBench;
import studio.mammoth.model.bench.GenEvalBench;
import studio.mammoth.model.bench.IdentityEditor;
import studio.mammoth.model.bench.OracleRenderer;
import studio.mammoth.model.bench.PromptRenderer;
import studio.mammoth.model.bench.RenderFidelityBench;
import studio.mammoth.model.bench.ShuffledOracle;
import studio.mammoth.model.bench.TokenizedOracle;
import studio.mammoth.model.bench.TokenizerRoundTrip;
import studio.mammoth.model.bench.Throughput;
import studio.mammoth.model.bench.VqaBench;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.judge.CuratedWorlds;
import studio.mammoth.model.judge.Judge;
import studio.mammoth.model.judge.JudgeFiles;
import studio.mammoth.model.judge.JudgeTraining;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.world.EditCategory;
import studio.mammoth.model.world.GenEvalPrompt;
import studio.mammoth.model.world.GenEvalSuite;
import studio.mammoth.model.world.GenEvalTask;
import studio.mammoth.model.world.QuestionType;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * The benchmark suite: GenEval, ImgEdit-style editing and VQA over the wardrobe world, world and judge throughput, and
 * the training of the judge itself. Each benchmark prints its scores and a trust line (oracle and negative control
 * measured in the same run); the exit code is 3 when the trust condition fails.
 */
@Command(name = "bench", description = "Benchmarks: GenEval, image editing and VQA in the wardrobe world; throughput; the judge.",
        subcommands = {BenchCommand.GenEval.class, BenchCommand.ImgEdit.class, BenchCommand.Vqa.class, BenchCommand.Render.class, BenchCommand.World.class,
                BenchCommand.TrainJudge.class, BenchSpeedCommand.class})
final class BenchCommand implements Runnable {
    static final int UNTRUSTED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs a task on this thread, echoing its progress to stderr at most every two seconds. */
    static <R> R runTask(Task<R> task) throws Exception {
        long[] last = {0};
        TaskContext context = new TaskContext(new CancelToken(), (Progress p) -> {
            long now = System.nanoTime();
            if (now - last[0] > 2_000_000_000L) {
                last[0] = now;
                System.err.println("  " + p.stage() + ": " + p.message());
            }
        });
        return task.run(context);
    }

    /**
     * The model for a model-mode benchmark, or null for the oracle modes. When no mode was chosen the model mode is the
     * default only if weights trained for the capability are there; otherwise the user is told what to choose or train.
     */
    static MammothModel capableModel(CommandLine.Model.CommandSpec spec, boolean wanted, Path models,
                                     java.util.function.Predicate<MammothModel> capable, String what, boolean defaulted) throws IOException {
        if (!wanted) {
            return null;
        }
        Path dir = models != null ? models : ModelFiles.directory();
        String train = "train it with " + MammothModel.TRAIN_UNIFIED;
        if (!ModelFiles.present(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no model in " + dir + " (" + train + ")"
                    + (defaulted ? ": choose an oracle mode" : ""));
        }
        MammothModel model = MammothModel.load(dir);
        if (!capable.test(model)) {
            model.close();
            throw new CommandLine.ParameterException(spec.commandLine(), "the model in " + dir + " was not trained to " + what + " ("
                    + train + ")" + (defaulted ? ": choose an oracle mode" : ""));
        }
        return model;
    }

    /**
     * The tokenizer the oracle modes see the ground truth through: the models folder's, with its AR's plan codes when a
     * generator is there, or a tokenizer alone, its codes merged as the standard AR merges them.
     */
    static final class OracleTokenizer implements AutoCloseable {
        private final MammothModel model;
        private final NDManager manager;
        private final MammothTok tok;

        private OracleTokenizer(MammothModel model, NDManager manager, MammothTok tok) {
            this.model = model;
            this.manager = manager;
            this.tok = tok;
        }

        static void require(CommandLine.Model.CommandSpec spec, Path modelDir) {
            Path file = modelDir.resolve(ModelFiles.TOKENIZER);
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no tokenizer " + file + " yet (train it with " + ModelFiles.TRAIN_TOKENIZER + ")");
            }
        }

        static OracleTokenizer open(Path modelDir) throws IOException {
            if (ModelFiles.present(modelDir)) {
                MammothModel model = MammothModel.load(modelDir);
                return new OracleTokenizer(model, null, model.tokenizer());
            }
            NDManager manager = DjlEngine.engine().newBaseManager();
            try {
                return new OracleTokenizer(null, manager, ModelFiles.readTokenizer(modelDir.resolve(ModelFiles.TOKENIZER), manager));
            } catch (IOException | RuntimeException e) {
                manager.close();
                throw e;
            }
        }

        TokenizerRoundTrip roundTrip(boolean throughCodes) {
            if (!throughCodes) {
                return TokenizerRoundTrip.throughLatents(tok);
            }
            return model != null ? TokenizerRoundTrip.throughCodes(tok, model.generator().layout()::planCode) : TokenizerRoundTrip.throughCodes(tok);
        }

        @Override
        public void close() {
            if (model != null) {
                model.close();
            }
            if (manager != null) {
                manager.close();
            }
        }
    }

    static FashionMnist.Split loadSplit(FashionMnist.Part part) throws IOException {
        try {
            return FashionMnist.load(part);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + " — run ./mammoth doctor", e);
        }
    }

    /** The evaluation world and the judge, with messages that say which command fixes what is missing. */
    static WardrobeWorld evaluationWorld() throws IOException {
        if (!FashionMnist.isInstalled(FashionMnist.defaultDirectory())) {
            throw new IOException("Fashion-MNIST is missing at " + FashionMnist.defaultDirectory() + ": run ./mammoth doctor");
        }
        return CuratedWorlds.evaluation();
    }

    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    @Command(name = "geneval", description = "GenEval in the wardrobe world: six tasks, per-task and overall scores, with a trust line.")
    static final class GenEval implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--prompts", paramLabel = "FILE.jsonl", description = "Prompts in GenEval's metadata format (default: the built-in 553-prompt suite).")
        Path prompts;

        @Option(names = "--limit", paramLabel = "N", description = "Only N prompts, taken in turn from each task so all six stay represented.")
        Integer limit;

        @Option(names = "--images-per-prompt", defaultValue = "4", paramLabel = "K", description = "Images per prompt (default ${DEFAULT-VALUE}).")
        int imagesPerPrompt;

        @Option(names = "--seed", defaultValue = "0", description = "Run seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", paramLabel = "DIR", description = "Write every image, a JSON verdict per image, report.json and failures.png here.")
        Path out;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Mode mode;

        static final class Mode {
            @Option(names = "--oracle", description = "Judge the ground-truth render of each prompt.")
            boolean oracle;

            @Option(names = "--shuffled-oracle", description = "Judge the ground truth of a different prompt of the same task (negative control).")
            boolean shuffledOracle;

            @Option(names = "--coded-oracle", description = "Judge the ground truth encoded by the model's tokenizer into the codes its AR "
                    + "plans with, and decoded: the best any plan of the model can score (a tokenizer alone: merged as the standard AR merges).")
            boolean codedOracle;

            @Option(names = "--latent-oracle", description = "Judge the ground truth encoded into the tokenizer's continuous latents and "
                    + "decoded: the best any DiT rendering in them can score.")
            boolean latentOracle;

            @Option(names = "--images", paramLabel = "DIR", description = "Judge pictures made elsewhere: DIR/00012/samples/0003.png is sample 3 of prompt 12.")
            Path images;

            @Option(names = "--model", description = "Judge the trained text-to-image model in assets/models (the default when its weights are there).")
            boolean model;
        }

        @CommandLine.Mixin
        DenoisingOptions denoising;

        @CommandLine.Mixin
        PlanSamplingOptions plan;

        @Option(names = "--plan-only", description = "Model mode: judge the AR's plans decoded by the tokenizer, the DiT out of the loop "
                + "(the same plans the full model renders for the same seeds: splits its errors between planning and rendering).")
        boolean planOnly;

        @Option(names = "--models", paramLabel = "DIR", description = "Model mode and the tokenizer oracles: the weights folder (default: "
                + "assets/models), e.g. runs/generator-dit-only/export for the DiT-only ablation.")
        Path models;

        @Override
        public Integer call() throws Exception {
            Path modelDir = models != null ? models : ModelFiles.directory();
            boolean modelPresent = ModelFiles.present(modelDir);
            boolean judgeModel = mode == null || mode.model;
            boolean tokenizerOracle = !judgeModel && (mode.codedOracle || mode.latentOracle);
            if (judgeModel && !modelPresent) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no text-to-image model in " + modelDir
                        + " yet (train it with " + ModelFiles.TRAIN_TOKENIZER + " and " + ModelFiles.TRAIN_GENERATOR + "): choose --oracle, --shuffled-oracle or --images DIR");
            }
            if (tokenizerOracle) {
                OracleTokenizer.require(spec, modelDir);
            }
            if (planOnly && !judgeModel) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--plan-only judges the model's plans: it does not go with "
                        + "--oracle, --shuffled-oracle or --images");
            }
            if (mode != null && mode.images != null && !Files.isDirectory(mode.images)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--images " + mode.images + " is not a folder");
            }
            List<GenEvalPrompt> all;
            List<Integer> lines = null;
            if (prompts != null) {
                if (!Files.isRegularFile(prompts)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--prompts " + prompts + " does not exist");
                }
                GenEvalSuite.Parsed parsed = GenEvalSuite.read(prompts);
                parsed.problems().forEach(p -> System.err.println("warning: " + p));
                if (parsed.prompts().isEmpty()) {
                    System.err.println("geneval: no usable prompt in " + prompts);
                    return 1;
                }
                all = parsed.prompts();
                lines = parsed.lineNumbers();
            } else {
                all = GenEvalSuite.builtInSuite();
            }
            if (limit != null && limit < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
            }
            List<Integer> selected = limit == null ? null : roundRobin(all, limit);
            SamplingSettings planSampling;
            try {
                planSampling = plan.settings();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            WardrobeWorld world = evaluationWorld();
            try (Judge judge = Judge.load(); MammothModel model = judgeModel ? MammothModel.load(modelDir) : null;
                 OracleTokenizer through = tokenizerOracle ? OracleTokenizer.open(modelDir) : null) {
                GenEvalBench.ImageSource source;
                if (judgeModel) {
                    PromptRenderer renderer;
                    try {
                        renderer = planOnly ? new PlanRenderer(model, planSampling) : new ModelRenderer(model, denoising.steps, denoising.guidance, planSampling);
                    } catch (IllegalArgumentException e) {
                        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                    }
                    source = GenEvalBench.rendered(renderer, all, seed);
                } else if (mode.oracle) {
                    source = GenEvalBench.rendered(new OracleRenderer(world), all, seed);
                } else if (mode.shuffledOracle) {
                    source = GenEvalBench.rendered(new ShuffledOracle(world, all), all, seed);
                } else if (tokenizerOracle) {
                    source = GenEvalBench.rendered(new TokenizedOracle(world, through.roundTrip(mode.codedOracle)), all, seed);
                } else {
                    source = GenEvalBench.directory(mode.images);
                }
                GenEvalBench.Settings settings = new GenEvalBench.Settings(all, selected, imagesPerPrompt, seed, out);
                System.out.println("geneval: " + source.name() + ", " + settings.indices().size() + " prompts x " + imagesPerPrompt
                        + " images, seed " + seed + ", " + today());
                GenEvalBench.Report report = runTask(new GenEvalBench(settings, source, world, judge));
                List<Integer> sourceLines = lines;
                report.problems().forEach(p -> System.err.println("warning: " + withLine(p, sourceLines)));
                for (Map.Entry<GenEvalTask, GenEvalBench.TaskScore> e : report.main().tasks().entrySet()) {
                    System.out.println("geneval " + e.getKey().tag() + "=" + String.format("%.3f", e.getValue().score()));
                }
                System.out.println("geneval overall=" + String.format("%.3f", report.main().overall()));
                System.out.println(report.trustLine());
                if (out != null) {
                    System.out.println("geneval: images, verdicts, report.json and failures.png in " + out);
                }
                return report.trusted() ? 0 : UNTRUSTED;
            }
        }

        /** "prompt 7: …" becomes "prompt 7 (line 9): …" when the prompts came from a file. */
        private static String withLine(String problem, List<Integer> lines) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("prompt (\\d+)").matcher(problem);
            if (lines != null && m.find()) {
                int index = Integer.parseInt(m.group(1));
                if (index < lines.size()) {
                    return problem.substring(0, m.end()) + " (line " + lines.get(index) + ")" + problem.substring(m.end());
                }
            }
            return problem;
        }

        /** The first N prompts taking one of each task in turn. */
        static List<Integer> roundRobin(List<GenEvalPrompt> prompts, int n) {
            List<List<Integer>> byTask = new ArrayList<>();
            for (GenEvalTask t : GenEvalTask.values()) {
                List<Integer> l = new ArrayList<>();
                for (int i = 0; i < prompts.size(); i++) {
                    if (prompts.get(i).task() == t) {
                        l.add(i);
                    }
                }
                byTask.add(l);
            }
            List<Integer> out = new ArrayList<>();
            for (int round = 0; out.size() < Math.min(n, prompts.size()); round++) {
                for (List<Integer> l : byTask) {
                    if (round < l.size() && out.size() < n) {
                        out.add(l.get(round));
                    }
                }
            }
            out.sort(null);
            return out;
        }
    }

    @Command(name = "imgedit", description = "ImgEdit-style editing in the wardrobe world: compliance and preservation per category.")
    static final class ImgEdit implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "Edits per category (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--seed", defaultValue = "0", description = "Run seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", paramLabel = "DIR", description = "Write sources, edits, a JSON verdict per edit, report.json and failures.png here.")
        Path out;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Mode mode;

        static final class Mode {
            @Option(names = "--oracle", description = "Score the ground-truth target of each edit.")
            boolean oracle;

            @Option(names = "--identity", description = "Score an editor that returns the source unchanged (negative control).")
            boolean identity;

            @Option(names = "--coded-oracle", description = "Score the ground-truth target encoded into the codes the AR plans with and "
                    + "decoded, pasted into the source inside the edit region: the best any edit plan of the model can score.")
            boolean codedOracle;

            @Option(names = "--latent-oracle", description = "Score the ground-truth target encoded into the tokenizer's continuous latents "
                    + "and decoded, pasted into the source inside the edit region: the best any DiT rendering in them can score.")
            boolean latentOracle;

            @Option(names = "--model", description = "Score the unified model (the default when the weights were trained for editing).")
            boolean model;
        }

        @Option(names = "--models", paramLabel = "DIR", description = "Model mode and the tokenizer oracles: the weights folder (default: assets/models).")
        Path models;

        @Option(names = "--no-mask", description = "Model mode: give no brush mask, the model decides where to edit (default: the edit region is the brush).")
        boolean noMask;

        @Option(names = "--plan-only", description = "Model mode: score the AR's edit plans decoded by the tokenizer, the DiT out of the loop "
                + "(the same plans the full model renders for the same seeds: splits its errors between planning and rendering).")
        boolean planOnly;

        @Option(names = "--steps", defaultValue = "" + studio.mammoth.model.api.EditRequest.DEFAULT_STEPS, description = "Model mode: Euler steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--text-guidance", defaultValue = "" + studio.mammoth.model.api.EditRequest.DEFAULT_TEXT_GUIDANCE, description = "Model mode: instruction guidance scale (default: ${DEFAULT-VALUE}).")
        double textGuidance;

        @Option(names = "--image-guidance", defaultValue = "" + studio.mammoth.model.api.EditRequest.DEFAULT_IMAGE_GUIDANCE, description = "Model mode: source-image guidance scale (default: ${DEFAULT-VALUE}).")
        double imageGuidance;

        @Override
        public Integer call() throws Exception {
            boolean tokenizerOracle = mode != null && (mode.codedOracle || mode.latentOracle);
            if (planOnly && mode != null && !mode.model) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--plan-only scores the model's edit plans: it does not go with an oracle "
                        + "or the identity editor");
            }
            Path modelDir = models != null ? models : ModelFiles.directory();
            if (tokenizerOracle) {
                OracleTokenizer.require(spec, modelDir);
            }
            WardrobeWorld world = evaluationWorld();
            try (Judge judge = Judge.load(); MammothModel model = capableModel(spec, mode == null || mode.model, models, MammothModel::canEdit,
                    "edit", mode == null); OracleTokenizer through = tokenizerOracle ? OracleTokenizer.open(modelDir) : null) {
                EditBench.Settings settings = new EditBench.Settings(limit, seed, out);
                Editor editor = model != null ? new ModelEditor(model, !noMask, planOnly, steps, textGuidance, imageGuidance)
                        : mode.identity ? new IdentityEditor() : null;
                EditBench bench = through != null ? EditBench.oracleThrough(settings, through.roundTrip(mode.codedOracle), world, judge)
                        : new EditBench(settings, editor, world, judge);
                System.out.println("imgedit: " + bench.subject() + ", " + limit + " edits x "
                        + EditCategory.values().length + " categories, seed " + seed + ", " + today());
                EditBench.Report report = runTask(bench);
                for (Map.Entry<EditCategory, EditBench.CategoryScore> e : report.main().categories().entrySet()) {
                    EditBench.CategoryScore s = e.getValue();
                    System.out.println(String.format("imgedit %s=%.3f compliance=%.3f psnr=%.1f", e.getKey().tag(), s.score(), s.compliance(), s.psnr()));
                }
                System.out.println(String.format("imgedit overall=%.3f preservation_psnr=%.1f", report.main().overall(), report.main().psnr()));
                System.out.println(report.trustLine());
                return report.trusted() ? 0 : UNTRUSTED;
            }
        }
    }

    @Command(name = "vqa", description = "Question answering in the wardrobe world: exact match per question type.")
    static final class Vqa implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "Questions per type (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--seed", defaultValue = "0", description = "Run seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", paramLabel = "DIR", description = "Write the pictures and report.json (questions, answers) here.")
        Path out;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        VqaMode mode;

        static final class VqaMode {
            @Option(names = "--oracle", description = "The judge reads the ground-truth picture and answers.")
            boolean oracle;

            @Option(names = "--model", description = "The unified model answers (the default when the weights were trained for understanding).")
            boolean model;
        }

        @Option(names = "--models", paramLabel = "DIR", description = "Model mode: the weights folder (default: assets/models).")
        Path models;

        @Override
        public Integer call() throws Exception {
            WardrobeWorld world = evaluationWorld();
            try (Judge judge = Judge.load(); MammothModel model = capableModel(spec, mode == null || mode.model, models, MammothModel::canAnswer,
                    "answer questions", mode == null)) {
                Answerer answerer = model != null ? new ModelAnswerer(model) : null;
                System.out.println("vqa: " + (answerer == null ? "oracle (the judge reading the true picture)" : answerer.name()) + ", " + limit
                        + " questions x " + QuestionType.values().length + " types, seed " + seed + ", " + today());
                VqaBench.Report report = runTask(new VqaBench(new VqaBench.Settings(limit, seed, out), answerer, world, judge));
                for (Map.Entry<QuestionType, VqaBench.TypeScore> e : report.main().types().entrySet()) {
                    System.out.println("vqa " + e.getKey().tag() + "=" + String.format("%.3f", e.getValue().score()));
                }
                System.out.println("vqa overall=" + String.format("%.3f", report.main().overall()));
                System.out.println(report.trustLine());
                return report.trusted() ? 0 : UNTRUSTED;
            }
        }
    }

    @Command(name = "render", description = "Render fidelity with the AR out of the loop: the DiT renders world pictures from their TRUE "
            + "plans (teacher-forced AR states); PSNR beside the tokenizer's decode of the same codes and a control rendered from another picture's plan.")
    static final class Render implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--pictures", defaultValue = "32", paramLabel = "N", description = "World pictures (evaluation split; default ${DEFAULT-VALUE}).")
        int pictures;

        @CommandLine.Mixin
        WorldShapeOptions shape;

        @Option(names = "--seed", defaultValue = "0", description = "Run seed: pictures and noise (default ${DEFAULT-VALUE}).")
        long seed;

        @CommandLine.Mixin
        DenoisingOptions denoising;

        @Option(names = "--models", paramLabel = "DIR", description = "The weights folder (default: assets/models).")
        Path models;

        @Override
        public Integer call() throws Exception {
            RenderFidelityBench.Settings settings;
            try {
                settings = new RenderFidelityBench.Settings(pictures, seed, denoising.steps, denoising.guidance);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try (MammothModel model = capableModel(spec, true, models, m -> true, "render", false)) {
                RenderFidelityBench bench;
                try {
                    bench = new RenderFidelityBench(model, shape.apply(evaluationWorld()), settings);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
                System.out.println("render: model " + model.id() + ", " + pictures + " pictures, " + denoising.steps + " Euler steps, guidance "
                        + denoising.guidance + ", seed " + seed + ", " + today());
                System.out.println(runTask(bench).line());
                return 0;
            }
        }
    }

    @Command(name = "world", description = "Throughput of the world (scenes rendered per second, one core) and of the judge (images per second).")
    static final class World implements Callable<Integer> {
        @Option(names = "--seconds", defaultValue = "3", description = "Measuring time of each figure (default ${DEFAULT-VALUE}).")
        double seconds;

        @Override
        public Integer call() throws Exception {
            WardrobeWorld world = evaluationWorld();
            System.out.println("bench world: " + today() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
            Throughput.Figure scenes = Throughput.scenes(world, seconds);
            System.out.println(String.format("world scenes_per_s=%.0f (sample + render, one thread, %d scenes)", scenes.perSecond(), scenes.count()));
            Throughput.Figure edits = Throughput.editPairs(world, seconds);
            System.out.println(String.format("world edit_pairs_per_s=%.0f (pair + both renders, one thread, %d pairs)", edits.perSecond(), edits.count()));
            Throughput.Figure preprocessing = Throughput.judgePreprocessing(world, seconds);
            System.out.println(String.format("judge preprocess_images_per_s=%.0f (segment + color + crop, no classifier, one thread, %d images)",
                    preprocessing.perSecond(), preprocessing.count()));
            try (Judge judge = Judge.load()) {
                Throughput.Figure judged = Throughput.judge(world, judge, seconds);
                System.out.println(String.format("judge images_per_s=%.0f (segment + color + classify, batches of %d, %d images)",
                        judged.perSecond(), Throughput.JUDGE_BATCH, judged.count()));
            }
            return 0;
        }
    }

    @Command(name = "train-judge", description = "Train the judge's garment classifier on Fashion-MNIST (train split), test it, curate the exemplars, write assets/models/judge.")
    static final class TrainJudge implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--epochs", defaultValue = "6", description = "Passes over the 60,000 training garments (default ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--seed", defaultValue = "7", description = "Seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", paramLabel = "DIR", description = "Where to write the judge (default: assets/models/judge of the checkout).")
        Path out;

        @Override
        public Integer call() throws Exception {
            JudgeTraining.Config defaults = JudgeTraining.Config.DEFAULT;
            JudgeTraining.Config config;
            try {
                config = new JudgeTraining.Config(epochs, defaults.batchSize(), defaults.learningRate(), seed, defaults.classifier());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            loadSplit(FashionMnist.Part.TRAIN);
            Path dir = out != null ? out : JudgeFiles.directory();
            System.out.println("train-judge: " + epochs + " epochs, seed " + seed + ", writing " + dir);
            JudgeTraining.Result r = runTask(new JudgeTraining(config, dir));
            System.out.println(String.format("judge test_accuracy=%.4f (10,000 test garments rendered and cropped as the judge sees them)", r.testAccuracy()));
            String command = "./mammoth bench train-judge --epochs " + epochs + " --seed " + seed;
            JudgeTraining.writeModelCard(dir, config, r, command, today());
            System.out.print(JudgeTraining.confusionReport(r));
            System.out.println(String.format("train-judge: %d steps in %.0f s; model card %s", r.steps(), r.seconds(), dir.resolve("judge.md")));
            return 0;
        }
    }
}
