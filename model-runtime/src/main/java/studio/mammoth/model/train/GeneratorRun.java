package studio.mammoth.model.train;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
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
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.judge.Judge;
import studio.mammoth.model.judge.JudgeFiles;
import studio.mammoth.model.nn.TensorFile;
import studio.mammoth.model.nn.WarmupCosine;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.tok.TextTokenizer;

/**
 * {@code ./mammoth train generator}: with MammothTok frozen, encodes the training set once (codes + latents),
 * then trains AR + alignment + DiT jointly for a wall-time budget. Checkpoints every few minutes (resumable);
 * every {@code evalMinutes} scores the EMA model on a small GenEval probe with the judge, logs it beside the
 * loss and exports the best-scoring weights (float16 + checksum + model card) to the models folder.
 */
public final class GeneratorRun {
    public record Settings(double minutes, boolean resume, long seed, int batch, int examples, double evalMinutes, TokenNoise.Mode noise,
                           Path tokenizer, Path runDir, Path modelDir, String command) {
    }

    /** 1e-3 diverged to NaN at the end of warm-up in the first run (2026-11-23, step ~300); half of it did not. */
    private static final double PEAK_LR = 5e-4;

    public static void run(Settings s, TrainingExamples data, Generator.Config sizes, PrintStream out) throws Exception {
        DjlEngine.configureDefaults();
        Files.createDirectories(s.runDir());
        Path checkpoint = s.runDir().resolve("generator-checkpoint.mmt");
        try (NDManager base = DjlEngine.engine().newBaseManager()) {
            MammothTok tok = ModelFiles.readTokenizer(s.tokenizer(), base);
            String tokSum = TensorFile.sha256(s.tokenizer()).substring(0, 12);
            CodeCache cache = CodeCache.build(data, s.examples(), tok, base, s.runDir().resolve("codes-" + tokSum + "-" + s.examples() + ".mmt"), out);
            Generator.Config config = new Generator.Config(sizes.ar(), sizes.align(), sizes.dit(), sizes.promptLength(), sizes.flowShift(),
                    tok.config().grid(), tok.config().latentDim(), tok.config().codebookSize(), List.copyOf(data.vocabulary()),
                    sizes.variant(), sizes.editing(), sizes.understanding());
            Generator generator = new Generator(config, base, s.seed());
            int[][] prompts = new int[cache.size()][];
            List<Integer> usable = new ArrayList<>();
            for (int i = 0; i < cache.size(); i++) {
                try {
                    prompts[i] = generator.text().encode(cache.captions().get(i));
                    usable.add(i);
                } catch (IllegalArgumentException tooLongOrUnknown) {
                    // skipped below; counted so the user sees it
                }
            }
            out.printf(Locale.ROOT, "generator: %,d parameters (AR %,d incl. generation experts, alignment %,d, DiT %,d); %d/%d captions fit %d tokens%n",
                    generator.parameters().count(), generator.parameters().count("ar."), generator.parameters().count("align."),
                    generator.parameters().count("dit."), usable.size(), cache.size(), config.promptLength());
            float[] book = unitCodebook(tok, base);
            JointObjective objective = new JointObjective(1.0, 0.1, 0.1, TokenNoise.of(s.noise(), book, tok.config().latentDim()));

            Checkpoint.State resumed = s.resume() ? Checkpoint.peek(checkpoint, ModelFiles.TRAIN_GENERATOR) : null;
            long planned = resumed != null ? resumed.plannedSteps() : 0;
            long cycleStart = resumed != null && resumed.extra() != null && resumed.extra().has("cycle_start")
                    ? resumed.extra().get("cycle_start").getAsLong() : 0;
            if (planned <= 0) {
                planned = estimateSteps(config, objective, cache, prompts, usable, s, base, out);
            } else if (resumed.step() >= planned) {
                cycleStart = resumed.step();
                planned = cycleStart + estimateSteps(config, objective, cache, prompts, usable, s, base, out);
                out.printf("the previous schedule ended at step %d: new cosine cycle (warm restart) to step %d%n", cycleStart, planned);
            }
            long cycle = planned - cycleStart;
            GeneratorTrainer trainer = new GeneratorTrainer(generator, objective,
                    new WarmupCosine(PEAK_LR, PEAK_LR / 20, Math.min(300, cycle / 10), cycle, cycleStart), 0.999);
            long start = 0;
            double previousSeconds = 0;
            double best = -1;
            if (resumed != null) {
                Map<String, float[]> ema = new LinkedHashMap<>();
                Checkpoint.load(checkpoint, generator.parameters(), trainer.optimiser(), ema, ModelFiles.TRAIN_GENERATOR);
                trainer.ema().restore(ema);
                start = resumed.step();
                previousSeconds = resumed.wallSeconds();
                best = resumed.extra() != null && resumed.extra().has("best") ? resumed.extra().get("best").getAsDouble() : -1;
                trainer.resumeAt(start);
                out.printf("resumed at step %d of %d planned (best probe %.3f)%n", start, planned, best);
            } else if (s.resume()) {
                out.println("no checkpoint at " + checkpoint + ": starting fresh");
            }
            JudgeInTheLoop probe = JudgeFiles.present(JudgeFiles.directory()) ? new JudgeInTheLoop(Judge.load(), 4, 16, 3.0) : null;
            if (probe == null) {
                out.println("judge not installed (" + JudgeFiles.RECREATE + "): no probe scores; the final weights are exported");
            }
            ProgressBar bar = new ProgressBar(out, s.minutes(), start);
            long lastSave = System.nanoTime();
            long lastEval = System.nanoTime();
            long step = start;
            double smoothed = Double.NaN;
            while (!bar.timeUp() && step < planned) {
                Random random = new Random(s.seed() * 1_000_003L + step);
                JointObjective.Batch batch = batch(cache, prompts, usable, s.batch(), random);
                GeneratorTrainer.Losses l = trainer.step(base, batch, random);
                step = trainer.step();
                if (Double.isFinite(l.total())) {
                    smoothed = Double.isNaN(smoothed) ? l.total() : 0.98 * smoothed + 0.02 * l.total();
                }
                if (step % 5 == 0) {
                    bar.show(step, String.format(Locale.ROOT, "loss %.3f (next-token %.3f flow %.3f) |g| %.2f lr %.1e skipped %d", smoothed,
                            l.nextToken(), l.flow(), l.gradientNorm(), trainer.learningRate(), trainer.skipped()));
                }
                boolean evalDue = probe != null && System.nanoTime() - lastEval > s.evalMinutes() * 60e9;
                if (evalDue) {
                    JudgeInTheLoop.Score score = scoreEma(probe, generator, trainer, tok, base);
                    bar.log(String.format(Locale.ROOT, "step %d loss %.3f %s", step, smoothed, score.line()));
                    if (score.overall() > best) {
                        best = score.overall();
                        export(s, generator, trainer, tok, data, step, previousSeconds + bar.elapsedSeconds(), score, planned);
                        bar.log("new best probe score: exported to " + s.modelDir());
                    }
                    lastEval = System.nanoTime();
                }
                if (evalDue || System.nanoTime() - lastSave > 180e9) {
                    save(checkpoint, generator, trainer, step, planned, cycleStart, previousSeconds + bar.elapsedSeconds(), best);
                    lastSave = System.nanoTime();
                }
            }
            double seconds = previousSeconds + bar.elapsedSeconds();
            save(checkpoint, generator, trainer, step, planned, cycleStart, seconds, best);
            bar.log(String.format(Locale.ROOT, "stopped at step %d (%.2f steps/s this session); checkpoint %s", step, bar.stepsPerSecond(step), checkpoint));
            if (probe != null) {
                JudgeInTheLoop.Score score = scoreEma(probe, generator, trainer, tok, base);
                bar.log(String.format(Locale.ROOT, "final %s (best so far %.3f)", score.line(), best));
                if (score.overall() > best) {
                    export(s, generator, trainer, tok, data, step, seconds, score, planned);
                    save(checkpoint, generator, trainer, step, planned, cycleStart, seconds, score.overall());
                }
            } else {
                export(s, generator, trainer, tok, data, step, seconds, null, planned);
            }
        }
    }

