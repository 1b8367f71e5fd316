package studio.mammoth.model.train;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.api.ModelFiles;
import studio.mammoth.model.api.ModelRenderer;
import studio.mammoth.model.ar.ArConfig;
import studio.mammoth.model.ar.BlockExpansion;
import studio.mammoth.model.ar.SamplingSettings;
import studio.mammoth.model.ar.VisionEncoder;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.judge.Judge;
import studio.mammoth.model.judge.JudgeFiles;
import studio.mammoth.model.nn.TensorFile;
import studio.mammoth.model.nn.WarmupCosine;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.tok.TextTokenizer;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * {@code ./mammoth train generator}: with MammothTok frozen, encodes the training set once (codes + latents),
 * then trains AR + alignment + DiT jointly for a wall-time budget. Checkpoints every few minutes (resumable);
 * every {@code evalMinutes} scores the EMA model on a small GenEval probe with the judge, logs it beside the
 * loss and exports the best-scoring weights (float16 + checksum + model card) to the models folder.
 */
public final class GeneratorRun {
    /**
     * @param mix  shares of the task families in a batch (text-to-image only unless the configuration has editing or
     *             understanding)
     * @param from a checkpoint (or exported weights) to start from when there is nothing to resume: joint training starts
     *             from the text-to-image run's weights, its new parts fresh; null = fresh weights
     * @param hiddenCodes share of questions trained with the picture's codes hidden (see {@link JointObjective})
     */
    public record Settings(double minutes, boolean resume, long seed, int batch, int examples, double evalMinutes, TokenNoise.Mode noise,
                           Path tokenizer, Path runDir, Path modelDir, String command, TaskMix mix, Path from, double hiddenCodes) {
    }

    /**
     * Prompts of each GenEval task the in-run probe judges, one picture each. Until session 12 it was 4: 24 pictures, a
     * score in steps of 0.04 that picked the exported checkpoint mostly by chance.
     */
    private static final int PROBE_PER_TASK = 8;
    private static final Gson GSON = new Gson();
    /** 1e-3 diverged to NaN at the end of warm-up in the first run (2026-11-23, step ~300); half of it did not. */
    private static final double PEAK_LR = 5e-4;
    /**
     * Edits and questions, each, made for joint training at the start of a run: half the text-to-image examples, at least
     * 4,000. Session 4's fixed 4,000 (800 questions a type, 500 edits a category) were seen six times over in a run
     * whose existence answers stayed at chance: too few pictures to learn reading them rather than remembering them.
     */
    private static int taskExamples(int examples) {
        return Math.max(4000, examples / 2);
    }

    /** What the probes measured; selection decides which weights are kept (GenEval, averaged with the VQA probe when trained). */
    private record ProbeScore(double selection, String line) {
    }

