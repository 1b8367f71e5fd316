package studio.mammoth.model.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.judge.Judge;
import studio.mammoth.model.judge.JudgedImage;
import studio.mammoth.model.world.GenEvalPrompt;
import studio.mammoth.model.world.GenEvalSuite;
import studio.mammoth.model.world.GenEvalTask;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * The GenEval benchmark over the wardrobe world: K images a prompt from the system under test, judged, scored per task;
 * overall = mean of the task scores. Every run also scores the oracle and the negative control on the same prompts and
 * seeds, so each report carries its own evidence that the judge can be trusted.
 */
public final class GenEvalBench implements Task<GenEvalBench.Report> {
    public static final double TRUST_ORACLE_MIN = 0.95;
    public static final double TRUST_CONTROL_MAX = 0.15;
    private static final int BATCH = 64;
    private static final int MAX_FAILURES_SHOWN = 48;

    /** Where the pictures under test come from: index of the prompt, sample number -> picture (null = missing). */
    public interface ImageSource {
        String name();

        RgbImage image(int promptIndex, int sample);
    }

    /**
     * @param prompts         the prompts (index = position, as in GenEval's folders)
     * @param selected        indices of the prompts to evaluate, or null for all
     * @param imagesPerPrompt K
     * @param seed            the run seed; image k of prompt i uses Seeds.of(seed, i, k)
     * @param out             folder for images, verdicts, report.json and failures.png, or null
     */
    public record Settings(List<GenEvalPrompt> prompts, List<Integer> selected, int imagesPerPrompt, long seed, Path out) {
        public Settings {
            prompts = List.copyOf(prompts);
            selected = selected == null ? null : List.copyOf(selected);
            if (prompts.isEmpty()) {
                throw new IllegalArgumentException("no prompts to evaluate");
            }
            if (imagesPerPrompt < 1) {
                throw new IllegalArgumentException("--images-per-prompt must be at least 1");
            }
        }

