package studio.mammoth.model.world;

/** A question about a scene and its short answer ("yes", "two", "red", "left of", a canonical caption). */
public record Question(QuestionType type, String text, String answer) {
}