    public static void run(Settings s, TrainingExamples data, Generator.Config requested, PrintStream out) throws Exception {
        DjlEngine.configureDefaults();
        Files.createDirectories(s.runDir());
        Path checkpoint = s.runDir().resolve("generator-checkpoint.mmt");
        Checkpoint.State resumed = s.resume() ? Checkpoint.peek(checkpoint, ModelFiles.TRAIN_GENERATOR) : null;
        Generator.Config sizes = resumedSizes(resumed, requested, out);
        boolean joint = sizes.editing() || sizes.understanding();
        WardrobeWorld world = data instanceof WorldExamples w ? w.taskWorld() : null;
        if (joint && world == null) {
            throw new IllegalArgumentException("editing and understanding train on the wardrobe world's edits and questions; "
                    + "--data DIR holds captioned pictures only: train text-to-image on it (--tasks generate)");
        }
        TaskMix mix = joint ? s.mix() : TaskMix.textToImage();
        if (joint && (sizes.editing() != mix.edit() > 0 || sizes.understanding() != mix.answer() > 0)) {
            throw new IllegalArgumentException("the task mix " + mix + " must give a share to exactly the trained task families");
        }
        try (NDManager base = DjlEngine.engine().newBaseManager()) {
            MammothTok tok = ModelFiles.readTokenizer(s.tokenizer(), base);
            CodeCache cache = CodeCache.build(data, s.examples(), s.tokenizer(), tok, base, s.runDir(), out);
            Generator.Config config = new Generator.Config(sizes.ar(), sizes.align(), sizes.dit(), sizes.promptLength(), sizes.flowShift(),
                    tok.config().grid(), tok.config().latentDim(), tok.config().codebookSize(), List.copyOf(data.vocabulary()),
                    sizes.variant(), sizes.editing(), sizes.understanding(), sizes.planCodes(), sizes.vision());
            if (config.planCodes() == null) { // a resumed run keeps the plan codes it started with
                config = config.withPlanCodes(tok);
            }
            Generator generator = new Generator(config, base, s.seed());
            CaptionedCodes pairs = CaptionedCodes.encode(cache, generator.text());
            out.printf(Locale.ROOT, "generator (%s%s): %,d parameters (AR %,d incl. generation experts, alignment %,d, DiT %,d%s); %d/%d captions fit %d tokens%n",
                    config.variant().name().toLowerCase(Locale.ROOT).replace('_', '-'), joint ? ", tasks " + tasks(config) + ", mix " + mix : "",
                    generator.parameters().count(), generator.parameters().count("ar."), generator.parameters().count("align."),
                    generator.parameters().count("dit."),
                    config.vision() == null ? "" : String.format(Locale.ROOT, ", vision encoder %,d", generator.parameters().count("vision.")),
                    pairs.usable().size(), cache.size(), config.promptLength());
            int perFamily = taskExamples(s.examples()); // edits, and as many questions
            TaskData tasks = joint ? TaskData.build(world, perFamily, perFamily, s.seed(), tok, generator.text(), base, out) : null;
            int[] split = mix.split(s.batch());
            Batches batches = random -> new JointObjective.Mixed(split[0] > 0 ? pairs.batch(split[0], random) : null,
                    split[1] > 0 ? tasks.edits(split[1], random) : null, split[2] > 0 ? tasks.questions(split[2], random) : null);
            float[] book = unitCodebook(tok, base);
            JointObjective objective = new JointObjective(1.0, 0.1, 0.1, TokenNoise.of(s.noise(), book, tok.config().latentDim()), s.hiddenCodes());

            long planned = resumed != null ? resumed.plannedSteps() : 0;
            long cycleStart = resumed != null && resumed.extra() != null && resumed.extra().has("cycle_start")
                    ? resumed.extra().get("cycle_start").getAsLong() : 0;
            if (planned <= 0) {
                planned = estimateSteps(config, objective, batches, s, base, out);
            } else if (resumed.step() >= planned) {
                cycleStart = resumed.step();
                planned = cycleStart + estimateSteps(config, objective, batches, s, base, out);
                out.printf("the previous schedule ended at step %d: new cosine cycle (warm restart) to step %d%n", cycleStart, planned);
            }
            long cycle = planned - cycleStart;
            GeneratorTrainer trainer = new GeneratorTrainer(generator, objective,
                    new WarmupCosine(PEAK_LR, PEAK_LR / 20, Math.min(300, cycle / 10), cycle, cycleStart), 0.999);
            long start = 0;
            double previousSeconds = 0;
            double best = -1;
            List<String> history = new ArrayList<>();
            if (resumed != null && resumed.extra() != null && resumed.extra().has("history")) {
                resumed.extra().getAsJsonArray("history").forEach(e -> history.add(e.getAsString()));
            }
            if (resumed != null) {
                Map<String, float[]> ema = new LinkedHashMap<>();
                List<String> fresh = new ArrayList<>();
                Checkpoint.load(checkpoint, generator.parameters(), trainer.optimiser(), ema, ModelFiles.TRAIN_GENERATOR, fresh);
                // checkpoints from before the EMA warm-up have no count: their average restarts from the live weights
                trainer.ema().restore(ema, resumed.extra() != null && resumed.extra().has("ema_updates")
                        ? resumed.extra().get("ema_updates").getAsLong() : 0);
                start = resumed.step();
                previousSeconds = resumed.wallSeconds();
                best = resumed.extra() != null && resumed.extra().has("best") ? resumed.extra().get("best").getAsDouble() : -1;
                trainer.resumeAt(start);
                out.printf("resumed at step %d of %d planned (best probe %.3f)%s%n", start, planned, best, freshNote(fresh));
            } else if (s.from() != null) {
                out.println("starting from " + s.from() + freshNote(startFrom(s.from(), generator, trainer, out)));
            } else if (s.resume()) {
                out.println("no checkpoint at " + checkpoint + ": starting fresh");
            }
            JudgeInTheLoop probe = world != null && JudgeFiles.present(JudgeFiles.directory()) ? new JudgeInTheLoop(Judge.load(), PROBE_PER_TASK) : null;
            AnswerProbe answers = config.understanding() ? new AnswerProbe(world, 4) : null;
            if (probe == null) {
                out.println(world == null ? "own pictures (--data): the GenEval probe needs the world's words; the final weights are exported"
                        : "judge not installed (" + JudgeFiles.RECREATE + "): no probe scores; the final weights are exported");
            }
            history.add(String.format(Locale.ROOT, "%s UTC, step %d: `%s`", LocalDateTime.now(ZoneOffset.UTC).withNano(0), start, s.command()));
            ProgressBar bar = new ProgressBar(out, s.minutes(), start);
            long lastSave = System.nanoTime();
            long lastEval = System.nanoTime();
            long step = start;
            double smoothed = Double.NaN;
            while (!bar.timeUp()) {
                Random random = new Random(s.seed() * 1_000_003L + step);
                GeneratorTrainer.Losses l = trainer.step(base, batches.next(random), random);
                step = trainer.step();
                if (Double.isFinite(l.total())) {
                    smoothed = Double.isNaN(smoothed) ? l.total() : 0.98 * smoothed + 0.02 * l.total();
                }
                if (step % 5 == 0) {
                    bar.show(step, String.format(Locale.ROOT, "loss %.3f (next-token %.3f flow %.3f%s%s) |g| %.2f lr %.1e skipped %d", smoothed,
                            l.nextToken(), l.flow(), Double.isNaN(l.edit()) ? "" : String.format(Locale.ROOT, " edit %.3f", l.edit()),
                            Double.isNaN(l.answer()) ? "" : String.format(Locale.ROOT, " answer %.3f", l.answer()),
                            l.gradientNorm(), trainer.learningRate(), trainer.skipped()));
                }
                boolean evalDue = (probe != null || answers != null) && System.nanoTime() - lastEval > s.evalMinutes() * 60e9;
                if (evalDue) {
                    ProbeScore score = scoreEma(probe, answers, generator, trainer, tok, base);
                    bar.log(String.format(Locale.ROOT, "step %d loss %.3f %s", step, smoothed, score.line()));
                    if (score.selection() > best) {
                        best = score.selection();
                        export(s.modelDir(), s, generator, trainer, tok, data, step, previousSeconds + bar.elapsedSeconds(), score, planned, mix,
                                history);
                        bar.log("new best probe score: exported to " + s.modelDir());
                    }
                    lastEval = System.nanoTime();
                }
                if (evalDue || System.nanoTime() - lastSave > 180e9) {
                    // the first steps' speed misjudges a run (probes, checkpoints, other load): the cycle ends when the budget does
                    planned = bar.stepAtBudgetEnd(step);
                    trainer.endCycleAfter(planned - cycleStart);
                    save(checkpoint, generator, trainer, step, planned, cycleStart, previousSeconds + bar.elapsedSeconds(), best, history);
                    lastSave = System.nanoTime();
                }
            }
            double seconds = previousSeconds + bar.elapsedSeconds();
            planned = step; // the cycle ends with the budget: a resume starts a new one
            save(checkpoint, generator, trainer, step, planned, cycleStart, seconds, best, history);
            bar.log(String.format(Locale.ROOT, "stopped at step %d (%.2f steps/s this session); checkpoint %s", step, bar.stepsPerSecond(step), checkpoint));
            ProbeScore last = null;
            if (probe != null || answers != null) {
                last = scoreEma(probe, answers, generator, trainer, tok, base);
                bar.log(String.format(Locale.ROOT, "final %s (best so far %.3f)", last.line(), best));
                if (last.selection() > best) {
                    export(s.modelDir(), s, generator, trainer, tok, data, step, seconds, last, planned, mix, history);
                    save(checkpoint, generator, trainer, step, planned, cycleStart, seconds, last.selection(), history);
                }
            } else {
                export(s.modelDir(), s, generator, trainer, tok, data, step, seconds, null, planned, mix, history);
            }
            // the probe is small: the last weights stay at hand for the benchmark to judge beside the best-probe export
            Path lastDir = s.runDir().resolve("last");
            export(lastDir, s, generator, trainer, tok, data, step, seconds, last, planned, mix, history);
            bar.log("last weights: " + lastDir);
        }
    }

