package studio.mammoth.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.mammoth.app.shell.ModelAssets;
import studio.mammoth.common.data.FashionMnist;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.compile.BlobParser;
import studio.mammoth.tinyformer.compile.CompiledModel;
import studio.mammoth.tinyformer.compile.Cost;
import studio.mammoth.tinyformer.compile.CostModel;
import studio.mammoth.tinyformer.compile.BlobCompiler;
import studio.mammoth.tinyformer.compile.ParsedBlob;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.reference.AccuracyTask;
import studio.mammoth.tinyformer.reference.ReferenceInterpreter;
import studio.mammoth.tinyformer.reference.TestSplit;

/**
 * {@code mammoth tinyformer report}: the shipped model's figures in one line — int8 accuracy of the reference
 * interpreter on the full Fashion-MNIST test split, flash and SRAM from the compiler and the firmware's linked image,
 * MACs and sparsity.
 */
@Command(name = "report",
        description = "Print the shipped TinyFormer model's figures: tinyformer accuracy=... flash_kb=... sram_kb=... macs=... sparsity=...")
public final class TinyformerReportCommand implements Callable<Integer> {
    /** The shipped blob, written by {@code mammoth tinyformer finetune}. */
    static final String SHIPPED_BLOB = "tinyformer.blob";

    @Option(names = "--blob", paramLabel = "FILE", description = "Blob to report on (default: the shipped model, assets/models/tinyformer/tinyformer.blob).")
    Path blob;

    @Option(names = "--limit", defaultValue = "10000", description = "Test images to evaluate (default: all ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            System.err.println("--limit must be at least 1");
            return 2;
        }
        Path file = TinyformerCommand.givenOrShipped(blob, SHIPPED_BLOB);
        if (!Files.isRegularFile(file)) {
            System.out.println("no TinyFormer model is shipped yet (" + (blob != null ? file : ModelAssets.locate().describe("tinyformer") + "/" + SHIPPED_BLOB)
                    + " is missing). Make one with: ./mammoth tinyformer train-supernet --minutes M, "
                    + "./mammoth tinyformer search, then ./mammoth tinyformer finetune --minutes M.");
            return 1;
        }
        byte[] bytes = Files.readAllBytes(file);
        ParsedBlob parsed = BlobParser.parse(bytes);
        Shape input = parsed.model().shape(parsed.model().input());
        if (input.h() != input.w() || input.c() != 1) {
            System.err.println(file + " expects " + input + " inputs; Fashion-MNIST pictures are square and grey");
            return 2;
        }
        TestSplit test = TestSplit.load(FashionMnist.defaultDirectory(), input.h(), limit);
        StageLog log = new StageLog();
        TaskContext ctx = new TaskContext(new CancelToken(), log);
        long start = System.nanoTime();
        AccuracyTask.Result result = new AccuracyTask(new ReferenceInterpreter(parsed), test.inputs(), test.labels()).run(ctx);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.finish();
        // The cost is read off the compiler's output for this model, which must be these very bytes.
        CompiledModel compiled = BlobCompiler.compile(parsed.model());
        if (!java.util.Arrays.equals(compiled.blob(), bytes)) {
            System.err.println(file + " was not produced by this compiler version (recompiling gives different bytes); "
                    + "recompile the model with ./mammoth tinyformer finetune or compile");
            return 2;
        }
        Cost cost = CostModel.current().cost(compiled);
        System.out.printf(Locale.ROOT, "tinyformer accuracy=%.4f flash_kb=%.1f sram_kb=%.1f macs=%d sparsity=%.2f%n",
                result.accuracy(), cost.flashBytes() / 1024.0, cost.sramBytes() / 1024.0, cost.denseMacs(), cost.sparsity());
        System.out.printf(Locale.ROOT, "  %s: %d test images%s; blob %d bytes + runtime %d bytes flash; arena %d bytes + runtime %d "
                        + "bytes SRAM; dense macs %d, executed by the sparse kernels %d; sparsity = weights in skipped blocks; "
                        + "runtime figures from %s; reference interpreter %.1f s (%.0f images/s, %d threads)%n",
                file, result.total(), result.total() < 10000 ? " (NOT the full test split)" : "", cost.blobBytes(),
                cost.runtime().flashBytes(), cost.arenaBytes(), cost.runtime().staticRamBytes(), cost.denseMacs(),
                cost.effectiveMacs(), cost.runtime().source(), seconds, result.total() / seconds,
                Runtime.getRuntime().availableProcessors());
        return 0;
    }
}
