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
import java.util.Optional;
import java.util.SplittableRandom;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.judge.Judge;
import studio.mammoth.model.judge.JudgedImage;
import studio.mammoth.model.world.Question;
import studio.mammoth.model.world.QuestionType;
import studio.mammoth.model.world.Questions;
import studio.mammoth.model.world.Scene;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * CLEVR-style question answering over the wardrobe world: N questions a type about test-split scenes; exact match of
 * normalised answers ({@link Questions#normalise}); overall = mean of the types. Every run also scores the judge reading
 * the true picture (the oracle) and the judge reading the picture of another question of the same type (the control:
 * what answering without looking at the right picture earns; yes/no and small counts keep it well above zero).
 */
public final class VqaBench implements Task<VqaBench.Report> {
    public static final double TRUST_ORACLE_MIN = 0.95;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public record Settings(int perType, long seed, Path out) {
        public Settings {
            if (perType < 2) {
                throw new IllegalArgumentException("--limit must be at least 2 questions a type");
            }
        }
    }

    public record TypeScore(int correct, int questions) {
        public double score() {
            return (double) correct / questions;
        }
    }

    public record Run(String system, Map<QuestionType, TypeScore> types) {
        public double overall() {
            return types.values().stream().mapToDouble(TypeScore::score).average().orElse(0);
        }
    }

    public record Report(Run main, Run oracle, Run control) {
        public boolean trusted() {
            return oracle.overall() >= TRUST_ORACLE_MIN && control.overall() < oracle.overall() - 0.3;
        }

        public String trustLine() {
            return "trust oracle=" + Verdicts.score(oracle.overall()) + " shuffled_control=" + Verdicts.score(control.overall())
                    + " (oracle >= " + TRUST_ORACLE_MIN + " and control at least 0.3 below it: "
                    + (trusted() ? "OK" : "NOT MET, do not trust these scores") + ")";
        }
    }

    private record Item(Scene scene, RgbImage image, Question question) {
    }

    private final Settings settings;
    private final Answerer answerer;
    private final WardrobeWorld world;
    private final Judge judge;

    /** @param answerer the system under test, or null for the oracle */
    public VqaBench(Settings settings, Answerer answerer, WardrobeWorld world, Judge judge) {
        this.settings = settings;
        this.answerer = answerer;
        this.world = world;
        this.judge = judge;
    }

    @Override
    public String title() {
        return "VQA benchmark (" + (answerer == null ? "oracle" : answerer.name()) + ")";
    }

    @Override
    public Report run(TaskContext context) throws IOException {
        Map<QuestionType, List<Item>> items = new EnumMap<>(QuestionType.class);
        for (QuestionType t : QuestionType.values()) {
            List<Item> list = new ArrayList<>();
            for (int i = 0; list.size() < settings.perType(); i++) {
                SplittableRandom rng = new SplittableRandom(Seeds.of(settings.seed(), t.ordinal(), i));
                Scene scene = world.sample(rng);
                Optional<Question> q = Questions.ask(t, scene, rng);
                if (q.isPresent()) {
                    list.add(new Item(scene, world.render(scene), q.get()));
                }
            }
            items.put(t, list);
        }
        context.report(0.1, "answering", "oracle");
        Run oracle = judgeRun("oracle", items, 0);
        context.report(0.4, "answering", "control");
        Run control = judgeRun("shuffled control", items, 1);
        Run main = oracle;
        if (answerer != null) {
            context.report(0.7, "answering", answerer.name());
            main = answererRun(items);
        }
        Report report = new Report(main, oracle, control);
        if (settings.out() != null) {
            writeReport(report, items);
        }
        return report;
    }

    /** The judge answering each question from the picture of the item {@code shift} places further on (0 = its own). */
    private Run judgeRun(String system, Map<QuestionType, List<Item>> items, int shift) {
        Map<QuestionType, TypeScore> scores = new EnumMap<>(QuestionType.class);
        for (Map.Entry<QuestionType, List<Item>> e : items.entrySet()) {
            List<Item> list = e.getValue();
            List<RgbImage> pictures = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                pictures.add(list.get((i + shift) % list.size()).image());
            }
            List<JudgedImage> seen = judge.judgeAll(pictures);
            int correct = 0;
            for (int i = 0; i < list.size(); i++) {
                correct += matches(JudgeAnswerer.answer(seen.get(i), list.get(i).question().text()), list.get(i).question()) ? 1 : 0;
            }
            scores.put(e.getKey(), new TypeScore(correct, list.size()));
        }
        return new Run(system, scores);
    }

    private Run answererRun(Map<QuestionType, List<Item>> items) {
        Map<QuestionType, TypeScore> scores = new EnumMap<>(QuestionType.class);
        for (Map.Entry<QuestionType, List<Item>> e : items.entrySet()) {
            int correct = 0;
            for (Item item : e.getValue()) {
                correct += matches(answerer.answer(item.image(), item.question().text()), item.question()) ? 1 : 0;
            }
            scores.put(e.getKey(), new TypeScore(correct, e.getValue().size()));
        }
        return new Run(answerer.name(), scores);
    }

    static boolean matches(String answer, Question q) {
        return Questions.normalise(answer).equals(Questions.normalise(q.answer()));
    }

    private void writeReport(Report report, Map<QuestionType, List<Item>> items) throws IOException {
        Files.createDirectories(settings.out());
        JsonObject o = new JsonObject();
        o.addProperty("benchmark", "vqa");
        o.addProperty("system", report.main().system());
        o.addProperty("questions_per_type", settings.perType());
        o.addProperty("seed", settings.seed());
        o.add("scores", scores(report.main()));
        o.add("oracle", scores(report.oracle()));
        o.add("shuffled_control", scores(report.control()));
        o.addProperty("trusted", report.trusted());
        JsonArray questions = new JsonArray();
        for (Map.Entry<QuestionType, List<Item>> e : items.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                Item item = e.getValue().get(i);
                String name = e.getKey().tag() + "_" + String.format("%04d", i) + ".png";
                ContactSheet.writeImage(item.image(), settings.out().resolve(name));
                JsonObject q = new JsonObject();
                q.addProperty("image", name);
                q.addProperty("type", e.getKey().tag());
                q.addProperty("question", item.question().text());
                q.addProperty("answer", item.question().answer());
                if (answerer != null) {
                    q.addProperty("given", answerer.answer(item.image(), item.question().text()));
                }
                questions.add(q);
            }
        }
        o.add("questions", questions);
        Files.writeString(settings.out().resolve("report.json"), GSON.toJson(o), StandardCharsets.UTF_8);
    }

    private static JsonObject scores(Run run) {
        JsonObject s = new JsonObject();
        run.types().forEach((t, score) -> s.addProperty(t.tag(), Math.round(score.score() * 10000) / 10000.0));
        s.addProperty("overall", Math.round(run.overall() * 10000) / 10000.0);
        return s;
    }
}