    /** Draws one step's batch. */
    private interface Batches {
        JointObjective.Mixed next(Random random);
    }

    private static String tasks(Generator.Config c) {
        return "generate" + (c.editing() ? "+edit" : "") + (c.understanding() ? "+answer" : "");
    }

    /**
     * A resumed run keeps the sizes it started with (saved in its checkpoints since 2026-11-23), even when the standard
     * sizes changed since; older checkpoints get the requested sizes. Variant and task families must match the request.
     */
    private static Generator.Config resumedSizes(Checkpoint.State resumed, Generator.Config requested, PrintStream out) {
        if (resumed == null || resumed.extra() == null || !resumed.extra().has("config")) {
            return requested;
        }
        Generator.Config saved = Generator.configFromJson(resumed.extra().get("config"));
        if (saved.variant() != requested.variant() || saved.editing() != requested.editing() || saved.understanding() != requested.understanding()) {
            throw new IllegalArgumentException("the checkpoint was trained as " + saved.variant() + (saved.editing() ? " with tasks all" : "")
                    + ": resume it with the same --variant and --tasks, or start another run directory");
        }
        Generator.Config sizes = new Generator.Config(saved.ar(), saved.align(), saved.dit(), saved.promptLength(), saved.flowShift(),
                saved.grid(), saved.latentDim(), saved.codebook(), requested.vocabulary(), saved.variant(), saved.editing(), saved.understanding(),
                saved.planCodes(), saved.vision());
        if (!sizes.ar().equals(requested.ar()) || !sizes.align().equals(requested.align()) || !sizes.dit().equals(requested.dit())
                || !java.util.Objects.equals(sizes.vision(), requested.vision())) {
            out.println("resuming with the checkpoint's sizes (they differ from the requested ones): " + saved.ar() + ", " + saved.align() + ", "
                    + saved.dit() + ", vision encoder " + (saved.vision() == null ? "none" : saved.vision()));
        }
        return sizes;
    }

