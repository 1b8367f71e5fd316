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
import studio.mammoth.model.world.EditCategory;
import studio.mammoth.model.world.EditPair;
import studio.mammoth.model.world.EditPairs;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * The ImgEdit-style benchmark over the wardrobe world: N edits a category from the test split, judged by
 * {@link EditScorer}; a category's score is its success rate, overall = unweighted mean of the categories (as ImgEdit),
 * preservation = mean PSNR outside the edit regions. The oracle and the identity editor (negative control) are scored on
 * the same edits in every run.
 */
public final class EditBench implements Task<EditBench.Report> {
    public static final double TRUST_ORACLE_MIN = 0.95;
    public static final double TRUST_CONTROL_MAX = 0.15;
    private static final int MAX_FAILURES_SHOWN = 48;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** @param perCategory edits in each category; @param out folder for pictures, verdicts and report.json, or null */
    public record Settings(int perCategory, long seed, Path out) {
        public Settings {
            if (perCategory < 1) {
                throw new IllegalArgumentException("--limit must be at least 1 edit a category");
            }
        }
    }

    public record CategoryScore(int successes, int compliant, int edits, double psnrSum) {
        public double score() {
            return (double) successes / edits;
        }

        public double compliance() {
            return (double) compliant / edits;
        }

        public double psnr() {
            return psnrSum / edits;
        }
    }

    public record Run(String system, Map<EditCategory, CategoryScore> categories) {
        public double overall() {
            return categories.values().stream().mapToDouble(CategoryScore::score).average().orElse(0);
        }

        public double psnr() {
            return categories.values().stream().mapToDouble(CategoryScore::psnrSum).sum()
                    / Math.max(1, categories.values().stream().mapToInt(CategoryScore::edits).sum());
        }
    }

    public record Report(Run main, Run oracle, Run control) {
        public boolean trusted() {
            return oracle.overall() >= TRUST_ORACLE_MIN && control.overall() <= TRUST_CONTROL_MAX;
        }

        public String trustLine() {
            return "trust oracle=" + Verdicts.score(oracle.overall()) + " negative_control=" + Verdicts.score(control.overall())
                    + " (identity editor; oracle >= " + TRUST_ORACLE_MIN + " and control <= " + TRUST_CONTROL_MAX + ": "
                    + (trusted() ? "OK" : "NOT MET, do not trust these scores") + ")";
        }
    }

    private final Settings settings;
    private final Editor editor;
    private final TokenizerRoundTrip oracleThrough; // with editor null: the oracle through the tokenizer
    private final WardrobeWorld world;
    private final Judge judge;

    /** @param editor the system under test, or null to test the oracle */
    public EditBench(Settings settings, Editor editor, WardrobeWorld world, Judge judge) {
        this(settings, editor, null, world, judge);
    }

    private EditBench(Settings settings, Editor editor, TokenizerRoundTrip oracleThrough, WardrobeWorld world, Judge judge) {
        this.settings = settings;
        this.editor = editor;
        this.oracleThrough = oracleThrough;
        this.world = world;
        this.judge = judge;
    }

    /** Tests the oracle seen through the tokenizer ({@link TokenizedEditor}): the ceiling the tokenizer sets on editing. */
    public static EditBench oracleThrough(Settings settings, TokenizerRoundTrip roundTrip, WardrobeWorld world, Judge judge) {
        return new EditBench(settings, null, roundTrip, world, judge);
    }

    /** What is scored: the editor's name, or the oracle's. */
    public String subject() {
        return editor != null ? editor.name() : oracleThrough != null ? "oracle through " + oracleThrough.name() : "oracle";
    }

    @Override
    public String title() {
        return "Edit benchmark (" + subject() + ")";
    }

    @Override
    public Report run(TaskContext context) throws IOException {
        EditPairs maker = new EditPairs(world);
        Map<EditCategory, List<EditPair>> pairs = new EnumMap<>(EditCategory.class);
        Map<EditCategory, List<EditRequest>> requests = new EnumMap<>(EditCategory.class);
        OracleEditor oracleEditor = new OracleEditor(world);
        for (EditCategory c : EditCategory.values()) {
            List<EditPair> ps = new ArrayList<>();
            List<EditRequest> rs = new ArrayList<>();
            for (int i = 0; i < settings.perCategory(); i++) {
                long seed = Seeds.of(settings.seed(), c.ordinal(), i);
                EditPair pair = maker.make(c, seed);
                EditRequest request = new EditRequest(world.render(pair.source()), pair.instruction(), pair.region(), seed);
                oracleEditor.know(request, pair);
                ps.add(pair);
                rs.add(request);
            }
            pairs.put(c, ps);
            requests.put(c, rs);
        }
        Run oracle = evaluate(oracleEditor, pairs, requests, null, context);
        Run control = evaluate(new IdentityEditor(), pairs, requests, null, context);
        Editor tested = editor != null ? editor : oracleThrough != null ? new TokenizedEditor(oracleEditor, oracleThrough) : null;
        Run main = tested == null ? oracle : evaluate(tested, pairs, requests, null, context);
        if (settings.out() != null) {
            evaluate(tested == null ? oracleEditor : tested, pairs, requests, settings.out(), context);
        }
        Report report = new Report(main, oracle, control);
        if (settings.out() != null) {
            writeReport(report);
        }
        return report;
    }

