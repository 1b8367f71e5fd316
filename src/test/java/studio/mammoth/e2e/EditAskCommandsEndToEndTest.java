package studio.mammoth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import studio.mammoth.app.cli.MammothCommand;
import studio.mammoth.app.imaging.PictureFiles;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.api.ModelFiles;
import studio.mammoth.model.bench.EditScorer;
import studio.mammoth.model.judge.CuratedWorlds;
import studio.mammoth.model.judge.Judge;
import studio.mammoth.model.world.EditCategory;
import studio.mammoth.model.world.EditPair;
import studio.mammoth.model.world.EditPairs;
import studio.mammoth.model.world.Question;
import studio.mammoth.model.world.QuestionType;
import studio.mammoth.model.world.Questions;
import studio.mammoth.model.world.Scene;
import studio.mammoth.model.world.WardrobeWorld;

/**
 * {@code ./mammoth edit} and {@code ./mammoth ask} on pictures of the evaluation world with the shipped unified weights,
 * checked by the judge: the edit is compliant with its instruction and leaves everything outside the mask alone; the
 * answer is the world's ground truth. Without unified weights in assets/models these tests are skipped with the
 * command that trains them (they never run against anything but the shipped model).
 */
class EditAskCommandsEndToEndTest {
    private static boolean canEdit;
    private static boolean canAnswer;
    private static String missing;

    @TempDir
    Path dir;

    @BeforeAll
    static void shippedModel() throws Exception {
        Path models = ModelFiles.directory();
        if (!ModelFiles.present(models)) {
            missing = "no image model in " + models + " (" + ModelFiles.TRAIN_TOKENIZER + ", " + MammothModel.TRAIN_UNIFIED + ")";
            return;
        }
        try (MammothModel model = MammothModel.load(models)) {
            canEdit = model.canEdit();
            canAnswer = model.canAnswer();
            missing = "the shipped model " + model.id() + " is text-to-image only (" + MammothModel.TRAIN_UNIFIED + ")";
        }
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = MammothCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aMaskedColourEditOfAWorldPictureIsJudgedCompliantAndKeepsEverythingOutsideTheMask() throws Exception {
        assumeTrue(canEdit, () -> "skipped: " + missing);
        WardrobeWorld world = CuratedWorlds.evaluation();
        EditPair pair = new EditPairs(world).make(EditCategory.ADJUST, 20261123L);
        RgbImage source = world.render(pair.source());
        Path in = dir.resolve("in.png");
        Path mask = dir.resolve("mask.png");
        Path out = dir.resolve("out.png");
        PictureFiles.writePng(source, Map.of(), in);
        RgbImage white = new RgbImage(64, 64);
        for (int i = 0; i < 64 * 64; i++) {
            white.pixels()[i] = pair.region().contains(i) ? 0xFFFFFF : 0x000000;
        }
        PictureFiles.writePng(white, Map.of(), mask);

        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = run(stdout, stderr, "edit", in.toString(), pair.instruction(), "--mask", mask.toString(), "--seed", "1", "-o", out.toString());
        assertEquals(0, code, stderr.toString());
        assertEquals(out.toString(), stdout.toString().trim());
        RgbImage edited = PictureFiles.readPicture(out).image();
        try (Judge judge = Judge.load()) {
            EditScorer.Verdict verdict = EditScorer.score(pair, source, edited, judge.judge(edited));
            assertTrue(verdict.compliant(), "“" + pair.instruction() + "”: " + verdict.reasons());
            assertTrue(verdict.psnr() >= EditScorer.SUCCESS_PSNR, "outside the mask: " + verdict.psnr() + " dB");
        }
    }

    @Test
    void aCountQuestionAboutAWorldPictureIsAnsweredCorrectly() throws Exception {
        assumeTrue(canAnswer, () -> "skipped: " + missing);
        WardrobeWorld world = CuratedWorlds.evaluation();
        Scene scene = null;
        Question question = null;
        for (long seed = 20261123L; question == null; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            scene = world.sample(rng);
            Optional<Question> q = Questions.ask(QuestionType.COUNT, scene, rng);
            question = q.orElse(null);
        }
        Path in = dir.resolve("scene.png");
        PictureFiles.writePng(world.render(scene), Map.of(), in);

        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        assertEquals(0, run(stdout, stderr, "ask", in.toString(), question.text()), stderr.toString());
        assertEquals(Questions.normalise(question.answer()), Questions.normalise(stdout.toString().trim()),
                "“" + question.text() + "”");
    }
}