    private static String freshNote(List<String> fresh) {
        return fresh.isEmpty() ? "" : "; " + fresh.size() + " new tensors start fresh (" + String.join(", ", fresh) + ")";
    }

    /**
     * Weights (live, and the DiT's EMA when saved) from a checkpoint or an export; returns the names that start fresh: those it
     * lacks and those whose shape changed (e.g. the alignment module's queries when it became spatial).
     */
    private static List<String> startFrom(Path file, Generator generator, GeneratorTrainer trainer, PrintStream out) throws IOException {
        TensorFile.Contents c = TensorFile.read(file, ModelFiles.TRAIN_GENERATOR);
        Map<String, float[]> tensors = c.tensors();
        ArConfig trained = trainedAr(c.header());
        ArConfig deeper = generator.config().ar();
        if (trained != null && BlockExpansion.applies(trained, deeper)) {
            int aggregate = generator.config().align().aggregateLayers();
            tensors = BlockExpansion.deepen(tensors, trained, deeper, aggregate);
            int at = BlockExpansion.insertionPoint(trained, aggregate);
            out.printf(Locale.ROOT, "block expansion: the trained AR's %d layers become %d, identity blocks at layers %d..%d%n",
                    trained.layers(), deeper.layers(), at, at + deeper.layers() - trained.layers() - 1);
        }
        Map<String, float[]> fitting = new LinkedHashMap<>();
        tensors.forEach((name, values) -> {
            String weight = name.startsWith("ema.") ? name.substring(4) : name;
            if (generator.parameters().all().containsKey(weight)
                    && generator.parameters().get(weight).getShape().size() == values.length) {
                fitting.put(name, values);
            }
        });
        List<String> fresh = generator.parameters().loadPresent(fitting);
        Map<String, float[]> ema = new LinkedHashMap<>();
        generator.parameters().all().keySet().forEach(name -> {
            float[] saved = fitting.getOrDefault("ema." + name, fitting.get(name));
            if (saved != null) {
                ema.put(name, saved);
            }
        });
        trainer.ema().restore(ema, 0);
        return fresh;
    }

    /** The AR sizes recorded in an export's or a checkpoint's header, or null for files that predate them. */
    private static ArConfig trainedAr(String header) {
        JsonObject h = GSON.fromJson(header, JsonObject.class);
        JsonObject holder = h.has("config") ? h : h.has("extra") && h.get("extra").isJsonObject() ? h.getAsJsonObject("extra") : null;
        return holder != null && holder.has("config") ? Generator.configFromJson(holder.get("config")).ar() : null;
    }

