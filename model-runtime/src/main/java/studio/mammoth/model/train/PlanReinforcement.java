package studio.mammoth.model.train;

import ai.djl.ndarray.NDManager;
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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.api.ModelFiles;
import studio.mammoth.model.ar.PlanPrefix;
import studio.mammoth.model.ar.Planner;
import studio.mammoth.model.ar.SamplingSettings;
import studio.mammoth.model.bench.GenEvalScorer;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.judge.Judge;
import studio.mammoth.model.judge.JudgedImage;
import studio.mammoth.model.nn.TensorFile;
import studio.mammoth.model.nn.WarmupCosine;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.world.GenEvalPrompt;
import studio.mammoth.model.world.GenEvalTask;

/**
 * {@code ./mammoth train reinforce}: reinforcement of the AR's plans with the judge as the reward, after supervised
 * training. The paper post-trains its diffusion branch with RL on reward signals (DiffusionNFT); here the measured
 * bottleneck is the plan (its decode scores what the rendered picture scores), so the AR is what is reinforced.
 *
 * <p>Each step draws fresh prompts in the GenEval templates (random classes, colours, counts, relations, as the supervised
 * data does: not the benchmark's list), plans each {@code group} times with the product's sampling settings, decodes the
 * plans with the frozen tokenizer, judges them, and takes one {@link PlanPolicyGradient} step. The same step trains the
 * joint objective on a small batch of world pairs (the anchor), which keeps the plans' codes close to the data and the
 * DiT following the AR states it is conditioned on. A fixed probe of other fresh prompts (plan-only, as the reward) is
 * scored every few minutes; the best-scoring weights are exported, the last ones beside them.
 */
public final class PlanReinforcement {
    /**
     * @param prompts      prompts per step
     * @param group        plans per prompt (the group its advantages are relative to)
     * @param anchor       world pairs per step in the joint objective (at least one: it keeps the DiT following the AR)
     * @param policyWeight weight of the policy gradient against the anchor's joint objective; the DiT learns from the anchor
     *                     alone, so under AdamW this only sets how hard the plans are pulled towards reward versus data
     * @param learningRate AdamW's rate, constant after a short warm-up
     * @param from         generator weights (a checkpoint or an export) to start from when there is nothing to resume
     */
    public record Settings(double minutes, boolean resume, long seed, int prompts, int group, int anchor, double policyWeight, int examples,
                           double learningRate, double evalMinutes, SamplingSettings sampling, Path from, Path tokenizer, Path runDir,
                           Path modelDir, String command) {
        public Settings {
            if (prompts < 1 || group < 2 || anchor < 1 || !(policyWeight > 0) || !(learningRate > 0) || !(minutes > 0) || !(evalMinutes > 0)) {
                throw new IllegalArgumentException("--prompts >= 1, --group >= 2, --anchor >= 1 and positive --policy-weight, --lr, --minutes and "
                        + "--eval-minutes are required");
            }
        }
    }

    /** Reward of a judged plan: half the fraction of the prompt's checks that held, half whether the picture is correct. */
    static double reward(GenEvalScorer.Verdict verdict) {
        return 0.5 * verdict.credit() + (verdict.correct() ? 0.5 : 0);
    }

    private static final int WARMUP_STEPS = 10;
    /**
     * Probe prompts per task (two plans each), drawn from their own seed. The template space is small (ten classes and
     * colours), so its prompts are among those trained on too: the probe follows the plans, not generalisation to new words.
     */
    private static final int PROBE_PER_TASK = 10;
    private static final long PROBE_SEED = 0x5EEDL;
    private static final String PROBE = "plan probe";

