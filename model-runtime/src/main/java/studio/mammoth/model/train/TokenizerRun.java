package studio.mammoth.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.api.ModelFiles;
import studio.mammoth.model.bench.ContactSheet;
import studio.mammoth.model.bench.TokenizedOracle;
import studio.mammoth.model.bench.TokenizerRoundTrip;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.judge.CuratedWorlds;
import studio.mammoth.model.judge.Judge;
import studio.mammoth.model.judge.JudgeFiles;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.TensorFile;
import studio.mammoth.model.nn.WarmupCosine;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.tok.Pixels;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * {@code ./mammoth train tokenizer}: trains MammothTok for a wall-time budget on a pool of pictures, checkpoints
 * every few minutes (resumable), then measures reconstruction PSNR and codebook usage on held-out pictures and
 * writes the float16 weights, checksum and model card.
 */
public final class TokenizerRun {
    /** Half of a batch decodes the quantised latents: the plan and the picture decode equally well. */
    public static final double DEFAULT_QUANTISED_SHARE = 0.5;

    /**
     * @param quantisedShare the share of each batch whose quantised latents are decoded (see {@link TokenizerTrainer}); null = the
     *                       resumed checkpoint's, or {@link #DEFAULT_QUANTISED_SHARE} for a fresh run
     * @param adversarial    0: the whole tokenizer trains; above 0: the resumed tokenizer's decoder is fine-tuned against a
     *                       patch critic with this weight, its encoder and codebook frozen (see {@link DecoderCritic})
     * @param newDecoderFor  a trained tokenizer whose encoder and codebook a fresh run keeps, frozen, training a new decoder
     *                       (of the requested decoder sizes) from scratch: its codes and latents, and so every generator trained
     *                       on them, stay valid; null = none
     * @throws IllegalArgumentException if the share is not in [0, 1], or the adversarial weight is negative or asked for
     *                                  without a tokenizer to resume
     */
    public record Settings(double minutes, boolean resume, long seed, int batch, int pool, Double quantisedShare, double adversarial,
                           Path newDecoderFor, Path runDir, Path modelDir, String command) {
        public Settings {
            if (quantisedShare != null) {
                TokenizerTrainer.requireShare(quantisedShare);
            }
            if (!(adversarial >= 0)) {
                throw new IllegalArgumentException("the adversarial weight is 0 (off) or positive, got " + adversarial);
            }
            if (adversarial > 0 && !resume) {
                throw new IllegalArgumentException("an adversarial weight fine-tunes the decoder of a trained tokenizer: it needs a run to resume (--resume)");
            }
        }

        Settings withQuantisedShare(double share) {
            return new Settings(minutes, resume, seed, batch, pool, share, adversarial, newDecoderFor, runDir, modelDir, command);
        }
    }

    /**
     * Learning-rate peaks: a tokenizer from scratch, and a trained decoder against a fresh critic (gentler: the decoder has
     * converged). Session 12's fine-tunes blew the decoder up at either peak (MSE 0.05 -> 1e12): that was the wrong input
     * gradient of the last convolution's direct path (see {@link studio.mammoth.model.nn.Conv2d}), not the rate.
     */
    private static final double PEAK_LR = 2e-3;
    private static final double FINE_TUNE_PEAK_LR = 1e-4;
    /** The critic's updates alone before its verdict reaches the decoder (about 3 minutes). */
    private static final long CRITIC_WARMUP = 500;

    public record Result(long steps, double seconds, double psnrContinuous, double psnrCodes, double usage, double perplexity) {
    }

    /**
     * GenEval of the world's ground truth seen through the tokenizer (see {@link TokenizedOracle}): the ceiling it sets on
     * the AR's plans (codes, merged as the AR plans them) and on the DiT (continuous latents).
     */
    record Ceiling(JudgeInTheLoop.Score codes, JudgeInTheLoop.Score latents) {
        String line() {
            return codes.line("ceiling through codes") + "; " + latents.line("through latents");
        }
    }

