package studio.mammoth.model.train;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import studio.mammoth.model.bench.GenEvalScorer;
import studio.mammoth.model.bench.PromptRenderer;
import studio.mammoth.model.judge.Judge;
import studio.mammoth.model.world.GenEvalPrompt;
import studio.mammoth.model.world.GenEvalSuite;
import studio.mammoth.model.world.GenEvalTask;

/**
 * A small fixed GenEval probe scored during training: the first {@code perTask} prompts of every task of the
 * built-in suite, one image each at a fixed seed (from the model, or from any renderer such as the tokenizer's oracles),
 * judged by the benchmark's own judge and scorer. It picks the checkpoint to keep; the benchmark proper
 * ({@code ./mammoth bench geneval}) is the number to report.
 */
public final class JudgeInTheLoop {
    public record Score(double overall, Map<GenEvalTask, Double> tasks) {
        /** From per-task tallies {correct, judged}: task scores and their mean, as GenEval's overall. */
        static Score of(Map<GenEvalTask, int[]> counts) {
            Map<GenEvalTask, Double> tasks = new EnumMap<>(GenEvalTask.class);
            counts.forEach((t, c) -> tasks.put(t, (double) c[0] / c[1]));
            return new Score(tasks.values().stream().mapToDouble(Double::doubleValue).average().orElse(0), tasks);
        }

        public String line() {
            return line("judge probe");
        }

        /** "NAME overall=0.125 single_object=0.40 …". */
        String line(String name) {
            StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "%s overall=%.3f", name, overall));
            tasks.forEach((t, v) -> b.append(String.format(java.util.Locale.ROOT, " %s=%.2f", t.name().toLowerCase(java.util.Locale.ROOT), v)));
            return b.toString();
        }
    }

    private final Judge judge;
    private final List<GenEvalPrompt> prompts = new ArrayList<>();

    /** @param perTask prompts of each task, taken from the start of the suite (more than a task has: all of them) */
    public JudgeInTheLoop(Judge judge, int perTask) {
        this.judge = judge;
        Map<GenEvalTask, Integer> taken = new EnumMap<>(GenEvalTask.class);
        for (GenEvalPrompt p : GenEvalSuite.builtInSuite()) {
            if (taken.merge(p.task(), 1, Integer::sum) <= perTask) {
                prompts.add(p);
            }
        }
    }

    /**
     * One picture a prompt at its fixed seed from the renderer: the model's full pipeline ({@link
     * studio.mammoth.model.api.ModelRenderer}) or a tokenizer oracle ({@link studio.mammoth.model.bench.TokenizedOracle}).
     */
    public Score score(PromptRenderer renderer) {
        Map<GenEvalTask, int[]> counts = new EnumMap<>(GenEvalTask.class);
        for (int i = 0; i < prompts.size(); i++) {
            GenEvalPrompt p = prompts.get(i);
            boolean correct = GenEvalScorer.score(p, judge.judge(renderer.render(p, 1000L + i))).correct();
            int[] c = counts.computeIfAbsent(p.task(), k -> new int[2]);
            c[0] += correct ? 1 : 0;
            c[1]++;
        }
        return Score.of(counts);
    }
}