    static JointObjective.Batch batch(CodeCache cache, int[][] prompts, List<Integer> usable, int size, Random random) {
        int[][] p = new int[size][];
        int[][] c = new int[size][];
        int per = cache.latents()[0].length;
        float[] latents = new float[size * per];
        for (int b = 0; b < size; b++) {
            int i = usable.get(random.nextInt(usable.size()));
            p[b] = prompts[i];
            c[b] = cache.codes()[i];
            System.arraycopy(cache.latents()[i], 0, latents, b * per, per);
        }
        return new JointObjective.Batch(p, c, latents);
    }

    private static long estimateSteps(Generator.Config config, JointObjective objective, CodeCache cache, int[][] prompts, List<Integer> usable,
                                      Settings s, NDManager parent, PrintStream out) {
        try (NDManager base = parent.newSubManager(); Generator g = new Generator(config, base, s.seed())) {
            GeneratorTrainer probe = new GeneratorTrainer(g, objective, new WarmupCosine(1e-5, 1e-5, 1, 10), 0.999);
            Random random = new Random(s.seed());
            probe.step(base, batch(cache, prompts, usable, s.batch(), random), random);
            long t0 = System.nanoTime();
            int n = 4;
            for (int i = 0; i < n; i++) {
                probe.step(base, batch(cache, prompts, usable, s.batch(), random), random);
            }
            double perStep = (System.nanoTime() - t0) / 1e9 / n;
            long planned = Math.max(200, (long) (s.minutes() * 60 / perStep * 0.9)); // 10% of the budget goes to probes
            out.printf(Locale.ROOT, "measured %.2f steps/s at batch %d: planning %d steps for %.1f min%n", 1 / perStep, s.batch(), planned, s.minutes());
            return planned;
        }
    }