    /** Prompts of each task the mid-run ceiling is judged on; the final one takes the whole suite. */
    private static final int PROBE_PER_TASK = 16;
    private static final double PROBE_MINUTES = 10;

    private static final String QUANTISED_SHARE = "quantised_share";
    private static final String DECODER_ONLY = "decoder_only";
    private static final int HELD_OUT = 256;
    private static final Gson GSON = new Gson();

    /**
     * @param requested the sizes of a fresh run; a resumed run keeps its checkpoint's (checkpoints from before session 10
     *                  did not record them: those resume with the requested sizes)
     */
    public static Result run(Settings s, TrainingExamples data, MammothTok.Config requested, PrintStream out) throws IOException {
        DjlEngine.configureDefaults();
        Path checkpoint = s.runDir().resolve("tokenizer-checkpoint.mmt");
        Checkpoint.State resumed = s.resume() ? Checkpoint.peek(checkpoint, ModelFiles.TRAIN_TOKENIZER) : null;
        if (s.resume() && resumed == null) {
            if (s.adversarial() > 0) {
                throw new IllegalArgumentException("no tokenizer checkpoint at " + checkpoint + " whose decoder could be fine-tuned");
            }
            out.println("no checkpoint at " + checkpoint + ": starting fresh");
        }
        MammothTok.Config config = resumed != null && resumed.extra() != null && resumed.extra().has("config")
                ? GSON.fromJson(resumed.extra().get("config"), MammothTok.Config.class) : requested;
        // a critic's fine-tune, and a new decoder's run, train the decoder alone
        boolean decoderOnly = s.adversarial() > 0 || resumed != null && resumed.extra() != null && resumed.extra().has(DECODER_ONLY);
        Map<String, float[]> encoding = null; // a new decoder's trained tokenizer, whose encoder and codebook it keeps
        if (resumed == null && s.newDecoderFor() != null) {
            TensorFile.Contents trained = TensorFile.read(s.newDecoderFor(), ModelFiles.TRAIN_TOKENIZER);
            config = ModelFiles.tokenizerConfig(trained).withDecoderOf(requested);
            encoding = trained.tensors();
            decoderOnly = true;
            out.printf(Locale.ROOT, "a new decoder (channels %d/%d/%d, %d residual block(s) a level, edge weight %s) for the encoder and codebook "
                            + "of %s, frozen: its codes and latents, and every generator trained on them, stay valid%n", config.decoderC1(),
                    config.decoderC2(), config.decoderC3(), config.residualBlocks(), config.edgeWeight(), s.newDecoderFor());
        } else if (!config.equals(requested)) {
            out.println("resuming with the checkpoint's sizes " + config + ", not the requested " + requested);
        }
        s = s.withQuantisedShare(quantisedShare(s, resumed, out));
        out.printf("train tokenizer: %s, pool %d pictures, batch %d, %.1f min%n", data.name(), s.pool(), s.batch(), s.minutes());
        int side = config.imageSize();
        int per = 3 * side * side;
        int[][] pool = new int[s.pool()][];
        for (int i = 0; i < s.pool(); i++) {
            pool[i] = data.example(i).image().pixels();
        }
        try (NDManager base = DjlEngine.engine().newBaseManager();
             Judge judge = JudgeFiles.present(JudgeFiles.directory()) ? Judge.load() : null) {
            Parameters params = new Parameters(base, s.seed());
            MammothTok tok = encoding != null ? MammothTok.withEncoding(config, encoding, params) : new MammothTok(config, params);
            out.printf("MammothTok: %,d parameters%n", tok.parameters().count());
            long planned = resumed != null ? resumed.plannedSteps() : 0;
            long cycleStart = resumed != null && resumed.extra() != null && resumed.extra().has("cycle_start")
                    ? resumed.extra().get("cycle_start").getAsLong() : 0;
            if (planned <= 0) {
                planned = estimateSteps(config, decoderOnly, pool, s, per, base, out);
            } else if (resumed != null && resumed.step() >= planned) {
                cycleStart = resumed.step();
                planned = cycleStart + estimateSteps(config, decoderOnly, pool, s, per, base, out);
                out.printf("the previous schedule ended at step %d: new cosine cycle (warm restart) to step %d%n", cycleStart, planned);
            }
            long cycle = planned - cycleStart;
            DecoderCritic critic = s.adversarial() > 0 ? new DecoderCritic(base, s.seed(), s.adversarial(), CRITIC_WARMUP) : null;
            double peak = critic != null ? FINE_TUNE_PEAK_LR : PEAK_LR;
            WarmupCosine schedule = new WarmupCosine(peak, peak / 20, Math.min(200, cycle / 10), cycle, cycleStart);
            TokenizerTrainer trainer = decoderOnly ? TokenizerTrainer.trainingDecoder(tok, schedule, s.quantisedShare(), critic)
                    : new TokenizerTrainer(tok, schedule, 100, s.quantisedShare());
            long start = 0;
            double previousSeconds = 0;
            if (resumed != null) {
                Checkpoint.load(checkpoint, tok.parameters(), trainer.optimiser(), null, ModelFiles.TRAIN_TOKENIZER);
                start = resumed.step();
                previousSeconds = resumed.wallSeconds();
                trainer.resumeAt(start);
                out.printf("resumed at step %d of %d planned%n", start, planned);
            }
            if (critic != null) {
                Path criticCheckpoint = s.runDir().resolve(DecoderCritic.CHECKPOINT);
                boolean criticSaved = Files.isRegularFile(criticCheckpoint);
                if (criticSaved) {
                    Checkpoint.load(criticCheckpoint, critic.parameters(), critic.optimiser(), null, ModelFiles.TRAIN_TOKENIZER);
                }
                out.printf(Locale.ROOT, "fine-tuning the decoder against a patch critic (weight %s, %s), the encoder and codebook frozen%n",
                        s.adversarial(), criticSaved ? "critic resumed" : "a fresh critic learns alone for its first " + CRITIC_WARMUP + " updates");
            }
            WardrobeWorld world = judge != null ? CuratedWorlds.evaluation() : null;
            if (judge == null) {
                out.println("judge not installed (" + JudgeFiles.RECREATE + "): no GenEval ceiling is measured");
            }
            ProgressBar bar = new ProgressBar(out, s.minutes(), start);
            long lastSave = System.nanoTime();
            long lastProbe = System.nanoTime();
            float[] batch = new float[s.batch() * per];
            long step = start;
            while (!bar.timeUp()) {
                Random random = new Random(s.seed() * 1_000_003L + step);
                for (int b = 0; b < s.batch(); b++) {
                    int[] px = pool[random.nextInt(pool.length)];
                    Pixels.write(new RgbImage(side, side, px), batch, b * per);
                }
                TokenizerTrainer.Losses l = trainer.step(base, batch, s.batch(), random);
                step = trainer.step();
                if (step % 5 == 0) {
                    bar.show(step, String.format(Locale.ROOT, "recon %.4f codebook %.4f skipped %d", l.reconstruction(), l.codebook(),
                            trainer.optimiser().skipped())
                            + (critic == null ? "" : String.format(Locale.ROOT, " adversarial %.3f critic %.3f", l.adversarial(), l.critic())));
                }
                if (System.nanoTime() - lastSave > 180e9) {
                    // the first steps' speed misjudges a run (probes, checkpoints, other load): the cycle ends when the budget does
                    planned = bar.stepAtBudgetEnd(step);
                    trainer.endCycleAfter(planned - cycleStart);
                    save(checkpoint, tok, trainer, critic, decoderOnly, step, planned, cycleStart, s.quantisedShare(),
                            previousSeconds + bar.elapsedSeconds());
                    lastSave = System.nanoTime();
                }
                if (judge != null && System.nanoTime() - lastProbe > PROBE_MINUTES * 60e9) {
                    bar.log(String.format(Locale.ROOT, "step %d %s", step, ceiling(tok, judge, world, PROBE_PER_TASK).line()));
                    lastProbe = System.nanoTime();
                }
            }
            double seconds = previousSeconds + bar.elapsedSeconds();
            planned = step; // the cycle ends with the budget: a resume starts a new one
            save(checkpoint, tok, trainer, critic, decoderOnly, step, planned, cycleStart, s.quantisedShare(), seconds);
            bar.log(String.format(Locale.ROOT, "stopped at step %d (%.2f steps/s this session)", step, bar.stepsPerSecond(step)));
            tok.parameters().setTrainable(false);
            Path sheet = s.runDir().resolve("reconstructions.png");
            Result result = evaluate(tok, data, s.pool(), base, step, seconds, sheet);
            out.printf(Locale.ROOT, "held-out %d pictures: PSNR continuous %.2f dB, codes %.2f dB; codebook usage %.1f%% (perplexity %.0f of %d)%n",
                    HELD_OUT, result.psnrContinuous(), result.psnrCodes(), 100 * result.usage(), result.perplexity(), config.codebookSize());
            out.println("held-out pictures beside their decodes from latents and from codes: " + sheet);
            Ceiling ceiling = judge != null ? ceiling(tok, judge, world, Integer.MAX_VALUE) : null;
            if (ceiling != null) {
                out.println("GenEval's whole built-in suite, one picture a prompt: " + ceiling.line());
            }
            export(s, tok, decoderOnly, data, result, ceiling, planned);
            return result;
        }
    }