        /** The indices evaluated. */
        public List<Integer> indices() {
            if (selected != null) {
                return selected;
            }
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < prompts.size(); i++) {
                all.add(i);
            }
            return all;
        }
    }

    /** Correct images of a task, of how many. */
    public record TaskScore(int correct, int images) {
        public double score() {
            return images == 0 ? 0 : (double) correct / images;
        }
    }

    /** The scores of one system on the run's prompts. */
    public record Run(String system, Map<GenEvalTask, TaskScore> tasks, int missing) {
        public double overall() {
            return tasks.values().stream().mapToDouble(TaskScore::score).average().orElse(0);
        }
    }

    /** The run under test, the oracle and the negative control, and every problem met on the way. */
    public record Report(Run main, Run oracle, Run control, List<String> problems) {
        public boolean trusted() {
            return oracle.overall() >= TRUST_ORACLE_MIN && control.overall() <= TRUST_CONTROL_MAX;
        }

        /** "trust oracle=0.990 negative_control=0.031 (oracle >= 0.95 and control <= 0.15: OK)". */
        public String trustLine() {
            return "trust oracle=" + Verdicts.score(oracle.overall()) + " negative_control=" + Verdicts.score(control.overall())
                    + " (oracle >= " + TRUST_ORACLE_MIN + " and control <= " + TRUST_CONTROL_MAX + ": "
                    + (trusted() ? "OK" : "NOT MET, do not trust these scores") + ")";
        }
    }

    private final Settings settings;
    private final ImageSource source;
    private final WardrobeWorld world;
    private final Judge judge;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param world the evaluation world (test split) for the oracle and the control
     */
    public GenEvalBench(Settings settings, ImageSource source, WardrobeWorld world, Judge judge) {
        this.settings = settings;
        this.source = source;
        this.world = world;
        this.judge = judge;
    }

    /** Pictures from a renderer (the oracle, the model): image k of prompt i rendered with Seeds.of(seed, i, k). */
    public static ImageSource rendered(PromptRenderer renderer, List<GenEvalPrompt> prompts, long seed) {
        return new ImageSource() {
            @Override
            public String name() {
                return renderer.name();
            }

            @Override
            public RgbImage image(int promptIndex, int sample) {
                return renderer.render(prompts.get(promptIndex), Seeds.of(seed, promptIndex, sample));
            }
        };
    }

    /** Pictures made elsewhere, in GenEval's layout: DIR/00012/samples/0003.png is sample 3 of prompt 12. */
    public static ImageSource directory(Path dir) {
        return new ImageSource() {
            @Override
            public String name() {
                return "images " + dir;
            }

            @Override
            public RgbImage image(int promptIndex, int sample) {
                Path file = samplePath(dir, promptIndex, sample, "png");
                if (!Files.isRegularFile(file)) {
                    return null;
                }
                try {
                    return ContactSheet.readImage(file);
                } catch (IOException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
        };
    }

    static Path samplePath(Path dir, int promptIndex, int sample, String extension) {
        return dir.resolve(String.format("%05d", promptIndex)).resolve("samples").resolve(String.format("%04d.%s", sample, extension));
    }

    @Override
    public String title() {
        return "GenEval benchmark (" + source.name() + ")";
    }

    @Override
    public Report run(TaskContext context) throws IOException {
        List<Integer> usable = usablePrompts();
        List<GenEvalPrompt> prompts = settings.prompts();
        Run oracle = evaluate("oracle", GenEvalBench.rendered(new OracleRenderer(world), prompts, settings.seed()), usable, null, context, 0.0);
        Run control = evaluate("negative control", GenEvalBench.rendered(new ShuffledOracle(world, prompts), prompts, settings.seed()),
                usable, null, context, 1 / 3.0);
        Run main = evaluate(source.name(), source, usable, settings.out(), context, 2 / 3.0);
        Report report = new Report(main, oracle, control, List.copyOf(problems));
        if (settings.out() != null) {
            writeReport(report);
        }
        return report;
    }

    /** The prompts the world can hold (at most 4 garments); the others are reported and skipped. */
    private List<Integer> usablePrompts() {
        List<Integer> usable = new ArrayList<>();
        for (int i : settings.indices()) {
            try {
                world.sceneFor(settings.prompts().get(i), 0);
                usable.add(i);
            } catch (IllegalArgumentException e) {
                problems.add("prompt " + i + ": " + e.getMessage() + " (skipped)");
            }
        }
        return usable;
    }

    /** Accumulates the verdicts of one system; pictures are judged in batches so the classifier runs once per batch. */
    private final class Evaluation {
        final String system;
        final Path out;
        final Map<GenEvalTask, int[]> counts = new EnumMap<>(GenEvalTask.class);
        final List<int[]> pending = new ArrayList<>();
        final List<RgbImage> batch = new ArrayList<>();
        final List<RgbImage> failures = new ArrayList<>();
        final List<String> failureCaptions = new ArrayList<>();

        Evaluation(String system, Path out) {
            this.system = system;
            this.out = out;
        }

        void add(int index, int sample, RgbImage image) throws IOException {
            pending.add(new int[] {index, sample});
            batch.add(image);
            if (batch.size() == BATCH) {
                flush();
            }
        }

        void flush() throws IOException {
            if (batch.isEmpty()) {
                return;
            }
            List<JudgedImage> judged = judge.judgeAll(batch);
            for (int b = 0; b < batch.size(); b++) {
                int pi = pending.get(b)[0], ps = pending.get(b)[1];
                GenEvalPrompt prompt = settings.prompts().get(pi);
                GenEvalScorer.Verdict verdict = GenEvalScorer.score(prompt, judged.get(b));
                int[] c = counts.computeIfAbsent(prompt.task(), t -> new int[2]);
                c[0] += verdict.correct() ? 1 : 0;
                c[1]++;
                if (out != null) {
                    write(out, pi, ps, prompt, batch.get(b), judged.get(b), verdict);
                    if (!verdict.correct() && failures.size() < MAX_FAILURES_SHOWN) {
                        failures.add(batch.get(b));
                        failureCaptions.add(prompt.prompt() + " — " + String.join("; ", verdict.reasons()));
                    }
                }
            }
            batch.clear();
            pending.clear();
        }
    }

    private Run evaluate(String system, ImageSource images, List<Integer> usable, Path out, TaskContext context, double progressFrom)
            throws IOException {
        Evaluation evaluation = new Evaluation(system, out);
        int k = settings.imagesPerPrompt();
        int total = usable.size() * k;
        int missing = 0;
        for (int n = 0; n < total; n++) {
            context.throwIfCancelled();
            int index = usable.get(n / k), sample = n % k;
            RgbImage image;
            try {
                image = images.image(index, sample);
            } catch (IllegalArgumentException e) {
                if (sample == 0) {
                    problems.add(system + " prompt " + index + ": " + e.getMessage());
                }
                image = null;
            }
            if (image == null || image.width() != WardrobeWorld.SIDE || image.height() != WardrobeWorld.SIDE) {
                if (image != null) {
                    problems.add(system + " prompt " + index + " sample " + sample + ": picture is " + image.width() + "x"
                            + image.height() + ", the judge reads 64x64 (skipped)");
                }
                missing++;
                continue;
            }
            evaluation.add(index, sample, image);
            if (n % BATCH == 0) {
                context.report(progressFrom + n / (3.0 * total), "judging", system + " " + n + "/" + total);
            }
        }
        evaluation.flush();
        if (missing > 0) {
            problems.add(system + ": " + missing + " of " + total + " pictures missing or unreadable (not scored)");
        }
        if (out != null && !evaluation.failures.isEmpty()) {
            ContactSheet.write(evaluation.failures, evaluation.failureCaptions, 6, out.resolve("failures.png"));
        }
        Map<GenEvalTask, TaskScore> tasks = new EnumMap<>(GenEvalTask.class);
        evaluation.counts.forEach((t, c) -> tasks.put(t, new TaskScore(c[0], c[1])));
        return new Run(system, tasks, missing);
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private static void write(Path out, int index, int sample, GenEvalPrompt prompt, RgbImage image, JudgedImage judged,
                              GenEvalScorer.Verdict verdict) throws IOException {
        Path png = samplePath(out, index, sample, "png");
        Files.createDirectories(png.getParent());
        if (sample == 0) {
            Files.writeString(png.getParent().getParent().resolve("metadata.jsonl"), GenEvalSuite.toJson(prompt) + "\n", StandardCharsets.UTF_8);
        }
        ContactSheet.writeImage(image, png);
        JsonObject v = new JsonObject();
        v.addProperty("prompt_index", index);
        v.addProperty("sample", sample);
        v.addProperty("tag", prompt.task().tag());
        v.addProperty("prompt", prompt.prompt());
        v.addProperty("correct", verdict.correct());
        JsonArray reasons = new JsonArray();
        verdict.reasons().forEach(reasons::add);
        v.add("reasons", reasons);
        v.add("judged", Verdicts.judged(judged));
        Files.writeString(samplePath(out, index, sample, "json"), GSON.toJson(v), StandardCharsets.UTF_8);
    }

    private void writeReport(Report report) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("benchmark", "geneval");
        o.addProperty("system", report.main().system());
        o.addProperty("prompts", settings.prompts().size());
        o.addProperty("images_per_prompt", settings.imagesPerPrompt());
        o.addProperty("seed", settings.seed());
        o.add("scores", scores(report.main()));
        o.add("oracle", scores(report.oracle()));
        o.add("negative_control", scores(report.control()));
        o.addProperty("trusted", report.trusted());
        JsonArray problems = new JsonArray();
        report.problems().forEach(problems::add);
        o.add("problems", problems);
        Files.createDirectories(settings.out());
        Files.writeString(settings.out().resolve("report.json"), GSON.toJson(o), StandardCharsets.UTF_8);
    }

    private static JsonObject scores(Run run) {
        JsonObject s = new JsonObject();
        run.tasks().forEach((t, score) -> {
            JsonObject j = new JsonObject();
            j.addProperty("score", Math.round(score.score() * 10000) / 10000.0);
            j.addProperty("correct", score.correct());
            j.addProperty("images", score.images());
            s.add(t.tag(), j);
        });
        s.addProperty("overall", Math.round(run.overall() * 10000) / 10000.0);
        s.addProperty("missing", run.missing());
        return s;
    }
}
