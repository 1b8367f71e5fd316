package studio.mammoth.app.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import studio.mammoth.app.events.EngineStateChanged;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.model.api.ModelFiles;

/**
 * What a workspace shows while it cannot work yet: a headline that names the missing part and the command that
 * creates it, a sentence on what the workspace will do, and the checklist behind the headline.
 */
public record Readiness(String headline, String explanation, List<Requirement> checklist) {
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
                modelFile(models, ModelFiles.TOKENIZER, "Image tokenizer (MammothTok)", ModelFiles.TRAIN_TOKENIZER),
                modelFile(models, ModelFiles.GENERATOR, "Image generator (AR planner + DiT)", ModelFiles.TRAIN_GENERATOR));
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

    /** One weights file the model runtime loads ({@link ModelFiles}), so the check agrees with what loading needs. */
    private static Requirement modelFile(ModelAssets models, String name, String label, String command) {
        return models.hasFile(name)
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