    /** The share asked for; else a resumed run keeps its checkpoint's (checkpoints from before session 12 did not record it). */
    private static double quantisedShare(Settings s, Checkpoint.State resumed, PrintStream out) {
        boolean recorded = resumed != null && resumed.extra() != null && resumed.extra().has(QUANTISED_SHARE);
        if (s.quantisedShare() != null) {
            if (recorded && resumed.extra().get(QUANTISED_SHARE).getAsDouble() != s.quantisedShare()) {
                out.printf(Locale.ROOT, "the quantised share changes from the checkpoint's %s to %s%n", resumed.extra().get(QUANTISED_SHARE), s.quantisedShare());
            }
            return s.quantisedShare();
        }
        if (recorded) {
            return resumed.extra().get(QUANTISED_SHARE).getAsDouble();
        }
        if (resumed != null) {
            out.println("the checkpoint does not record its quantised share: resuming with the default " + DEFAULT_QUANTISED_SHARE);
        }
        return DEFAULT_QUANTISED_SHARE;
    }

    /** Times a few steps of a throw-away copy and sizes the schedule to the budget. */
    private static long estimateSteps(MammothTok.Config config, boolean decoderOnly, int[][] pool, Settings s, int per, NDManager parent,
                                      PrintStream out) {
        try (NDManager base = parent.newSubManager()) {
            MammothTok tok = new MammothTok(config, new Parameters(base, s.seed()));
            WarmupCosine flat = new WarmupCosine(1e-4, 1e-4, 1, 10);
            TokenizerTrainer probe = decoderOnly ? TokenizerTrainer.trainingDecoder(tok, flat, s.quantisedShare(), null)
                    : new TokenizerTrainer(tok, flat, 1000, s.quantisedShare());
            float[] batch = new float[s.batch() * per];
            Random random = new Random(s.seed());
            int side = tok.config().imageSize();
            for (int b = 0; b < s.batch(); b++) {
                Pixels.write(new RgbImage(side, side, pool[b % pool.length]), batch, b * per);
            }
            probe.step(base, batch, s.batch(), random);
            long t0 = System.nanoTime();
            int n = 5;
            for (int i = 0; i < n; i++) {
                probe.step(base, batch, s.batch(), random);
            }
            double perStep = (System.nanoTime() - t0) / 1e9 / n;
            long planned = Math.max(100, (long) (s.minutes() * 60 / perStep));
            out.printf(Locale.ROOT, "measured %.2f steps/s: planning %d steps for %.1f min%n", 1 / perStep, planned, s.minutes());
            return planned;
        }
    }

