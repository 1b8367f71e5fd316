package studio.mammoth.app.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import studio.mammoth.tinyformer.board.BoardException;
import studio.mammoth.tinyformer.board.KernelBench;

/** {@code mammoth tinyformer kernel-bench}: dense and sparse kernel costs measured on the board at sparsities 0-95%. */
@Command(name = "kernel-bench",
        description = "Run the dense and the sparse kernel of representative layer shapes on the board at sparsities 0-95%% and print both counts.")
public final class TinyformerKernelBenchCommand implements Callable<Integer> {
    @Mixin
    BoardOptions board;

    @Option(names = "--seed", defaultValue = "20261123", description = "Seed of the random weights and inputs (default ${DEFAULT-VALUE}).")
    int seed;

    @Override
    public Integer call() throws Exception {
        try (BoardOptions.Connection c = board.open()) {
            String unit = c.client().info().timerUnit();
            System.out.printf("kernel-bench on %s (%s; same weights and input for both kernels, outputs compared)%n", c.label(), unit);
            System.out.printf("%-34s %8s %6s %14s %14s %8s %s%n", "shape", "sparsity", "block", "dense", "sparse", "speedup", "equal");
            boolean allEqual = true;
            for (KernelBench.Shape shape : KernelBench.REPRESENTATIVE) {
                for (int sparsityPercent : KernelBench.SPARSITIES_PERCENT) {
                    KernelBench.Result r = c.client().bench(shape, 1000 - 10 * sparsityPercent, seed, 600_000);
                    allEqual &= r.outputsEqual();
                    System.out.printf(Locale.ROOT, "%-34s %7.1f%% %6d %14d %14d %7.2fx %s%n", shape.name(), 100 * r.sparsity(), shape.block(),
                            r.denseUnits(), r.sparseUnits(), r.speedup(), r.outputsEqual() ? "yes" : "NO");
                }
            }
            System.out.println(allEqual ? "kernel-bench: dense and sparse outputs identical in every case"
                    : "kernel-bench: dense and sparse outputs DIFFER (a kernel bug)");
            return allEqual ? 0 : 1;
        } catch (BoardException e) {
            System.err.println("kernel-bench failed (" + e.kind() + "): " + e.getMessage());
            return 1;
        }
    }
}
