package studio.mammoth.app.create;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import studio.mammoth.app.imaging.ImageModelSource;
import studio.mammoth.app.shell.Readiness;
import studio.mammoth.app.shell.Requirement;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.model.api.ModelFiles;

/**
 * Create's empty state, checked against the files {@link ModelFiles} actually loads (mammothtok.mmt and
 * mammoth-generator.mmt), so the page switches to its controls exactly when {@code MammothModel.load} can work.
 */
final class CreateReadiness {
    static final String PURPOSE = "Create turns a prompt such as “a red bag left of a blue sneaker” into pictures.";

    private CreateReadiness() {
    }

    static Readiness check(ImageModelSource source) {
        var dir = source.location();
        Requirement tokenizer = file(dir.resolve(ModelFiles.TOKENIZER), "Image tokenizer (MammothTok)", ModelFiles.TRAIN_TOKENIZER);
        Requirement generator = file(dir.resolve(ModelFiles.GENERATOR), "Image generator (AR planner + DiT)", ModelFiles.TRAIN_GENERATOR);
        List<Requirement> all = new ArrayList<>(List.of(tokenizer, generator));
        var data = FashionMnist.defaultDirectory();
        all.add(FashionMnist.isInstalled(data)
                ? new Requirement("Fashion-MNIST", Requirement.Status.MET, data.toString(), null)
                : new Requirement("Fashion-MNIST", Requirement.Status.MISSING,
                        "missing in " + data + ": training data for the tokenizer and the generator",
                        "sudo apt-get install dataset-fashion-mnist"));
        List<String> missing = new ArrayList<>();
        for (Requirement r : List.of(tokenizer, generator)) {
            if (!r.met()) {
                missing.add(r.command());
            }
        }
        String headline = missing.isEmpty()
                ? "Image model found in " + dir
                : "No image model yet — train it with " + String.join(" and ", missing);
        return new Readiness(headline, PURPOSE + " It needs the image model trained on this machine; nothing is generated until then.", all);
    }

    private static Requirement file(java.nio.file.Path file, String label, String command) {
        return Files.isRegularFile(file)
                ? new Requirement(label, Requirement.Status.MET, file.toString(), null)
                : new Requirement(label, Requirement.Status.MISSING, "not yet in " + file, command);
    }
}