    private static long estimateSteps(Generator.Config config, JointObjective objective, Batches batches, Settings s, NDManager parent,
                                      PrintStream out) {
        try (NDManager base = parent.newSubManager(); Generator g = new Generator(config, base, s.seed())) {
            GeneratorTrainer probe = new GeneratorTrainer(g, objective, new WarmupCosine(1e-5, 1e-5, 1, 10), 0.999);
            Random random = new Random(s.seed());
            probe.step(base, batches.next(random), random);
            long t0 = System.nanoTime();
            int n = 4;
            for (int i = 0; i < n; i++) {
                probe.step(base, batches.next(random), random);
            }
            double perStep = (System.nanoTime() - t0) / 1e9 / n;
            long planned = Math.max(200, (long) (s.minutes() * 60 / perStep * 0.9)); // 10% of the budget goes to probes
            out.printf(Locale.ROOT, "measured %.2f steps/s at batch %d: planning %d steps for %.1f min%n", 1 / perStep, s.batch(), planned, s.minutes());
            return planned;
        }
    }

    static float[] unitCodebook(MammothTok tok, NDManager base) {
        try (NDManager scope = base.newSubManager()) {
            int k = tok.config().codebookSize();
            int[] all = new int[k];
            for (int i = 0; i < k; i++) {
                all[i] = i;
            }
            // all K codes as (K / 64, 64) plans -> latents (K / 64, D, 8, 8) -> rows (K, D) in code order
            float[] maps = tok.codeLatents(scope.create(all, new ai.djl.ndarray.types.Shape(k / tok.config().tokens(), tok.config().tokens())))
                    .transpose(0, 2, 3, 1).reshape(k, tok.config().latentDim()).toFloatArray();
            return maps;
        }
    }

    /** Scores with the EMA DiT swapped in, then puts the live weights back. */
    private static ProbeScore scoreEma(JudgeInTheLoop probe, AnswerProbe answers, Generator generator, GeneratorTrainer trainer, MammothTok tok,
                                       NDManager base) throws Exception {
        Map<String, float[]> live = new LinkedHashMap<>();
        Map<String, float[]> ema = trainer.ema().snapshot();
        ema.keySet().forEach(k -> live.put(k, generator.parameters().get(k).toFloatArray()));
        generator.parameters().overwrite(ema);
        try {
            MammothModel model = new MammothModel(base, tok, generator, "training");
            List<String> lines = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            if (probe != null) {
                // fewer Euler steps than the benchmark's 24: a probe, not the figure
                JudgeInTheLoop.Score g = probe.score(new ModelRenderer(model, 16, 3.0, SamplingSettings.standard()));
                lines.add(g.line());
                scores.add(g.overall());
            }
            if (answers != null) {
                AnswerProbe.Score a = answers.score(model);
                lines.add(a.line());
                scores.add(a.overall());
            }
            return new ProbeScore(scores.stream().mapToDouble(Double::doubleValue).average().orElse(0), String.join("; ", lines));
        } finally {
            generator.parameters().overwrite(live);
        }
    }

    /** @param history one line per stretch of the run (start time, first step, exact command), kept across resumes */
    private static void save(Path file, Generator g, GeneratorTrainer t, long step, long planned, long cycleStart, double seconds, double best,
                             List<String> history) throws IOException {
        JsonObject extra = new JsonObject();
        extra.addProperty("best", best);
        extra.addProperty("cycle_start", cycleStart);
        extra.addProperty("ema_updates", t.ema().updates());
        extra.add("config", Generator.configJson(g.config()));
        JsonArray stretches = new JsonArray();
        history.forEach(stretches::add);
        extra.add("history", stretches);
        Checkpoint.save(file, g.parameters(), t.optimiser(), t.ema().snapshot(), new Checkpoint.State(step, planned, seconds, extra));
    }

