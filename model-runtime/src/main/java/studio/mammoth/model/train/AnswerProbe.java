package studio.mammoth.model.train;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.world.Question;
import studio.mammoth.model.world.QuestionType;
import studio.mammoth.model.world.Questions;
import studio.mammoth.model.world.Scene;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * A quick understanding probe during joint training: a few questions of every type about scenes drawn with seeds the
 * training data never uses, answered by the model and compared with the scene graph's answer (exact match after
 * {@link Questions#normalise}). No judge is needed. The benchmark proper is {@code ./mammoth bench vqa}.
 */
public final class AnswerProbe {
    public record Score(double overall, Map<QuestionType, Double> types) {
        public String line() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "vqa probe overall=%.3f", overall));
            types.forEach((t, v) -> b.append(String.format(Locale.ROOT, " %s=%.2f", t.tag(), v)));
            return b.toString();
        }
    }

    private final WardrobeWorld world;
    private final int perType;

    public AnswerProbe(WardrobeWorld world, int perType) {
        this.world = world;
        this.perType = perType;
    }

    public Score score(MammothModel model) throws Exception {
        Map<QuestionType, Double> types = new EnumMap<>(QuestionType.class);
        for (QuestionType type : QuestionType.values()) {
            int correct = 0;
            int asked = 0;
            for (int i = 0; asked < perType; i++) {
                SplittableRandom rng = new SplittableRandom(-1_000_003L * (type.ordinal() + 1) - i); // negative: never a training seed
                Scene scene = world.sample(rng);
                Optional<Question> q = Questions.ask(type, scene, rng);
                if (q.isEmpty()) {
                    continue;
                }
                String answer = model.ask(world.render(scene), q.get().text()).run(TaskContext.unobserved());
                correct += Questions.normalise(answer).equals(Questions.normalise(q.get().answer())) ? 1 : 0;
                asked++;
            }
            types.put(type, (double) correct / asked);
        }
        return new Score(types.values().stream().mapToDouble(Double::doubleValue).average().orElse(0), types);
    }
}
