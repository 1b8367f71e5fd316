package studio.mammoth.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.board.BoardClient;
import studio.mammoth.tinyformer.board.BoardEvalTask;
import studio.mammoth.tinyformer.board.BoardException;
import studio.mammoth.tinyformer.compile.BlobParser;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.reference.TestSplit;

/**
 * {@code mammoth tinyformer board-eval}: stream Fashion-MNIST test images to a board, compare its logits with the
 * Java reference interpreter, and measure instructions per inference on the sparse model and its dense variant.
 */
@Command(name = "board-eval",
        description = "Evaluate the model on a board: accuracy, bit-exact agreement with the reference, instructions per inference, "
                + "sparse speed-up (dense variant measured in the same run), confusion matrix and per-layer profile.")
public final class TinyformerBoardEvalCommand implements Callable<Integer> {
    @Mixin
    BoardOptions board;

    @Option(names = "--blob", paramLabel = "FILE", description = "Model blob (default: the shipped model).")
    Path blob;

    @Option(names = "--limit", defaultValue = "1000", description = "Test images to stream (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--dense-images", defaultValue = "10", description = "Images also run on the dense variant for the speed-up (default ${DEFAULT-VALUE}).")
    int denseImages;

    @Override
    public Integer call() throws Exception {
        if (limit < 1 || limit > 10_000 || denseImages < 0) {
            System.err.println("--limit must be in [1, 10000] and --dense-images >= 0");
            return 2;
        }
        Path file = TinyformerDeployCommand.blobOrShipped(blob);
        if (file == null) {
            return 1;
        }
        byte[] bytes = Files.readAllBytes(file);
        Shape input = BlobParser.parse(bytes).model().shape(BlobParser.parse(bytes).model().input());
        TestSplit test = TestSplit.load(FashionMnist.defaultDirectory(), input.h(), limit);
        CancelToken cancel = new CancelToken();
        Thread hook = new Thread(cancel::cancel);
        Runtime.getRuntime().addShutdownHook(hook);
        try (BoardOptions.Connection c = board.open()) {
            StageLog log = new StageLog();
            TaskContext ctx = new TaskContext(cancel, log);
            BoardEvalTask.Result r = new BoardEvalTask(c.client(), bytes, file.getFileName().toString(), test.inputs(), test.labels(),
                    Math.min(denseImages, test.size())).run(ctx);
            log.finish();
            print(r, c.label(), file, bytes.length);
            return r.bitExact() ? 0 : 1;
        } catch (BoardException e) {
            System.err.println();
            System.err.println("board-eval failed (" + e.kind() + "): " + e.getMessage());
            return 1;
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    private static void print(BoardEvalTask.Result r, String label, Path file, long blobBytes) {
        System.out.printf("model %s on %s, %d Fashion-MNIST test images%n", file.getFileName(), label, r.total());
        TinyformerDeployCommand.printMemory(r.deploy().board(), blobBytes);
        System.out.println("confusion matrix (rows: true class, columns: board prediction):");
        for (int t = 0; t < r.confusion().length; t++) {
            StringBuilder row = new StringBuilder(String.format("  %-12s", FashionMnist.CLASS_NAMES.get(t)));
            for (int p = 0; p < r.confusion()[t].length; p++) {
                row.append(String.format("%5d", r.confusion()[t][p]));
            }
            System.out.println(row);
        }
        System.out.println("per-layer profile of the last inference (" + r.unit() + ")"
                + (r.hasDenseProfile() ? "; dense: the last dense-variant inference, and its cost over the sparse one:" : ":"));
        long total = r.profile().stream().mapToLong(BoardClient.LayerCost::units).sum();
        for (int i = 0; i < r.profile().size(); i++) {
            BoardClient.LayerCost l = r.profile().get(i);
            String dense = r.hasDenseProfile()
                    ? String.format(Locale.ROOT, "   dense %12d %6.2fx", r.denseProfile().get(i).units(), r.layerSpeedup(i))
                    : "";
            System.out.printf(Locale.ROOT, "  %3d %-16s %-6s %12d %5.1f%%%s%n", l.index(), l.opName(), l.sparse() ? "sparse" : "dense", l.units(),
                    100.0 * l.units() / Math.max(1, total), dense);
        }
        System.out.printf(Locale.ROOT, "reference accuracy=%.4f (Java interpreter on the same images)%n", r.referenceAccuracy());
        if (r.denseMeanUnits() > 0) {
            System.out.printf(Locale.ROOT, "dense variant: %d of %d images bit-exact with the reference, %.0f instructions per inference%n",
                    r.denseAgree(), r.denseImages(), r.denseMeanUnits());
        }
        String speedup = Double.isNaN(r.sparseSpeedup()) ? "n/a" : String.format(Locale.ROOT, "%.2fx", r.sparseSpeedup());
        System.out.printf(Locale.ROOT, "board accuracy=%.4f agree=%.3f insn_per_inference=%.0f sparse_speedup=%s%n",
                r.accuracy(), r.agreement(), r.meanUnits(), speedup);
    }
}