    private static void export(Path dir, Settings s, Generator g, GeneratorTrainer t, MammothTok tok, TrainingExamples data, long step,
                               double seconds, ProbeScore score, long planned, TaskMix mix, List<String> history) throws IOException {
        JsonObject training = new JsonObject();
        training.addProperty("steps", step);
        training.addProperty("seconds", seconds);
        if (score != null) {
            training.addProperty("probe_selection", score.selection());
        }
        Files.createDirectories(dir);
        String weights = ModelFiles.weightsFile(g.config());
        ModelFiles.writeGenerator(dir.resolve(weights), g, t.ema().snapshot(), training, TensorFile.Storage.FLOAT16);
        ModelFiles.copyTokenizerBeside(s.tokenizer(), dir);
        if (weights.equals(ModelFiles.TASKS)) {
            ModelFiles.copyGeneratorBeside(s.from(), dir);
        }
        Generator.Config c = g.config();
        String card = String.format(Locale.ROOT, """
                # Mammoth2-mini generator (AR + generation experts -> alignment -> DiT)

                %s Frozen MammothTok (`%s`) gives 8x8 codes (AR vocabulary) and latents (DiT space).

                | part | size | parameters |
                |---|---|---|
                | AR backbone | width %d, %d layers, %d heads, generation experts in layers %d..%d | %,d |
                | alignment | mean of last %d AR layers; text RMSNorm+Linear; Q-Former %d%s queries x %d layers | %,d |
                | DiT | width %d, %d blocks, %d heads, adaLN-Zero, in-context [%d condition | 64 latent] tokens | %,d |%s

                Weights: `%s` (float16, SHA-256 in `%s.sha256`, the DiT as its EMA, decay 0.999).

                | | |
                |---|---|
                | command | `%s` |
                | data | %s, %d examples (codes cached) |
                | seed | %d |
                | batch | %d |
                | steps | %d (cosine schedule planned for %d, peak lr %.0e, AdamW) |
                | token noise | %s |
                | tasks | %s (batch shares generate,edit,answer %s) |
                | wall time | %.1f min |
                | machine | %s |
                | date | %s |

                ## Probes at export (%s)

                %s

                The GenEval probe is %d prompts per task, one image each (16 Euler steps, guidance 3.0); the VQA probe (joint \
                training) 4 questions per type. The benchmarks proper are `./mammoth bench geneval`, `bench imgedit`, `bench vqa`.

                ## Run history (each stretch: start, first step, command)

                %s
                """, description(c), ModelFiles.TOKENIZER, c.ar().width(), c.ar().layers(), c.ar().heads(), c.ar().expertsFrom(), c.ar().layers() - 1,
                g.parameters().count("ar."), c.align().aggregateLayers(), c.align().queries(),
                c.align().spatial() ? " spatial (one per latent cell, sharing its position)" : "", c.align().qformerLayers(), g.parameters().count("align."),
                c.dit().width(), c.dit().layers(), c.dit().heads(), g.align().conditionTokens(), g.parameters().count("dit."), visionRow(c, g),
                weights,
                weights, s.command(), data.name(), s.examples(), s.seed(), s.batch(), step, planned, PEAK_LR, s.noise(),
                tasks(c), mix, seconds / 60, Checkpoint.machine(), LocalDate.now(ZoneOffset.UTC), "step " + step,
                score == null ? "no probe (judge not installed, or own pictures)" : "`" + score.line() + "`", PROBE_PER_TASK,
                history.stream().map(h -> "- " + h).collect(java.util.stream.Collectors.joining("\n")));
        Files.writeString(dir.resolve(weights.replace(".mmt", ".md")), card);
    }

    /** The parts table's vision-encoder row (with its leading line break), or nothing when the AR reads codes alone. */
    private static String visionRow(Generator.Config c, Generator g) {
        VisionEncoder.Config v = c.vision();
        return v == null ? "" : String.format(Locale.ROOT, "%n| vision encoder | three 4x4 stride-2 convolutions (%d/%d/%d channels) and a "
                + "residual 3x3; one feature per code cell, added to the embeddings of the codes of a given picture | %,d |", v.c1(), v.c2(),
                v.c3(), g.parameters().count("vision."));
    }

    private static String description(Generator.Config c) {
        if (!c.planned()) {
            return "DiT-only ablation of the serial design: the same AR only encodes the prompt (no image plan) and the DiT "
                    + "reads its text states alone (no Q-Former queries); the comparison for the paper's central claim.";
        }
        return "Serial AR -> DiT model after MammothModa2, scaled down to train on 2 CPU cores"
                + (c.editing() || c.understanding() ? "; the weights for" + (c.editing() ? " instruction edits" : "")
                        + (c.editing() && c.understanding() ? " and" : "") + (c.understanding() ? " questions and captions" : "")
                        + ", trained jointly with text-to-image from the text-to-image weights. The model routes by task: text-to-image "
                        + "requests run `" + ModelFiles.GENERATOR + "`, edits and answers these." : ", text-to-image.");
    }

    private GeneratorRun() {
    }
}
