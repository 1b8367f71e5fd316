package studio.mammoth.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.judge.CuratedWorlds;
import studio.mammoth.model.judge.Judge;
import studio.mammoth.model.judge.JudgeFiles;
import studio.mammoth.model.world.GenEvalPrompt;
import studio.mammoth.model.world.GenEvalSuite;
import studio.mammoth.model.world.GenEvalTask;
import studio.mammoth.model.world.WardrobeWorld;

/** The committed judge (assets/models/judge) on small slices of each benchmark: the trust conditions hold. */
class ShippedJudgeTest {
    private static Judge judge;
    private static WardrobeWorld world;

    @BeforeAll
    static void load() throws IOException {
        judge = Judge.load();
        world = CuratedWorlds.evaluation();
    }

    @AfterAll
    static void close() {
        judge.close();
    }

    @Test
    void genevalOracleIsRightAndTheNegativeControlIsWrong() throws IOException {
        List<GenEvalPrompt> suite = GenEvalSuite.builtInSuite();
        List<Integer> slice = new ArrayList<>();
        for (int i = 0; i < suite.size(); i += 5) {
            slice.add(i);
        }
        GenEvalBench.Settings settings = new GenEvalBench.Settings(suite, slice, 1, 11, null);
        GenEvalBench.Report report = new GenEvalBench(settings, GenEvalBench.rendered(new OracleRenderer(world), suite, 11), world, judge)
                .run(TaskContext.unobserved());
        assertEquals(GenEvalTask.values().length, report.main().tasks().size());
        assertTrue(report.oracle().overall() >= GenEvalBench.TRUST_ORACLE_MIN, report.trustLine());
        assertTrue(report.control().overall() <= GenEvalBench.TRUST_CONTROL_MAX, report.trustLine());
        assertEquals(report.oracle().overall(), report.main().overall(), 1e-9, "the oracle as system under test scores as the oracle");
    }

    @Test
    void picturesWrittenByOneRunAreJudgedTheSameWhenReadBack(@TempDir Path out) throws IOException {
        List<GenEvalPrompt> suite = GenEvalSuite.builtInSuite();
        List<Integer> slice = List.of(0, 100, 200, 300, 400, 500);
        GenEvalBench.Report written = new GenEvalBench(new GenEvalBench.Settings(suite, slice, 2, 4, out),
                GenEvalBench.rendered(new OracleRenderer(world), suite, 4), world, judge).run(TaskContext.unobserved());
        assertTrue(Files.isRegularFile(out.resolve("report.json")));
        assertTrue(Files.isRegularFile(out.resolve("00100/samples/0001.json")));
        Files.delete(out.resolve("00500/samples/0001.png"));
        GenEvalBench.Report read = new GenEvalBench(new GenEvalBench.Settings(suite, slice, 2, 4, null),
                GenEvalBench.directory(out), world, judge).run(TaskContext.unobserved());
        assertEquals(1, read.main().missing());
        assertEquals(written.main().tasks().get(GenEvalTask.COUNTING), read.main().tasks().get(GenEvalTask.COUNTING));
        assertTrue(read.problems().stream().anyMatch(p -> p.contains("1 of 12 pictures missing")), read.problems().toString());
    }

    @Test
    void editOracleSucceedsAndTheIdentityEditorFails() throws IOException {
        EditBench.Report report = new EditBench(new EditBench.Settings(6, 5, null), null, world, judge).run(TaskContext.unobserved());
        assertTrue(report.trusted(), report.trustLine());
        assertEquals(EditScorer.PSNR_CAP, report.oracle().psnr(), 1e-9);
    }

    @Test
    void vqaOracleReadsThePictures() throws IOException {
        VqaBench.Report report = new VqaBench(new VqaBench.Settings(20, 3, null), null, world, judge).run(TaskContext.unobserved());
        assertTrue(report.trusted(), report.trustLine());
    }

    @Test
    void aCorruptWeightFileIsRefusedWithTheCommandThatRecreatesIt(@TempDir Path dir) throws IOException {
        Path shipped = JudgeFiles.directory();
        try (var files = Files.list(shipped)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        byte[] weights = Files.readAllBytes(dir.resolve(JudgeFiles.WEIGHTS));
        weights[weights.length / 2] ^= 1;
        Files.write(dir.resolve(JudgeFiles.WEIGHTS), weights);
        IOException e = assertThrows(IOException.class, () -> JudgeFiles.loadClassifier(dir));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains(JudgeFiles.RECREATE), e.getMessage());
        Files.delete(dir.resolve(JudgeFiles.WEIGHTS));
        e = assertThrows(IOException.class, () -> JudgeFiles.loadClassifier(dir));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
}