    public static void run(Settings s, WorldExamples data, PrintStream out) throws Exception {
        DjlEngine.configureDefaults();
        Files.createDirectories(s.runDir());
        Path checkpoint = s.runDir().resolve("reinforce-checkpoint.mmt");
        Checkpoint.State resumed = s.resume() ? Checkpoint.peek(checkpoint, ModelFiles.TRAIN_GENERATOR) : null;
        if (s.resume() && resumed == null) {
            out.println("no checkpoint at " + checkpoint + ": starting from " + s.from());
        }
        try (NDManager base = DjlEngine.engine().newBaseManager(); Judge judge = Judge.load()) {
            MammothTok tok = ModelFiles.readTokenizer(s.tokenizer(), base);
            Generator generator = resumed != null
                    ? new Generator(Generator.configFromJson(resumed.extra().get("config")), base, s.seed())
                    : ModelFiles.readGenerator(s.from(), base);
            if (!generator.config().planned()) {
                throw new IllegalArgumentException("the DiT-only variant makes no plan to reinforce");
            }
            MammothModel model = new MammothModel(base, tok, generator, "reinforce");
            CaptionedCodes pairs = CaptionedCodes.encode(CodeCache.build(data, s.examples(), s.tokenizer(), tok, base, s.runDir(), out),
                    generator.text());
            JointObjective anchor = new JointObjective(1.0, 0.1, 0.1,
                    TokenNoise.of(TokenNoise.Mode.BOTH, GeneratorRun.unitCodebook(tok, base), tok.config().latentDim()));
            GeneratorTrainer trainer = new GeneratorTrainer(generator, anchor,
                    new WarmupCosine(s.learningRate(), s.learningRate(), WARMUP_STEPS, WARMUP_STEPS + 1), 0.999);
            long start = 0;
            double previousSeconds = 0;
            double best = -1;
            List<String> history = new ArrayList<>();
            if (resumed != null) {
                Map<String, float[]> ema = new LinkedHashMap<>();
                Checkpoint.load(checkpoint, generator.parameters(), trainer.optimiser(), ema, ModelFiles.TRAIN_GENERATOR);
                trainer.ema().restore(ema, resumed.extra().get("ema_updates").getAsLong());
                start = resumed.step();
                previousSeconds = resumed.wallSeconds();
                best = resumed.extra().get("best").getAsDouble();
                resumed.extra().getAsJsonArray("history").forEach(e -> history.add(e.getAsString()));
                trainer.resumeAt(start);
                out.printf(Locale.ROOT, "resumed at step %d (best probe %.3f)%n", start, best);
            } else {
                // the export's DiT is already the EMA: the average continues from it
                trainer.ema().restore(generator.parameters().snapshot(), 0);
                out.println("starting from " + s.from());
            }
            out.printf(Locale.ROOT, "reinforcing the plans of %,d AR parameters: %d prompts x %d plans a step (policy weight %.1f), anchor %d "
                            + "world pairs, lr %.1e, sampling: plan guidance %.1f, temperature %.2f, top-k %d%n", generator.parameters().count("ar."),
                    s.prompts(), s.group(), s.policyWeight(), s.anchor(), s.learningRate(), s.sampling().guidance(), s.sampling().temperature(), s.sampling().topK());
            history.add(String.format(Locale.ROOT, "%s UTC, step %d: `%s`", LocalDateTime.now(ZoneOffset.UTC).withNano(0), start, s.command()));
            List<GenEvalPrompt> probe = probePrompts();
            if (resumed == null) {
                JudgeInTheLoop.Score first = probe(model, judge, probe, s.sampling());
                out.println("before: " + first.line(PROBE));
                best = first.overall();
            }
            ProgressBar bar = new ProgressBar(out, s.minutes(), start);
            long lastEval = System.nanoTime();
            long lastSave = System.nanoTime();
            long step = start;
            double smoothedReward = Double.NaN;
            while (!bar.timeUp()) {
                Random random = new Random(s.seed() * 1_000_003L + step);
                Rollouts rollouts = rollouts(model, judge, s, new SplittableRandom(s.seed() * 7_919L + step));
                PlanPolicyGradient.Rollouts update = new PlanPolicyGradient.Rollouts(rollouts.prompts(), rollouts.codes(),
                        PlanPolicyGradient.groupAdvantages(rollouts.rewards(), s.group()));
                JointObjective.Mixed anchorBatch = new JointObjective.Mixed(pairs.batch(s.anchor(), random), null, null);
                GeneratorTrainer.Losses l = trainer.step(base, anchorBatch, random,
                        scope -> PlanPolicyGradient.loss(scope, generator, update).mul((float) s.policyWeight()));
                step = trainer.step();
                double meanReward = java.util.Arrays.stream(rollouts.rewards()).average().orElse(0);
                smoothedReward = Double.isNaN(smoothedReward) ? meanReward : 0.95 * smoothedReward + 0.05 * meanReward;
                bar.show(step, String.format(Locale.ROOT, "reward %.3f (this step %.3f, correct %d/%d) pg %.3f anchor %.3f |g| %.2f", smoothedReward,
                        meanReward, rollouts.correct(), rollouts.rewards().length, l.extra(), l.total() - l.extra(), l.gradientNorm()));
                boolean evalDue = System.nanoTime() - lastEval > s.evalMinutes() * 60e9;
                if (evalDue) {
                    JudgeInTheLoop.Score p = probe(model, judge, probe, s.sampling());
                    bar.log(String.format(Locale.ROOT, "step %d reward %.3f %s", step, smoothedReward, p.line(PROBE)));
                    if (p.overall() > best) {
                        best = p.overall();
                        export(s.modelDir(), s, generator, trainer, step, previousSeconds + bar.elapsedSeconds(), p, history);
                        bar.log("new best probe score: exported to " + s.modelDir());
                    }
                    lastEval = System.nanoTime();
                }
                if (evalDue || System.nanoTime() - lastSave > 180e9) {
                    save(checkpoint, generator, trainer, step, previousSeconds + bar.elapsedSeconds(), best, history);
                    lastSave = System.nanoTime();
                }
            }
            double seconds = previousSeconds + bar.elapsedSeconds();
            JudgeInTheLoop.Score last = probe(model, judge, probe, s.sampling());
            bar.log(String.format(Locale.ROOT, "stopped at step %d (%.3f steps/s this session); final %s (best so far %.3f)", step,
                    bar.stepsPerSecond(step), last.line(PROBE), best));
            if (last.overall() > best) {
                best = last.overall();
                export(s.modelDir(), s, generator, trainer, step, seconds, last, history);
            }
            save(checkpoint, generator, trainer, step, seconds, best, history);
            Path lastDir = s.runDir().resolve("last");
            export(lastDir, s, generator, trainer, step, seconds, last, history);
            bar.log("best weights: " + s.modelDir() + "; last weights: " + lastDir + "; checkpoint " + checkpoint);
        }
    }

