package studio.mammoth.model.train;

/**
 * How a joint-training batch is split between the task families: shares of text-to-image, edit and question examples.
 * Each step trains all present families at once (one backward over the summed losses).
 */
public record TaskMix(double generate, double edit, double answer) {
    public TaskMix {
        if (!(generate >= 0 && edit >= 0 && answer >= 0) || generate + edit + answer <= 0) {
            throw new IllegalArgumentException("the task mix needs non-negative shares with a positive sum, got " + generate + "," + edit + "," + answer);
        }
    }

    public static TaskMix textToImage() {
        return new TaskMix(1, 0, 0);
    }

    /**
     * The default of joint training from text-to-image weights: generation keeps the largest share, because an edit plans
     * and renders its picture with the same AR and DiT. (The text-to-image weights the product draws with are a separate
     * file that joint training never changes; see {@code ModelFiles.TASKS}.)
     */
    public static TaskMix joint() {
        return new TaskMix(0.4, 0.35, 0.25);
    }

    /** "0.4,0.35,0.25" (generate, edit, answer). */
    public static TaskMix parse(String text) {
        String[] parts = text.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--mix takes three shares, generate,edit,answer (e.g. 0.4,0.35,0.25), got " + text);
        }
        try {
            return new TaskMix(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()), Double.parseDouble(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--mix takes three numbers, generate,edit,answer, got " + text);
        }
    }

    /** Examples of each family in a batch of the given size: [generate, edit, answer], every present share at least one. */
    public int[] split(int batch) {
        double sum = generate + edit + answer;
        int e = edit > 0 ? Math.max(1, (int) Math.round(batch * edit / sum)) : 0;
        int a = answer > 0 ? Math.max(1, (int) Math.round(batch * answer / sum)) : 0;
        int g = generate > 0 ? Math.max(1, batch - e - a) : 0;
        return new int[] {g, e, a};
    }

    @Override
    public String toString() {
        return generate + "," + edit + "," + answer;
    }
}