    private Run evaluate(Editor system, Map<EditCategory, List<EditPair>> pairs, Map<EditCategory, List<EditRequest>> requests,
                         Path out, TaskContext context) throws IOException {
        Map<EditCategory, CategoryScore> scores = new EnumMap<>(EditCategory.class);
        List<RgbImage> failures = new ArrayList<>();
        List<String> failureCaptions = new ArrayList<>();
        for (EditCategory c : EditCategory.values()) {
            context.throwIfCancelled();
            context.report((double) c.ordinal() / EditCategory.values().length, "editing", system.name() + " " + c.tag());
            List<RgbImage> edited = new ArrayList<>();
            for (EditRequest r : requests.get(c)) {
                edited.add(system.edit(r));
            }
            List<JudgedImage> judged = judge.judgeAll(edited);
            int successes = 0, compliant = 0;
            double psnr = 0;
            for (int i = 0; i < edited.size(); i++) {
                EditPair pair = pairs.get(c).get(i);
                EditRequest request = requests.get(c).get(i);
                EditScorer.Verdict v = EditScorer.score(pair, request.source(), edited.get(i), judged.get(i));
                successes += v.success() ? 1 : 0;
                compliant += v.compliant() ? 1 : 0;
                psnr += v.psnr();
                if (out != null) {
                    write(out, c, i, pair, request.source(), edited.get(i), judged.get(i), v);
                    if (!v.success() && failures.size() < MAX_FAILURES_SHOWN) {
                        failures.add(request.source());
                        failureCaptions.add("before: " + pair.instruction());
                        failures.add(edited.get(i));
                        failureCaptions.add("after: " + String.join("; ", v.reasons()) + String.format(" psnr %.1f", v.psnr()));
                    }
                }
            }
            scores.put(c, new CategoryScore(successes, compliant, edited.size(), psnr));
        }
        if (out != null && !failures.isEmpty()) {
            ContactSheet.write(failures, failureCaptions, 6, out.resolve("failures.png"));
        }
        return new Run(system.name(), scores);
    }

    private static void write(Path out, EditCategory c, int i, EditPair pair, RgbImage source, RgbImage edited, JudgedImage judged,
                              EditScorer.Verdict v) throws IOException {
        Path dir = out.resolve(c.tag());
        Files.createDirectories(dir);
        String stem = String.format("%04d", i);
        ContactSheet.writeImage(source, dir.resolve(stem + "_source.png"));
        ContactSheet.writeImage(edited, dir.resolve(stem + "_edited.png"));
        JsonObject o = new JsonObject();
        o.addProperty("category", c.tag());
        o.addProperty("instruction", pair.instruction());
        o.addProperty("success", v.success());
        o.addProperty("compliant", v.compliant());
        o.addProperty("preservation_psnr", Math.round(v.psnr() * 100) / 100.0);
        JsonArray reasons = new JsonArray();
        v.reasons().forEach(reasons::add);
        o.add("reasons", reasons);
        o.add("judged", Verdicts.judged(judged));
        Files.writeString(dir.resolve(stem + ".json"), GSON.toJson(o), StandardCharsets.UTF_8);
    }

    private void writeReport(Report report) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("benchmark", "imgedit");
        o.addProperty("system", report.main().system());
        o.addProperty("edits_per_category", settings.perCategory());
        o.addProperty("seed", settings.seed());
        o.add("scores", scores(report.main()));
        o.add("oracle", scores(report.oracle()));
        o.add("negative_control", scores(report.control()));
        o.addProperty("trusted", report.trusted());
        Files.writeString(settings.out().resolve("report.json"), GSON.toJson(o), StandardCharsets.UTF_8);
    }

    private static JsonObject scores(Run run) {
        JsonObject s = new JsonObject();
        run.categories().forEach((c, score) -> {
            JsonObject j = new JsonObject();
            j.addProperty("success", Math.round(score.score() * 10000) / 10000.0);
            j.addProperty("compliance", Math.round(score.compliance() * 10000) / 10000.0);
            j.addProperty("preservation_psnr", Math.round(score.psnr() * 100) / 100.0);
            j.addProperty("edits", score.edits());
            s.add(c.tag(), j);
        });
        s.addProperty("overall", Math.round(run.overall() * 10000) / 10000.0);
        s.addProperty("preservation_psnr", Math.round(run.psnr() * 100) / 100.0);
        return s;
    }
}