    /** The tokenizer's GenEval ceilings on the first {@code perTask} prompts of each task (the training weights, unchanged). */
    private static Ceiling ceiling(MammothTok tok, Judge judge, WardrobeWorld world, int perTask) {
        JudgeInTheLoop probe = new JudgeInTheLoop(judge, perTask);
        return new Ceiling(probe.score(new TokenizedOracle(world, TokenizerRoundTrip.throughCodes(tok))),
                probe.score(new TokenizedOracle(world, TokenizerRoundTrip.throughLatents(tok))));
    }

    /** The tokenizer's checkpoint, and the critic's beside it when the decoder is being fine-tuned. */
    private static void save(Path file, MammothTok tok, TokenizerTrainer trainer, DecoderCritic critic, boolean decoderOnly, long step,
                             long planned, long cycleStart, double quantisedShare, double seconds) throws IOException {
        JsonObject extra = new JsonObject();
        extra.addProperty("cycle_start", cycleStart);
        if (decoderOnly) {
            extra.addProperty(DECODER_ONLY, true);
        }
        extra.addProperty(QUANTISED_SHARE, quantisedShare);
        extra.add("config", GSON.toJsonTree(tok.config()));
        Checkpoint.save(file, tok.parameters(), trainer.optimiser(), null, new Checkpoint.State(step, planned, seconds, extra));
        if (critic != null) {
            Checkpoint.save(file.resolveSibling(DecoderCritic.CHECKPOINT), critic.parameters(), critic.optimiser(), null,
                    new Checkpoint.State(step, planned, seconds, null));
        }
    }

