package studio.mammoth.app.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import studio.mammoth.app.events.EngineStateChanged;
import studio.mammoth.common.data.FashionMnist;

/**
 * What a workspace shows while it cannot work yet: a headline that names the missing part and the command that
 * creates it, a sentence on what the workspace will do, and the checklist behind the headline.
 */
public record Readiness(String headline, String explanation, List<Requirement> checklist) {
    public static final String IMAGE_TOKENIZER = "tokenizer";
    public static final String IMAGE_GENERATOR = "generator";
    public static final String TINYFORMER = "tinyformer";

    public Readiness {
        checklist = List.copyOf(checklist);
    }

    /** Everything needed is present. */
    public boolean ready() {
        return checklist.stream().allMatch(Requirement::met);
    }

    /**
     * The unified image model (tokenizer + generator) behind Create, Edit and Ask.
     *
     * @param workspace the workspace's title, for the sentence when the model is there
     * @param purpose   what the workspace does with the model, one sentence
     */
    public static Readiness imageModel(ModelAssets models, EngineStateChanged engine, String workspace, String purpose) {
        List<Requirement> model = List.of(
                modelFolder(models, IMAGE_TOKENIZER, "Image tokenizer (MammothTok)", "./mammoth train tokenizer"),
                modelFolder(models, IMAGE_GENERATOR, "Image generator (AR planner + DiT)", "./mammoth train generator"));
        List<Requirement> all = new ArrayList<>(model);
        all.add(engine(engine));
        all.add(fashionMnist("training data for the tokenizer and the generator"));
        boolean modelPresent = model.stream().allMatch(Requirement::met);
        String headline = modelPresent
                ? "Image model found in " + models.describeDirectory()
                : "No image model yet — train it with " + commandsOfMissing(model);
        String explanation = modelPresent
                ? purpose + " The model is in place; the " + workspace + " controls are not part of this build yet."
                : purpose + " It needs the image model trained on this machine; nothing is generated until then.";
        return new Readiness(headline, explanation, all);
    }

    /** The searched and compiled TinyFormer behind the Studio workspace. */
    public static Readiness tinyformer(ModelAssets models, String purpose) {
        Requirement model = modelFolder(models, TINYFORMER, "Searched TinyFormer (compiled blob)",
                "./mammoth tinyformer search && ./mammoth tinyformer compile");
        List<Requirement> all = List.of(model, fashionMnist("the search trains and scores candidates on it"));
        String headline = model.met()
                ? "TinyFormer model found in " + models.describe(TINYFORMER)
                : "No TinyFormer model yet — search and compile one with ./mammoth tinyformer search and ./mammoth tinyformer compile";
        String explanation = model.met()
                ? purpose + " The model is in place; the Studio controls are not part of this build yet."
                : purpose + " Nothing is shown until a model has been searched on this machine.";
        return new Readiness(headline, explanation, all);
    }

    private static Requirement modelFolder(ModelAssets models, String name, String label, String command) {
        return models.has(name)
                ? new Requirement(label, Requirement.Status.MET, models.describe(name), null)
                : new Requirement(label, Requirement.Status.MISSING, "not yet in " + models.describe(name), command);
    }

    private static Requirement engine(EngineStateChanged engine) {
        String detail = engine.state().label() + " (" + engine.detail() + ")";
        return switch (engine.state()) {
            case READY, BUSY -> new Requirement("Model engine", Requirement.Status.MET, detail, null);
            case LOADING -> new Requirement("Model engine", Requirement.Status.PENDING, detail, null);
            case FAILED -> new Requirement("Model engine", Requirement.Status.MISSING, detail, "./mammoth doctor");
        };
    }

    private static Requirement fashionMnist(String why) {
        var dir = FashionMnist.defaultDirectory();
        return FashionMnist.isInstalled(dir)
                ? new Requirement("Fashion-MNIST", Requirement.Status.MET, dir.toString(), null)
                : new Requirement("Fashion-MNIST", Requirement.Status.MISSING, "missing in " + dir + ": " + why,
                        "sudo apt-get install dataset-fashion-mnist");
    }

    private static String commandsOfMissing(List<Requirement> parts) {
        return parts.stream().filter(r -> !r.met()).map(Requirement::command).collect(Collectors.joining(" and "));
    }
}