    private static float[] unitCodebook(MammothTok tok, NDManager base) {
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
    private static JudgeInTheLoop.Score scoreEma(JudgeInTheLoop probe, Generator generator, GeneratorTrainer trainer, MammothTok tok,
                                                 NDManager base) throws Exception {
        Map<String, float[]> live = new LinkedHashMap<>();
        Map<String, float[]> ema = trainer.ema().snapshot();
        ema.keySet().forEach(k -> live.put(k, generator.parameters().get(k).toFloatArray()));
        generator.parameters().overwrite(ema);
        try {
            return probe.score(new MammothModel(base, tok, generator, "training"));
        } finally {
            generator.parameters().overwrite(live);
        }
    }

    private static void save(Path file, Generator g, GeneratorTrainer t, long step, long planned, long cycleStart, double seconds, double best)
            throws IOException {
        JsonObject extra = new JsonObject();
        extra.addProperty("best", best);
        extra.addProperty("cycle_start", cycleStart);
        Checkpoint.save(file, g.parameters(), t.optimiser(), t.ema().snapshot(), new Checkpoint.State(step, planned, seconds, extra));
    }

    private static void export(Settings s, Generator g, GeneratorTrainer t, MammothTok tok, TrainingExamples data, long step, double seconds,
                               JudgeInTheLoop.Score score, long planned) throws IOException {
        JsonObject training = new JsonObject();
        training.addProperty("steps", step);
        training.addProperty("seconds", seconds);
        if (score != null) {
            training.addProperty("probe_overall", score.overall());
        }
        Files.createDirectories(s.modelDir());
        ModelFiles.writeGenerator(s.modelDir().resolve(ModelFiles.GENERATOR), g, t.ema().snapshot(), training, TensorFile.Storage.FLOAT16);
        Generator.Config c = g.config();
        String card = String.format(Locale.ROOT, """
                # Mammoth2-mini generator (AR + generation experts -> alignment -> DiT)

                Serial AR -> DiT text-to-image model after MammothModa2, scaled down to train on 2 CPU cores. Frozen MammothTok \
                (`%s`) gives 8x8 codes (AR vocabulary) and latents (DiT space).

                | part | size | parameters |
                |---|---|---|
                | AR backbone | width %d, %d layers, %d heads, generation experts in layers %d..%d | %,d |
                | alignment | mean of last %d AR layers; text RMSNorm+Linear; Q-Former %d queries x %d layers | %,d |
                | DiT | width %d, %d blocks, %d heads, adaLN-Zero, in-context [%d condition | 64 latent] tokens | %,d |

                Weights: `%s` (float16, SHA-256 in `%s.sha256`, the DiT as its EMA, decay 0.999).

                | | |
                |---|---|
                | command | `%s` |
                | data | %s, %d examples (codes cached) |
                | seed | %d |
                | batch | %d |
                | steps | %d (cosine schedule planned for %d, peak lr %.0e, AdamW) |
                | token noise | %s |
                | wall time | %.1f min |
                | machine | %s |
                | date | %s |

                ## Judge probe at export (%s)

                %s

                The probe is 4 prompts per GenEval task, one image each (16 Euler steps, guidance 3.0); the benchmark proper is \
                `./mammoth bench geneval`.
                """, ModelFiles.TOKENIZER, c.ar().width(), c.ar().layers(), c.ar().heads(), c.ar().expertsFrom(), c.ar().layers() - 1,
                g.parameters().count("ar."), c.align().aggregateLayers(), c.align().queries(), c.align().qformerLayers(), g.parameters().count("align."),
                c.dit().width(), c.dit().layers(), c.dit().heads(), g.align().conditionTokens(), g.parameters().count("dit."), ModelFiles.GENERATOR,
                ModelFiles.GENERATOR, s.command(), data.name(), s.examples(), s.seed(), s.batch(), step, planned, PEAK_LR, s.noise(),
                seconds / 60, Checkpoint.machine(), LocalDate.now(ZoneOffset.UTC), "step " + step,
                score == null ? "judge not installed: no score" : "`" + score.line() + "`");
        Files.writeString(s.modelDir().resolve("mammoth-generator.md"), card);
    }

    private GeneratorRun() {
    }
}