    /** One step's plans: prompt ids and codes per rollout (groups consecutive), their rewards and how many were correct. */
    private record Rollouts(int[][] prompts, int[][] codes, double[] rewards, int correct) {
    }

    private static Rollouts rollouts(MammothModel model, Judge judge, Settings s, SplittableRandom rng) {
        Generator g = model.generator();
        int n = s.prompts() * s.group();
        int[][] prompts = new int[n][];
        int[][] codes = new int[n][];
        List<GenEvalPrompt> asked = new ArrayList<>();
        List<RgbImage> pictures = new ArrayList<>();
        try (NDManager request = DjlEngine.engine().newBaseManager()) {
            for (int i = 0; i < s.prompts(); i++) {
                GenEvalPrompt prompt = WorldExamples.templatePrompt(rng);
                int[] ids = g.text().encode(prompt.prompt());
                long[] seeds = new long[s.group()];
                for (int k = 0; k < seeds.length; k++) {
                    seeds[k] = rng.nextLong();
                }
                int[][] planned = plan(request, g, ids, seeds, s.sampling());
                for (int k = 0; k < s.group(); k++) {
                    int r = i * s.group() + k;
                    prompts[r] = ids;
                    codes[r] = planned[k];
                    asked.add(prompt);
                    try (NDManager scope = request.newSubManager()) {
                        pictures.add(model.decodePlan(scope, planned[k]));
                    }
                }
            }
        }
        List<JudgedImage> judged = judge.judgeAll(pictures);
        double[] rewards = new double[n];
        int correct = 0;
        for (int r = 0; r < n; r++) {
            GenEvalScorer.Verdict verdict = GenEvalScorer.score(asked.get(r), judged.get(r));
            rewards[r] = reward(verdict);
            correct += verdict.correct() ? 1 : 0;
        }
        return new Rollouts(prompts, codes, rewards, correct);
    }

    private static int[][] plan(NDManager request, Generator g, int[] prompt, long[] seeds, SamplingSettings sampling) {
        try (NDManager scope = request.newSubManager()) {
            return new Planner(g.ar()).plan(scope, PlanPrefix.generation(g.layout(), prompt), seeds, sampling, (done, total, soFar) -> { });
        }
    }

    /** The probe's fixed prompts: {@value #PROBE_PER_TASK} fresh template prompts of every task. */
    static List<GenEvalPrompt> probePrompts() {
        SplittableRandom rng = new SplittableRandom(PROBE_SEED);
        Map<GenEvalTask, Integer> taken = new EnumMap<>(GenEvalTask.class);
        List<GenEvalPrompt> prompts = new ArrayList<>();
        while (prompts.size() < PROBE_PER_TASK * GenEvalTask.values().length) {
            GenEvalPrompt p = WorldExamples.templatePrompt(rng);
            if (taken.merge(p.task(), 1, Integer::sum) <= PROBE_PER_TASK) {
                prompts.add(p);
            }
        }
        return prompts;
    }