    /**
     * PSNR (continuous latents and codes) and codebook usage on pictures the run never trained on; the first 8 go on a
     * contact sheet, each beside its decode from the continuous latents and from the codes.
     */
    private static Result evaluate(MammothTok tok, TrainingExamples data, int from, NDManager base, long steps, double seconds, Path sheet)
            throws IOException {
        List<RgbImage> sheetImages = new ArrayList<>();
        List<String> sheetCaptions = new ArrayList<>();
        int side = tok.config().imageSize();
        int per = 3 * side * side;
        double psnrC = 0;
        double psnrQ = 0;
        int[] counts = new int[tok.config().codebookSize()];
        int chunk = 32;
        for (int start = 0; start < HELD_OUT; start += chunk) {
            float[] px = new float[chunk * per];
            RgbImage[] originals = new RgbImage[chunk];
            for (int i = 0; i < chunk; i++) {
                originals[i] = data.example(from + start + i).image();
                Pixels.write(originals[i], px, i * per);
            }
            try (NDManager scope = base.newSubManager()) {
                MammothTok.Encoded e = tok.encode(scope.create(px, new Shape(chunk, 3, side, side)));
                float[] continuous = tok.decode(e.latents()).toFloatArray();
                float[] quantised = tok.decode(tok.codeLatents(e.codes())).toFloatArray();
                for (int c : e.codes().toIntArray()) {
                    counts[c]++;
                }
                for (int i = 0; i < chunk; i++) {
                    RgbImage fromLatents = Pixels.read(continuous, i, side, side);
                    RgbImage fromCodes = Pixels.read(quantised, i, side, side);
                    psnrC += Pixels.psnr(fromLatents, originals[i]);
                    psnrQ += Pixels.psnr(fromCodes, originals[i]);
                    if (sheetImages.size() < 8 * 3) {
                        sheetImages.addAll(List.of(originals[i], fromLatents, fromCodes));
                        sheetCaptions.addAll(List.of("picture " + (start + i + 1), "from latents", "from codes"));
                    }
                }
            }
        }
        long total = 0;
        Set<Integer> used = new HashSet<>();
        for (int c = 0; c < counts.length; c++) {
            total += counts[c];
            if (counts[c] > 0) {
                used.add(c);
            }
        }
        double entropy = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / total;
                entropy -= p * Math.log(p);
            }
        }
        ContactSheet.write(sheetImages, sheetCaptions, 6, sheet);
        return new Result(steps, seconds, psnrC / HELD_OUT, psnrQ / HELD_OUT, (double) used.size() / counts.length, Math.exp(entropy));
    }

    private static void export(Settings s, MammothTok tok, boolean decoderOnly, TrainingExamples data, Result r, Ceiling ceiling, long planned)
            throws IOException {
        JsonObject training = new JsonObject();
        training.addProperty("steps", r.steps());
        training.addProperty("seconds", r.seconds());
        training.addProperty("psnr_continuous_db", r.psnrContinuous());
        training.addProperty("psnr_codes_db", r.psnrCodes());
        training.addProperty("codebook_usage", r.usage());
        if (ceiling != null) {
            training.addProperty("geneval_ceiling_codes", ceiling.codes().overall());
            training.addProperty("geneval_ceiling_latents", ceiling.latents().overall());
        }
        Path file = s.modelDir().resolve(ModelFiles.TOKENIZER);
        ModelFiles.writeTokenizer(file, tok, training, TensorFile.Storage.FLOAT16);
        MammothTok.Config c = tok.config();
        String stretch = s.adversarial() > 0 ? "; this stretch fine-tuned the decoder alone against a patch critic (adversarial weight "
                + s.adversarial() + "), the encoder and codebook frozen"
                : decoderOnly ? "; the decoder was trained anew, the encoder and codebook frozen as trained before (their codes and "
                + "latents, and the generators trained on them, unchanged)" : "";
        String card = String.format(Locale.ROOT, """
                # MammothTok (scaled-down MammothModa2 visual tokenizer)

                Convolutional encoder 64x64x3 -> 8x8 grid of %d-dim latents (unit sphere x sqrt(%d)); L2-normalised codebook of %d \
                entries (cosine nearest, straight-through gradient, dead-code re-seeding); decoder trained on quantised latents \
                for %.0f%% of each batch and continuous ones for the rest%s. Encoder channels %d/%d/%d, decoder %d/%d/%d, %d residual block(s) per decoder level, edge loss weight %.1f. %,d parameters, float16 storage (`%s`, SHA-256 in `%s.sha256`).

                | | |
                |---|---|
                | command | `%s` |
                | data | %s, pool of %d pictures |
                | seed | %d |
                | batch | %d |
                | steps | %d (cosine schedule planned for %d) |
                | wall time | %.1f min |
                | machine | %s |
                | date | %s |

                ## Results (held-out %d pictures, never trained on)

                | metric | value |
                |---|---|
                | reconstruction PSNR, continuous latents (what the DiT renders) | %.2f dB |
                | reconstruction PSNR, quantised codes (what the AR plans) | %.2f dB |
                | codebook usage | %.1f%% of %d codes |
                | code perplexity | %.0f |
                | GenEval ceiling through the codes (the built-in suite's ground truth encoded, merged as the AR plans, decoded; judged) | %s |
                | GenEval ceiling through the continuous latents | %s |
                """, c.latentDim(), c.latentDim(), c.codebookSize(), 100 * s.quantisedShare(),
                stretch, c.c1(), c.c2(), c.c3(), c.decoderC1(), c.decoderC2(), c.decoderC3(), c.residualBlocks(), c.edgeWeight(), tok.parameters().count(), ModelFiles.TOKENIZER,
                ModelFiles.TOKENIZER, s.command(), data.name(), s.pool(), s.seed(), s.batch(), r.steps(), planned, r.seconds() / 60,
                Checkpoint.machine(), LocalDate.now(ZoneOffset.UTC), HELD_OUT, r.psnrContinuous(), r.psnrCodes(), 100 * r.usage(),
                c.codebookSize(), r.perplexity(), ceiling == null ? "not measured (judge not installed)" : String.format(Locale.ROOT, "%.3f", ceiling.codes().overall()),
                ceiling == null ? "not measured" : String.format(Locale.ROOT, "%.3f", ceiling.latents().overall()));
        Files.writeString(s.modelDir().resolve("mammothtok.md"), card);
    }

    private TokenizerRun() {
    }
}