    /** Plan-only GenEval of the probe prompts, two plans each at fixed seeds. */
    private static JudgeInTheLoop.Score probe(MammothModel model, Judge judge, List<GenEvalPrompt> prompts, SamplingSettings sampling) {
        Generator g = model.generator();
        Map<GenEvalTask, int[]> counts = new EnumMap<>(GenEvalTask.class);
        try (NDManager request = DjlEngine.engine().newBaseManager()) {
            for (int i = 0; i < prompts.size(); i++) {
                GenEvalPrompt p = prompts.get(i);
                int[][] planned = plan(request, g, g.text().encode(p.prompt()), new long[] {2L * i, 2L * i + 1}, sampling);
                for (int[] codes : planned) {
                    boolean correct;
                    try (NDManager scope = request.newSubManager()) {
                        correct = GenEvalScorer.score(p, judge.judge(model.decodePlan(scope, codes))).correct();
                    }
                    int[] c = counts.computeIfAbsent(p.task(), k -> new int[2]);
                    c[0] += correct ? 1 : 0;
                    c[1]++;
                }
            }
        }
        return JudgeInTheLoop.Score.of(counts);
    }

    private static void save(Path file, Generator g, GeneratorTrainer t, long step, double seconds, double best, List<String> history)
            throws IOException {
        JsonObject extra = new JsonObject();
        extra.addProperty("best", best);
        extra.addProperty("ema_updates", t.ema().updates());
        extra.add("config", Generator.configJson(g.config()));
        JsonArray stretches = new JsonArray();
        history.forEach(stretches::add);
        extra.add("history", stretches);
        Checkpoint.save(file, g.parameters(), t.optimiser(), t.ema().snapshot(), new Checkpoint.State(step, 0, seconds, extra));
    }

    private static void export(Path dir, Settings s, Generator g, GeneratorTrainer t, long step, double seconds, JudgeInTheLoop.Score probe,
                               List<String> history)
            throws IOException {
        JsonObject training = new JsonObject();
        training.addProperty("reinforce_steps", step);
        training.addProperty("reinforce_seconds", seconds);
        training.addProperty("plan_probe", probe.overall());
        Files.createDirectories(dir);
        ModelFiles.writeGenerator(dir.resolve(ModelFiles.GENERATOR), g, t.ema().snapshot(), training, TensorFile.Storage.FLOAT16);
        ModelFiles.copyTokenizerBeside(s.tokenizer(), dir);
        String card = String.format(Locale.ROOT, """
                # Mammoth2-mini generator, plans reinforced with the judge

                The supervised generator `%s`, then %d steps of plan reinforcement (`PlanPolicyGradient`: %d fresh GenEval-template \
                prompts a step, %d plans each, reward = half the fraction of the prompt's checks that held + half for a correct \
                picture, judged on the plan decoded by the frozen tokenizer, weight %.1f; %d world pairs a step in the joint objective as anchor).

                | | |
                |---|---|
                | command | `%s` |
                | seed | %d |
                | learning rate | %.1e (AdamW, constant after %d warm-up steps) |
                | plan sampling | guidance %.1f, temperature %.2f, top-k %d |
                | wall time | %.1f min |
                | machine | %s |
                | date | %s |

                `%s` (step %d; %d fresh template prompts a task, two plans each, not the benchmark's prompts). The benchmark \
                proper is `./mammoth bench geneval`.

                ## Run history (each stretch: start, first step, command)

                %s
                """, s.from(), step, s.prompts(), s.group(), s.policyWeight(), s.anchor(), s.command(), s.seed(), s.learningRate(), WARMUP_STEPS,
                s.sampling().guidance(), s.sampling().temperature(), s.sampling().topK(), seconds / 60, Checkpoint.machine(),
                LocalDate.now(ZoneOffset.UTC), probe.line(PROBE), step, PROBE_PER_TASK,
                history.stream().map(h -> "- " + h).collect(Collectors.joining("\n")));
        Files.writeString(dir.resolve("mammoth-generator.md"), card);
    }

    private PlanReinforcement() {
    }
}
